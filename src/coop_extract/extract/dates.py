"""Event date (placeholder: being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .types import DateResult


def find_event_date(doc: Doc) -> DateResult:
    return DateResult()


class DateFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_date = find_event_date(doc)
        return doc


@Language.factory("coop_dates")
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
