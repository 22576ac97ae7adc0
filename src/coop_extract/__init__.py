"""coop-extract: press releases about scientific cooperation in, validated records out.

Library use::

    from coop_extract import extract, extract_many
    record = extract(text, source="news.txt")          # one Record
    for record in extract_many(texts):                   # many, through nlp.pipe
        print(record.model_dump_json())

spaCy is imported only when the first text is processed, so importing this
package (and ``coop-extract --help``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator

    from .models import Record

__all__ = ["__version__", "extract", "extract_many", "get_extractor"]


def get_extractor(model: str | None = None) -> Any:
    """The shared :class:`coop_extract.pipeline.Extractor` for ``model`` (built once)."""
    from .pipeline import get_extractor as _get

    return _get(model)


def extract(text: str, source: str = "-", model: str | None = None) -> Record:
    """Extract the record of one press release."""
    return get_extractor(model).extract(text, source=source)


def extract_many(
    texts: Iterable[str | tuple[str, str]], model: str | None = None, batch_size: int = 64
) -> Iterator[Record]:
    """Extract records for many texts (plain strings or ``(text, source)`` pairs), in order."""
    return get_extractor(model).extract_many(texts, batch_size=batch_size)
