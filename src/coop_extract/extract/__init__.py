"""The spaCy pipeline, one module per concern.

Each module holds pure functions over ``Doc``/``Span`` plus a thin component
registered with ``@Language.factory("coop_...")``. Components communicate
through the ``doc._.coop_*`` extensions registered here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch

EXTENSIONS = (
    "coop_furniture",  # list[tuple[int, int]]: page furniture ranges
    "coop_title",  # tuple[int, int] | None: the headline
    "coop_language",  # str | None
    "coop_model_ents",  # list[tuple[int, int, str]]: NER spans of an optional model
    "coop_orgs",  # list[OrgEntry]
    "coop_org_spans",  # list[tuple[int, int]]: token spans of every organisation mention
    "coop_people",  # list[PersonEntry]
    "coop_date",  # DateResult
    "coop_place",  # PlaceResult
    "coop_coop",  # CoopResult
    "coop_warnings",  # list[str]
)


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


class BatchedComponent:
    """Base of the components: ``pipe`` takes ``nlp.pipe``'s docs a batch at a time.

    A component's rules then stay in the CPU's caches through a batch instead of being pushed
    out by the other components between two documents (about half the time per document for
    the larger rule sets). Subclasses define ``__call__``.
    """

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            for doc in batch:
                self(doc)
            yield from batch
