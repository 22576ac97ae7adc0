"""People (placeholder: being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .types import PersonEntry


def find_people(doc: Doc) -> list[PersonEntry]:
    return []


class PeopleFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_people = find_people(doc)
        return doc


@Language.factory("coop_people")
def make_people(nlp: Language, name: str) -> PeopleFinder:
    return PeopleFinder()
