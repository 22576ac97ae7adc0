"""The pipeline as a whole: batches through nlp.pipe give the same records as one text at a time."""

from __future__ import annotations

from pathlib import Path

from coop_extract.models import record_to_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_batched_records_equal_one_at_a_time(extractor):
    items = [(p.read_text(encoding="utf-8"), p.name) for p in sorted(SAMPLES.glob("*.txt"))]
    items = items * 3  # batches of 4 cut the samples at different places
    batched = [record_to_json(r) for r in extractor.extract_many(items, batch_size=4)]
    single = [record_to_json(extractor.extract(text, source=name)) for text, name in items]
    assert batched == single
    assert len(set(batched)) == len(items) // 3


def test_every_component_takes_batches(nlp):
    for name, component in nlp.pipeline:
        assert hasattr(component, "pipe"), name
