"""Cooperation type, status, areas (placeholder: being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .types import CoopResult


def find_cooperation(doc: Doc) -> CoopResult:
    return CoopResult()


class CooperationFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_coop = find_cooperation(doc)
        return doc


@Language.factory("coop_cooperation")
def make_cooperation(nlp: Language, name: str) -> CooperationFinder:
    return CooperationFinder()
