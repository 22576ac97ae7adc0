"""Shared fixtures: one model-free pipeline per test session (never a downloaded model)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def extractor():
    from coop_extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def run(nlp):
    """Run the whole pipeline on a text and return the Doc (components' results on doc._)."""

    def _run(text: str):
        return nlp(text)

    return _run


@pytest.fixture(scope="session")
def record(extractor):
    """Extract the record (pydantic Record) of a text."""

    def _record(text: str, source: str = "test.txt"):
        return extractor.extract(text, source=source)

    return _record
