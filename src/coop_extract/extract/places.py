"""Event location and countries (placeholder: being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .types import PlaceResult


def find_places(doc: Doc) -> PlaceResult:
    return PlaceResult()


def country_of_name(name: str) -> str | None:
    """ISO alpha-2 code of the country an organisation name states or implies."""
    return None


class PlaceFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_place = find_places(doc)
        return doc


@Language.factory("coop_places")
def make_places(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder()
