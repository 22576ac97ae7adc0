"""Organisations (placeholder: being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .types import OrgEntry


def find_organisations(doc: Doc) -> list[OrgEntry]:
    return []


class OrganisationFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_orgs = find_organisations(doc)
        return doc


@Language.factory("coop_organisations")
def make_organisations(nlp: Language, name: str) -> OrganisationFinder:
    return OrganisationFinder()
