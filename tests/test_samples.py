"""Golden tests over samples/: the seed press releases.

* NAME.expected.json is the reviewed record of NAME.txt (regenerate with `make samples`
  after a deliberate change, and review the diff): compared field by field.
* NAME.gold.json is a careful human reader's record (the project's evaluation format):
  the pipeline must find every gold organisation and person, and no one else.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEMS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " and ")
    text = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()
    return re.sub(r"^the ", "", text)


@pytest.fixture(scope="module")
def records(extractor):
    from coop_extract.models import record_to_dict

    out = {}
    for stem in STEMS:
        text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
        out[stem] = (text, record_to_dict(extractor.extract(text, source=f"samples/{stem}.txt")))
    return out


def test_there_are_samples():
    assert len(STEMS) >= 5


@pytest.mark.parametrize("stem", STEMS)
def test_record_matches_expected_field_by_field(records, stem):
    expected = json.loads((SAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    _, got = records[stem]
    assert sorted(got) == sorted(expected)
    for field in expected:
        assert got[field] == expected[field], field


@pytest.mark.parametrize("stem", STEMS)
def test_evidence_is_exact(records, stem):
    text, record = records[stem]
    assert record["evidence"]
    for ev in record["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["text"], ev["field"]


@pytest.mark.parametrize("stem", STEMS)
def test_organisations_and_people_agree_with_the_human_reader(records, stem):
    gold = json.loads((SAMPLES / f"{stem}.gold.json").read_text(encoding="utf-8"))
    _, record = records[stem]
    for field, keys in (
        ("organisations", lambda o: {norm(o["name"]), norm(o["acronym"])} - {""}),
        ("people", lambda p: {norm(p["name"])}),
    ):
        wanted = [{norm(a) for a in entity} for entity in gold[field]]
        optional = [{norm(a) for a in entity} for entity in gold.get(f"{field}_optional", [])]
        found = [False] * len(wanted)
        for item in record[field]:
            k = keys(item)
            hit = next((i for i, w in enumerate(wanted) if not found[i] and k & w), None)
            if hit is not None:
                found[hit] = True
            else:
                assert any(k & o for o in optional), f"{field}: unexpected {item['name']!r}"
        missed = [gold[field][i][0] for i, f in enumerate(found) if not f]
        assert not missed, f"{field}: missed {missed}"
