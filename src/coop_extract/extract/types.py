"""Plain results the pipeline components leave on a Doc (``doc._.coop_*``).

Components compute these with pure functions; :mod:`coop_extract.record`
turns them into the pydantic :class:`~coop_extract.models.Record`. Every
``start``/``end`` is a character offset into ``doc.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Spot:
    """A value's evidence: characters [start, end) of the doc text."""

    start: int
    end: int


@dataclass
class OrgEntry:
    name: str
    start: int
    end: int
    acronym: str | None = None
    kind: str | None = None
    country: str | None = None
    mentions: int = 1
    id: str | None = None
    furniture_only: bool = False


@dataclass
class PersonEntry:
    name: str
    start: int
    end: int
    honorifics: list[str] = field(default_factory=list)
    role: str | None = None
    organisation: str | None = None


@dataclass
class DateResult:
    date: dt.date | None = None
    date_end: dt.date | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PlaceResult:
    city: str | None = None
    country: str | None = None
    country_code: str | None = None
    start: int | None = None
    end: int | None = None
    # (alpha-2 code, start, end) for each country of the record, in output order
    countries: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class CoopMention:
    type: str
    status: str
    start: int
    end: int


@dataclass
class AreaMention:
    code: str
    label: str
    start: int
    end: int


@dataclass
class CoopResult:
    main: str | None = None
    types: list[CoopMention] = field(default_factory=list)  # main first, one per type
    areas: list[AreaMention] = field(default_factory=list)
    cameo: str | None = None
