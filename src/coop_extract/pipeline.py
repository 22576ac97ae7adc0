"""Build the spaCy pipeline and turn texts into records.

The default pipeline is ``spacy.blank("en")`` plus the project's own
components and patterns: nothing is downloaded. ``model`` adds the NER of
any installed spaCy pipeline (a package name or a path); its entities are
merged with the rule results, and the rules win where they overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import extract as _extensions  # noqa: F401  (registers doc._.coop_*)
from .extract import cleaning, cooperation, dates, organisations, people, places  # noqa: F401
from .extract.text import TextKeepingTokenizer, english_tokenizer, nfc_with_map
from .models import Record
from .record import build_record

# Longer texts are cut (with a warning in the record): spaCy's own default limit.
MAX_CHARS = 1_000_000

PIPE_NAMES = (
    "coop_clean",
    "coop_organisations",
    "coop_people",
    "coop_dates",
    "coop_places",
    "coop_cooperation",
)


@Language.factory("coop_model_ner", default_config={"model": ""})
def make_model_ner(nlp: Language, name: str, model: str) -> ModelNER:
    return ModelNER(model)


class ModelNER:
    """Runs an installed spaCy pipeline's NER and keeps its spans as ``doc._.coop_model_ents``."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.other = spacy.load(model, exclude=["parser", "lemmatizer", "textcat", "senter"])
        if "ner" not in self.other.pipe_names:
            raise ValueError(f"model {model!r} has no 'ner' component")

    def __call__(self, doc: Doc) -> Doc:
        other = self.other(doc.text)
        doc._.coop_model_ents = [(e.start_char, e.end_char, e.label_) for e in other.ents]
        return doc


def build_nlp(model: str | None = None) -> Language:
    """The extraction pipeline; ``model`` names an installed spaCy pipeline whose NER to add."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_CHARS + 1
    nlp.add_pipe("coop_clean")
    if model:
        nlp.add_pipe("coop_model_ner", config={"model": str(model)})
    for name in PIPE_NAMES[1:]:
        nlp.add_pipe(name)
    return nlp


TOKENIZER = "coop_extract.tokenizer.v1"


@spacy.registry.tokenizers(TOKENIZER)
def make_tokenizer() -> Callable[[Language], TextKeepingTokenizer]:
    """spaCy's English tokenizer with only the exceptions the rules read
    (:func:`~coop_extract.extract.text.english_tokenizer`), keeping the input string on the doc."""

    def factory(nlp: Language) -> TextKeepingTokenizer:
        return TextKeepingTokenizer(english_tokenizer(nlp.vocab))

    return factory


def _prepare(text: str) -> tuple[str, str, Any, list[str]]:
    """(text as given, possibly cut; NFC text for the pipeline; offset map; warnings)."""
    warnings = []
    if len(text) > MAX_CHARS:
        warnings.append(f"text of {len(text)} characters cut to its first {MAX_CHARS}")
        text = text[:MAX_CHARS]
    norm, mapping = nfc_with_map(text)
    return text, norm, mapping, warnings


class Extractor:
    """Holds one pipeline; turns texts into :class:`Record` objects."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self.nlp = build_nlp(model)

    def extract(self, text: str, source: str = "-", encoding: str | None = None) -> Record:
        return next(self.extract_many([(text, source, encoding)]))

    def extract_many(
        self,
        items: Iterable[str | tuple[str, str] | tuple[str, str, str | None]],
        batch_size: int = 64,
    ) -> Iterator[Record]:
        """Records for many texts, in input order, through ``nlp.pipe``."""

        def prepared() -> Iterator[tuple[str, tuple[Any, ...]]]:
            for number, item in enumerate(items):
                if isinstance(item, str):
                    text, source, encoding = item, f"<text {number}>", None
                elif len(item) == 2:
                    (text, source), encoding = item, None  # type: ignore[misc]
                else:
                    text, source, encoding = item  # type: ignore[misc]
                original, norm, mapping, warnings = _prepare(text)
                yield norm, (original, source, mapping, warnings, encoding)

        for doc, (original, source, mapping, warnings, encoding) in self.nlp.pipe(
            prepared(), as_tuples=True, batch_size=batch_size
        ):
            record = build_record(
                doc,
                source,
                original=original,
                mapping=mapping,
                warnings=warnings,
                encoding=encoding,
            )
            # The rules' per-doc values (token view, extension values) point back at the doc;
            # dropping them frees the doc at once instead of leaving a reference cycle for the
            # garbage collector, whose full passes cost more than the rules on long batches.
            doc.user_data.clear()
            yield record


@lru_cache(maxsize=4)
def get_extractor(model: str | None = None) -> Extractor:
    return Extractor(model)
