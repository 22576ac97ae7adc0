"""Page furniture: find the parts of a text that are not the story.

The text itself is never changed, so every evidence offset still points
into the original input: cleaning yields character ranges that later
components skip (:func:`in_ranges`). Furniture is recognised line by line
from ``patterns/furniture.jsonl`` (disclaimers, menus, feedback widgets,
contact lines, related-article tails) and from shapes: counters such as
"128 / Scientists / 24 / Discoveries", and lines in another script than the
document's (Cyrillic lines in an English page).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .patterns import load_patterns
from .text import doc_text

Range = tuple[int, int]

_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_NUMBER_LINE = re.compile(r"^[\d\s.,+%]+$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FurnitureRule:
    kind: str  # "line" or "tail"
    id: str
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def furniture_regexes() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """The "line" rules and the "tail" rules, each as one test per line.

    Anchored rules ("^...") are joined and tried with ``match`` (one position); the few
    unanchored ones are joined and searched.
    """
    rules = furniture_rules()
    tests = []
    for kind in ("line", "tail"):
        anchored = [r.regex.pattern[1:] for r in rules if r.kind == kind and r.regex.pattern.startswith("^")]
        floating = [r.regex.pattern for r in rules if r.kind == kind and not r.regex.pattern.startswith("^")]
        match = re.compile("|".join(f"(?:{p})" for p in anchored), re.I).match if anchored else None
        search = re.compile("|".join(f"(?:{p})" for p in floating), re.I).search if floating else None

        def test(line: str, match=match, search=search) -> bool:  # type: ignore[no-untyped-def]
            return bool((match and match(line)) or (search and search(line)))

        tests.append(test)
    return tests[0], tests[1]


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    rules = []
    for item in load_patterns(
        "furniture.jsonl", extra={"regex": (str,)}, required=("label", "regex")
    ):
        if item["label"] not in ("line", "tail"):
            raise ValueError(f"furniture.jsonl: label must be 'line' or 'tail', not {item['label']!r}")
        rules.append(
            FurnitureRule(item["label"], item.get("id", ""), re.compile(item["regex"], re.I))
        )
    return tuple(rules)


def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) for each line; start/end bound the stripped text."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw)
    return out


_CYRILLIC_LETTERS = re.compile(r"[\u0400-\u0481\u048A-\u04FF]")


def cyrillic_share(text: str) -> float:
    """Share of Cyrillic among the letters of ``text``."""
    if not _CYRILLIC.search(text):
        return 0.0
    letters = len(_LETTER.findall(text))
    return len(_CYRILLIC_LETTERS.findall(text)) / letters if letters else 0.0


def language_of(text: str) -> str | None:
    """A coarse language guess from the script: 'en' for Latin text, 'ru'/'kk'/'ky' for Cyrillic."""
    sample = text[:5000]
    if not _LETTER.search(sample):
        return None
    if cyrillic_share(sample) < 0.5:
        return "en"
    if re.search(r"[әғқұһі]", sample, re.I):
        return "kk"
    if re.search(r"[ңөү]", sample, re.I):
        return "ky"
    return "ru"


def furniture_ranges(text: str) -> list[Range]:
    """Sorted, non-overlapping character ranges of page furniture in ``text``."""
    lines = lines_with_offsets(text)
    if not lines:
        return []
    line_re, tail_re = furniture_regexes()
    has_cyrillic = bool(_CYRILLIC.search(text))
    latin_doc = not has_cyrillic or cyrillic_share(text) < 0.5
    marked = [False] * len(lines)
    tail_from: int | None = None
    seen_story = False
    for i, (_, _, line) in enumerate(lines):
        words = len(line.split())
        if words <= 8 and seen_story and tail_re(line):
            tail_from = i
            break
        if len(line) < 400 and (line_re(line) or _MENU_LINE.match(line)):
            marked[i] = True
        elif has_cyrillic and latin_doc and cyrillic_share(line) > 0.5:
            marked[i] = True
        if not marked[i] and words >= 8:
            seen_story = True
    if tail_from is not None:
        for j in range(tail_from, len(lines)):
            marked[j] = True
    _mark_counters(lines, marked)
    ranges: list[Range] = []
    for (start, end, _), flag in zip(lines, marked, strict=True):
        if flag:
            if ranges and not text[ranges[-1][1] : start].strip():
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
    return ranges


def _mark_counters(lines: Sequence[tuple[int, int, str]], marked: list[bool]) -> None:
    """Counter widgets: a number line and a short label line, repeated ("128 / Scientists")."""
    pairs = []
    for i in range(len(lines) - 1):
        number, label = lines[i][2], lines[i + 1][2]
        if _NUMBER_LINE.match(number) and len(_WORD.findall(label)) <= 3 and not _NUMBER_LINE.match(label):
            pairs.append(i)
    if len(pairs) >= 2:
        for i in pairs:
            marked[i] = marked[i + 1] = True


def in_ranges(ranges: Sequence[Range], start: int, end: int | None = None) -> bool:
    """Whether [start, end) starts inside one of the sorted ``ranges``."""
    i = bisect_right(ranges, (start, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= start < ranges[i][1]


# "Home | About | News | Contacts": three or more short items between bars or bullets.
_MENU_LINE = re.compile(r"^(?:[^|•·]{1,30}\s*[|•·]\s*){2,}[^|•·]{0,30}$")
# A site's name rather than a headline: "KBTU | Kazakh-British Technical University".
_SITE_NAME = re.compile(r"\s[|]\s|\b(news agency|official (web)?site|web portal|information agency)\b", re.I)

_DATE_ONLY = re.compile(
    r"^(date\s*)?[\d\s./:\-–—]+(\w+\s+\d{4})?[\d\s:]*$|^\W*\d{1,2}\s+\w+\s+\d{4}\W*$", re.I
)


def find_title(text: str, ranges: Sequence[Range]) -> Range | None:
    """The headline: the first story line that reads like one (short, no final full stop)."""
    for start, end, line in lines_with_offsets(text):
        if in_ranges(ranges, start):
            continue
        if _DATE_ONLY.match(line) or _SITE_NAME.search(line):
            continue
        words = len(_WORD.findall(line))
        if words < 3 or words > 30 or line.startswith(("date ", "•", "*")):
            return None
        if line.endswith(".") and not line.endswith("..."):
            return None  # a sentence, not a headline
        return (start, end)
    return None


class Cleaner:
    """Marks furniture ranges, the headline and the script-based language on each doc."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ranges = furniture_ranges(text)
        doc._.coop_furniture = ranges
        doc._.coop_title = find_title(text, ranges)
        doc._.coop_language = language_of(text)
        if doc._.coop_warnings is None:
            doc._.coop_warnings = []
        return doc


@Language.factory("coop_clean")
def make_cleaner(nlp: Language, name: str) -> Cleaner:
    return Cleaner()
