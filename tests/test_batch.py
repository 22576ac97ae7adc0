"""Batch processing: chunks in order, per-document errors, the pool, resumable output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coop_extract.batch import (
    AtomicOutput,
    Batch,
    Format,
    Job,
    Outcome,
    OutputBusy,
    PipelineError,
    ResumableOutput,
    chunked,
    process_chunk,
)

TEXT = (
    "Kyrgyz National University and the University of Tartu signed a cooperation agreement\n\n"
    "Bishkek, 12 March 2024. The Kyrgyz National University (KNU) and the University of Tartu "
    "signed an agreement on joint research and student exchange. Ref. {n}\n"
)


@pytest.fixture(scope="module")
def shared_extractor():
    """One pipeline for the module; forked workers inherit it (get_extractor is cached)."""
    from coop_extract.pipeline import get_extractor

    return get_extractor()


@pytest.fixture
def folder(tmp_path):
    for n in range(7):
        (tmp_path / f"doc{n}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def jobs_for(folder: Path) -> list[Job]:
    return [Job(str(p), str(p), False) for p in sorted(folder.glob("*.txt"))]


def run_batch(jobs, **kwargs) -> list[Outcome]:
    with Batch(jobs, **kwargs) as b:
        return [o for chunk in b for o in chunk]


def test_chunked_counts_jobs_and_keeps_outcomes_in_place():
    items = [Job("a", "a"), Outcome("x", error="missing"), Job("b", "b"), Job("c", "c")]
    assert [[i.source for i in c] for c in chunked(iter(items), 2)] == [["a", "x", "b"], ["c"]]


def test_process_chunk_gives_one_outcome_per_input_in_order(folder, shared_extractor):
    jobs = jobs_for(folder)
    outcomes = process_chunk(jobs, None, Format())
    assert [o.source for o in outcomes] == [j.source for j in jobs]
    by_name = {Path(o.source).name: o for o in outcomes}
    assert "PNG" in by_name["binary.txt"].error
    empty = json.loads(by_name["empty.txt"].output)
    assert empty["organisations"] == [] and empty["evidence"] == []
    for n in range(7):
        record = json.loads(by_name[f"doc{n}.txt"].output)
        assert record["source"].endswith(f"doc{n}.txt")


def test_the_worker_keeps_the_collector_off_the_pipeline(folder, shared_extractor):
    import gc

    from coop_extract.batch import GC_THRESHOLD

    process_chunk([j for j in jobs_for(folder) if j.source.endswith("doc0.txt")], None, Format())
    assert gc.get_freeze_count() > 10_000  # the pipeline's tables are out of the collector's way
    assert gc.get_threshold()[0] == GC_THRESHOLD
    assert gc.isenabled()  # cycles are still collected


def test_records_let_their_docs_go(shared_extractor, monkeypatch):
    import gc
    import weakref

    from coop_extract import pipeline

    seen = []
    real = pipeline.build_record

    def keeping(doc, *args, **kwargs):
        seen.append(weakref.ref(doc))
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_record", keeping)
    gc.disable()  # only reference counting frees the docs here
    try:
        records = list(shared_extractor.extract_many([TEXT.format(n=n) for n in range(3)]))
        alive = [ref() is not None for ref in seen]
    finally:
        gc.enable()
    assert len(records) == 3 and records[0].organisations
    assert alive == [False, False, False], "a doc lives on in a reference cycle"


def test_a_failing_document_loses_only_itself(folder, shared_extractor, monkeypatch):
    real = shared_extractor.extract_many.__func__
    real_one = shared_extractor.extract.__func__

    def boom_many(self, items, batch_size=64):
        for record in real(self, items, batch_size):
            if record.source.endswith("doc3.txt"):
                raise RuntimeError("component bug")
            yield record

    def boom_one(self, text, source="-", encoding=None):
        if source.endswith("doc3.txt"):
            raise RuntimeError("component bug")
        return real_one(self, text, source, encoding)

    monkeypatch.setattr(type(shared_extractor), "extract_many", boom_many)
    monkeypatch.setattr(type(shared_extractor), "extract", boom_one)
    jobs = jobs_for(folder)
    outcomes = process_chunk(jobs, None, Format())
    assert len(outcomes) == len(jobs)
    failed = [o for o in outcomes if o.error]
    assert sorted(Path(o.source).name for o in failed) == ["binary.txt", "doc3.txt"]
    assert "processing failed: RuntimeError: component bug" in failed[1].error
    assert sum(o.output is not None for o in outcomes) == len(jobs) - 2


def test_pool_output_equals_in_process_output(folder, shared_extractor):
    jobs = jobs_for(folder)
    serial = run_batch(jobs, workers=1)
    with Batch(jobs, workers=2) as pooled_batch:
        assert pooled_batch.workers == 2
        pooled = [o for chunk in pooled_batch for o in chunk]
    assert pooled == serial
    assert len(serial) == len(jobs)


def test_small_runs_are_split_over_the_workers(folder, shared_extractor):
    jobs = jobs_for(folder)  # 9 jobs, 2 workers: chunks of 5 and 4
    with Batch(jobs, workers=2, chunk_size=48) as b:
        sizes = [len(chunk) for chunk in b]
    assert sizes == [5, 4]


def test_one_job_runs_in_process(tmp_path, shared_extractor):
    (tmp_path / "a.txt").write_text(TEXT.format(n=1))
    with Batch(jobs_for(tmp_path), workers=4) as b:
        assert b.workers == 1 and b._pool is None


def test_json_format_is_serialised_by_the_worker(folder, shared_extractor):
    (job,) = [j for j in jobs_for(folder) if j.source.endswith("doc1.txt")]
    (nested,) = process_chunk([job], None, Format("json", 2, nested=True))
    (single,) = process_chunk([job], None, Format("json", 2))
    assert nested.output.startswith('  {\n    "schema_version"')
    assert single.output.startswith('{\n  "schema_version"') and single.output.endswith("}\n")
    assert json.loads(nested.output) == json.loads(single.output)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pipeline_that_cannot_be_built_stops_the_run(folder, monkeypatch, workers):
    import coop_extract.pipeline

    def broken(model=None):
        raise FileNotFoundError("patterns/missing.jsonl")

    monkeypatch.setattr(coop_extract.pipeline, "get_extractor", broken)  # forked workers too
    with pytest.raises(PipelineError, match="cannot build the pipeline: FileNotFoundError"):
        run_batch(jobs_for(folder), workers=workers)


def test_decoding_warnings_reach_the_record(tmp_path, shared_extractor):
    path = tmp_path / "bad.txt"
    path.write_bytes(("Встреча в Алматы. " * 4).encode() + b"\xff")
    (outcome,) = process_chunk(jobs_for(tmp_path), None, Format())
    record = json.loads(outcome.output)
    assert any("invalid UTF-8" in w for w in record["warnings"])


def test_stdin_job_carries_its_bytes(shared_extractor):
    job = Job("-", None, True, "Привет, мир! Встреча в Москве.".encode("koi8_r"))
    (outcome,) = process_chunk([job], None, Format())
    assert json.loads(outcome.output)["encoding"] == "koi8_r"


# ---------------------------------------------------------------------------
# outputs


def line(source: str) -> str:
    return json.dumps({"source": source}) + "\n"


def test_resumable_output_appears_only_when_committed(tmp_path):
    path = tmp_path / "out.jsonl"
    out = ResumableOutput(path)
    out.write(line("a"), "a")
    out.checkpoint()
    assert not path.exists() and out.partial.read_text() == line("a")
    out.write(line("b"), "b")
    out.commit(None)
    assert path.read_text() == line("a") + line("b") and not out.partial.exists()


def test_resume_keeps_whole_lines_and_drops_a_cut_one(tmp_path):
    path = tmp_path / "out.jsonl"
    partial = path.with_name("out.jsonl.partial")
    partial.write_text(line("a") + line("b") + '{"source": "c", "tit')
    out = ResumableOutput(path, resume=True)
    assert out.done == {"a": 1, "b": 1} and out.resumed_from == partial
    out.write(line("c"), "c")
    out.commit(["a", "b", "c"])
    assert path.read_text() == line("a") + line("b") + line("c")


def test_resume_puts_records_back_in_input_order(tmp_path):
    path = tmp_path / "out.jsonl"
    path.with_name("out.jsonl.partial").write_text(line("a") + line("c"))
    out = ResumableOutput(path, resume=True)
    out.write(line("b"), "b")  # failed in the first run, done now
    out.write(line("d"), "d")
    out.commit(["a", "b", "c", "d"])
    assert path.read_text() == "".join(line(s) for s in "abcd")
    assert not out.partial.exists()


def test_resume_from_a_finished_output_only_adds_new_inputs(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(line("a") + line("b"))
    out = ResumableOutput(path, resume=True)
    assert out.done == {"a": 1, "b": 1} and out.resumed_from == path
    out.write(line("c"), "c")
    out.commit(["a", "b", "c"])
    assert path.read_text() == line("a") + line("b") + line("c")


def test_a_fresh_run_discards_an_old_partial_file(tmp_path):
    path = tmp_path / "out.jsonl"
    path.with_name("out.jsonl.partial").write_text(line("old"))
    out = ResumableOutput(path)
    assert out.stale and out.done == {}
    out.commit(None)
    assert path.read_text() == ""


def test_two_runs_cannot_write_the_same_output(tmp_path):
    path = tmp_path / "out.jsonl"
    first = ResumableOutput(path)
    with pytest.raises(OutputBusy):
        ResumableOutput(path)
    first.abort()
    ResumableOutput(path).abort()  # free again once the first run is gone


def test_atomic_output_leaves_the_old_file_alone_on_failure(tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old")
    out = AtomicOutput(path)
    out.write("[\n  {}")
    out.abort()
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_checkpoints_hand_records_over_at_once_and_sync_at_most_every_second(
    tmp_path, monkeypatch
):
    import os

    from coop_extract import batch

    synced = []
    monkeypatch.setattr(batch.os, "fsync", lambda fd: synced.append(fd))
    out = ResumableOutput(tmp_path / "out.jsonl")
    for n in range(5):
        out.write(f'{{"n": {n}}}\n', f"doc{n}")
        out.checkpoint()
        # another process (a resumed run) sees every record handed over so far
        assert (tmp_path / "out.jsonl.partial").read_text().count("\n") == n + 1
    assert len(synced) <= 1  # five checkpoints well within a second
    out.commit()
    assert len(synced) >= 1 and (tmp_path / "out.jsonl").read_text().count("\n") == 5
    assert not os.path.exists(tmp_path / "out.jsonl.partial")
