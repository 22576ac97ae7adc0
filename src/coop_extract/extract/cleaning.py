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
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import BatchedComponent
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


@dataclass(frozen=True)
class _RuleTest:
    """One kind's rules as two regexes: the anchored ones ("^...", tried with ``match`` at one
    position) and the floating ones (searched through the line). ``literals``: for each
    floating rule a lowercase ASCII string every match of it holds (None when it has none);
    a text holding none of them needs no floating search at all."""

    match: Callable[[str], re.Match[str] | None] | None
    search: Callable[[str], re.Match[str] | None] | None
    literals: tuple[str | None, ...]

    def test(self, line: str) -> bool:
        return bool((self.match and self.match(line)) or (self.search and self.search(line)))

    def floating(self, text: str, lowered: str) -> Callable[[str], re.Match[str] | None] | None:
        """The floating search if some line of ``text`` (``lowered``) might need it, else None."""
        if self.search is None:
            return None
        for literal in self.literals:
            if literal is None or literal in lowered:
                return self.search
        # re.IGNORECASE matches these with ASCII letters; str.lower() does not map them to ASCII
        if any(char in text for char in _FOLDS_TO_ASCII):
            return self.search
        return None


_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f")  # İ ı ſ (K, the Kelvin sign, lowers to k)


def _required_literal(pattern: str) -> str | None:
    """The longest run of ASCII literal characters at the top level of ``pattern`` (so in every
    match of it), lowercased; None when there is none or the pattern cannot be read."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]
    try:
        items = list(sre_parse.parse(pattern, re.I))
    except Exception:  # pragma: no cover - the rule compiled, so it parses
        return None
    best, run = "", ""
    for op, arg in items:
        if str(op) == "LITERAL" and arg < 128:
            run += chr(arg)
            best = max(best, run, key=len)
        else:
            run = ""
    return best.lower() or None


@lru_cache(maxsize=1)
def _rule_tests() -> tuple[_RuleTest, _RuleTest]:
    """The "line" rules and the "tail" rules."""
    rules = furniture_rules()
    tests = []
    for kind in ("line", "tail"):
        anchored = [
            r.regex.pattern[1:] for r in rules if r.kind == kind and r.regex.pattern.startswith("^")
        ]
        floating = [
            r.regex.pattern for r in rules if r.kind == kind and not r.regex.pattern.startswith("^")
        ]
        match = re.compile("|".join(f"(?:{p})" for p in anchored), re.I).match if anchored else None
        search = (
            re.compile("|".join(f"(?:{p})" for p in floating), re.I).search if floating else None
        )
        tests.append(_RuleTest(match, search, tuple(_required_literal(p) for p in floating)))
    return tests[0], tests[1]


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    rules = []
    for item in load_patterns(
        "furniture.jsonl", extra={"regex": (str,)}, required=("label", "regex")
    ):
        if item["label"] not in ("line", "tail"):
            raise ValueError(
                f"furniture.jsonl: label must be 'line' or 'tail', not {item['label']!r}"
            )
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


_CYRILLIC_LETTERS = re.compile(r"[\u0400-\u0481\u048A-\u04FF]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the one-character class of ``runs`` (a ``[...]+``) takes."""
    return sum(map(len, runs.findall(text)))


def cyrillic_share(text: str) -> float:
    """Share of Cyrillic among the letters of ``text``."""
    if not _CYRILLIC.search(text):
        return 0.0
    letters = _count(_LETTERS, text)
    return _count(_CYRILLIC_LETTERS, text) / letters if letters else 0.0


def _half_cyrillic(text: str) -> int:
    """The sign (-1, 0, 1) of ``cyrillic_share(text) - 0.5``, counting only what it takes: the
    Cyrillic letters are among the non-ASCII characters, and the letters are at least the
    ASCII ones and at most those plus the non-ASCII characters."""
    if text.isascii():
        return -1
    ascii_part = text.encode("ascii", "ignore")
    others = len(text) - len(ascii_part)
    ascii_letters = len(ascii_part.translate(None, _NOT_ASCII_LETTER))
    if 2 * others < ascii_letters:
        return -1
    cyrillic = _count(_CYRILLIC_LETTERS, text)
    if 2 * cyrillic > ascii_letters + others:
        return 1
    letters = _count(_LETTERS, text)
    if not letters:
        return -1  # no letters: a share of 0
    return (2 * cyrillic > letters) - (2 * cyrillic < letters)


# the whole text's sign, asked by both the furniture and the language (the same string object)
_text_half_cyrillic = lru_cache(maxsize=2)(_half_cyrillic)


def language_of(text: str) -> str | None:
    """A coarse language guess from the script: 'en' for Latin text, 'ru'/'kk'/'ky' for Cyrillic."""
    sample = text[:5000]
    if not _LETTER.search(sample):
        return None
    if _text_half_cyrillic(sample) < 0:
        return "en"
    if re.search(r"[әғқұһі]", sample, re.I):
        return "kk"
    if re.search(r"[ңөү]", sample, re.I):
        return "ky"
    return "ru"


def furniture_ranges(text: str) -> list[Range]:
    """Sorted, non-overlapping character ranges of page furniture in ``text``."""
    return _furniture_ranges(text, lines_with_offsets(text))


def _furniture_ranges(text: str, lines: Sequence[tuple[int, int, str]]) -> list[Range]:
    if not lines:
        return []
    line_rules, tail_rules = _rule_tests()
    has_cyrillic = not text.isascii() and bool(_CYRILLIC.search(text))
    latin_doc = not has_cyrillic or _text_half_cyrillic(text) < 0
    lowered = text.lower() if line_rules.search or tail_rules.search else text
    line_match, tail_match = line_rules.match, tail_rules.match
    line_search = line_rules.floating(text, lowered)
    tail_search = tail_rules.floating(text, lowered)
    marked = [False] * len(lines)
    tail_from: int | None = None
    seen_story = False
    for i, (_, _, line) in enumerate(lines):
        words = len(line.split(None, 8))  # the words, counted up to 9: only <= 8 and >= 8 matter
        if (
            words <= 8
            and seen_story
            and ((tail_match and tail_match(line)) or (tail_search and tail_search(line)))
        ):
            tail_from = i
            break
        if len(line) < 400 and (
            (line_match and line_match(line))
            or (line_search and line_search(line))
            or (("|" in line or "•" in line or "·" in line) and _MENU_LINE.match(line))
        ):
            marked[i] = True
        elif has_cyrillic and latin_doc and _half_cyrillic(line) > 0:
            marked[i] = True  # a line in another script than the page's
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
        if (
            _NUMBER_LINE.match(number)
            and len(_WORD.findall(label)) <= 3
            and not _NUMBER_LINE.match(label)
        ):
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
_SITE_NAME = re.compile(
    r"\s[|]\s|\b(news agency|official (web)?site|web portal|information agency)\b", re.I
)

_DATE_ONLY = re.compile(
    r"^(date\s*)?[\d\s./:\-–—]+(\w+\s+\d{4})?[\d\s:]*$|^\W*\d{1,2}\s+\w+\s+\d{4}\W*$", re.I
)


def find_title(text: str, ranges: Sequence[Range]) -> Range | None:
    """The headline: the first story line that reads like one (short, no final full stop)."""
    return _find_title(lines_with_offsets(text), ranges)


def _find_title(lines: Sequence[tuple[int, int, str]], ranges: Sequence[Range]) -> Range | None:
    for start, end, line in lines:
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


def extension_key(name: str) -> Any:
    """The ``doc.user_data`` key under which spaCy keeps ``doc._.<name>`` (an extension with a
    default): components that read or write several extensions per document use the dict
    directly, as ``doc._`` makes an object and checks the name on each access."""
    return _extension_keys()[name]


@lru_cache(maxsize=1)
def _extension_keys() -> dict[str, Any]:
    from spacy.vocab import Vocab

    from . import EXTENSIONS

    probe = Doc(Vocab(), words=["probe"])
    keys = {}
    for name in EXTENSIONS:
        marker = object()
        setattr(probe._, name, marker)
        keys[name] = next(key for key, value in probe.user_data.items() if value is marker)
    return keys


class Cleaner(BatchedComponent):
    """Marks furniture ranges, the headline and the script-based language on each doc."""

    def __init__(self) -> None:
        keys = _extension_keys()
        self._furniture = keys["coop_furniture"]
        self._title = keys["coop_title"]
        self._language = keys["coop_language"]
        self._warnings = keys["coop_warnings"]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        lines = lines_with_offsets(text)
        ranges = _furniture_ranges(text, lines)
        data = doc.user_data
        data[self._furniture] = ranges
        data[self._title] = _find_title(lines, ranges)
        data[self._language] = language_of(text)
        if data.get(self._warnings) is None:
            data[self._warnings] = []
        return doc


@Language.factory("coop_clean")
def make_cleaner(nlp: Language, name: str) -> Cleaner:
    return Cleaner()
