"""Event date: every date mention with its offsets, resolved and scored.

1. :func:`find_mentions` scans the text with a few regular expressions built
   from ``patterns/dates_names.jsonl`` (month names in English, Russian and
   Kazakh case forms, weekdays, "yesterday"/"накануне"): day-month and
   month-day forms with ranges ("12-13 October, 2023", "October 12th and
   13th", "from 3 to 5 May 2021", "15-Mar-2023"), ISO, CJK and numeric
   dates ("2021-11-17", "2022.02.21", "2023年3月15日", "29.06.18",
   "11/17/2021"), a weekday with a partial date ("Tuesday (10/14)"), "on
   Tuesday", "last Tuesday", news style "signed the deal Tuesday", and
   relative days. Regexes over ``doc.text`` rather than token patterns,
   because the blank tokenizer glues "11/17/2021Al" into one token; every
   mention keeps char offsets.
2. Numeric day/month order comes from evidence (a part above 12 in any
   date of the same style, other dates nearby, except for dotted dates,
   which are day first); when none decides, the conventional reading is
   kept and a warning says so.
3. The publication date (a labelled "date 2018-02-14" or "Posted by X on"
   line, a date alone on a line or in a "|"-separated field of one, a
   dateline "ASTANA, 12 May (Kazinform)" or "WASHINGTON, D.C., 3/15/2023",
   a date opening the lead; an update date "Last updated:" only when there
   is no other) anchors partial and relative dates ("August 16-17", "on Tuesday",
   "yesterday"). Without one, a partial date takes the year of the nearest
   dated mention; otherwise it stays unresolved (never today's year).
4. Every other mention is scored from its sentence, with the words of
   ``patterns/dates_cues.jsonl``: event verbs ("held on", "signed") and
   nouns raise it, future and past events, founding dates and limits
   ("until", "deadline") lower it; the headline and lead raise it; a date
   far from the publication date loses. The best mention with positive
   evidence wins; otherwise the publication date is the date.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from . import BatchedComponent
from .cleaning import extension_key
from .patterns import load_patterns
from .types import DateResult

Range = tuple[int, int]

# Score weights, one per kind of evidence (see the module docstring).
EVENT_VERB = 3.0
EVENT_NOUN = 1.0
LEAD_IN_ON = 1.0
IN_TITLE = 2.0
IN_LEAD = 1.5
HEADER_RANGE = 2.0
FUTURE = -3.0
PAST = -2.0
NOT_EVENT = -5.0
FOUNDING = -3.0
LIMIT = -3.0
NEAR_ANCHOR = 1.0
FAR_FROM_ANCHOR = -2.0
VERY_FAR_FROM_ANCHOR = -6.0  # a year before publication: not the news
AFTER_ANCHOR = -1.0
INFERRED = -0.3
REPEATED = 0.5
CHOOSE_OVER_ANCHOR = 1.0  # a mention needs this much to beat the publication date

WINDOW = 100  # characters of context either side, within the sentence
CUE_LEFT = 60  # future/past/founding cues count this far before the date

CUE_LABELS = (
    "event_verb",
    "event_noun",
    "future",
    "past",
    "not_event",
    "founding",
    "founding_noun",
    "limit",
    "pub_label",
    "update_label",
    "lead_in",
)
LABELS = frozenset(("pub_label", "update_label"))


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Vocab:
    """Word lists and compiled expressions; every expression runs on lowercased text."""

    months: dict[str, int]
    cased: frozenset[str]
    weekdays: dict[str, int]
    relative: dict[str, int]
    cues: dict[str, frozenset[str]]  # lowercased phrase -> labels
    dates: re.Pattern[str]  # every form with digits, one named group per form
    words: re.Pattern[str]  # weekdays and "yesterday"
    word_anchors: tuple[str, ...]  # every ASCII word holds one: "day", "morning"
    word_longest: int
    other_words: re.Pattern[str] | None  # the words that are not ASCII ("вчера")
    other_initials: str  # their first letters
    weekday_pre: re.Pattern[str]  # "on" in "on Tuesday"
    digit_after: re.Pattern[str]
    weekday_before: re.Pattern[str]
    cue_re: re.Pattern[str]
    pub_label: re.Pattern[str]  # a line opening with a label: "date", "Published:"
    update_label: re.Pattern[str]  # a label right before the date: "Last updated:"
    lead_in_end: re.Pattern[str]
    not_event_end: re.Pattern[str]


def _trie(words: Sequence[str]) -> str:
    """A regex matching exactly ``words``, as a trie (fast: one branch per first letter).

    A space in a word matches any run of whitespace.
    """
    root: dict[str, dict] = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return build(root)


def _date_forms(mon: str, wd: str) -> dict[str, str]:
    """The date expressions, by form name; group names are prefixed with the form's name."""
    day = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d\d(?!\d)"
    year_tail = r"(?:\s*(?:year|гг\.|г\.|года|году|год|жылғы|жылы|ж\.))?"
    sep = r"(?:\s*[-–—‑]\s*|\s+(?:to|till|until|through|thru|and|по|до|и)\s+)"
    no_letter_before = r"(?<![^\W\d_])"
    no_letter_after = r"(?![^\W\d_])"
    return {
        # Tuesday (10/14)
        "wdnum": rf"{no_letter_before}(?P<wdnum_wd>{wd}){no_letter_after}\s*,?\s*\(?\s*"
        r"(?P<wdnum_a>\d{1,2})(?P<wdnum_s>[./])(?P<wdnum_b>\d{1,2})(?![\d./])\s*\)?",
        # 2023 жылғы 20 шілдеде
        "ydm": rf"(?<!\d)(?P<ydm_y>{year})\s*(?:жылғы|жылы|ж\.)\s*(?P<ydm_d1>{day})"
        rf"(?:(?P<ydm_sep>{sep})(?P<ydm_d2>{day}))?\s*(?P<ydm_m2>{mon}){no_letter_after}",
        # 2023年3月15日, 2023년 3월 15일
        "cjk": rf"(?P<cjk_y>{year})\s*[年년]\s*(?P<cjk_mm>1[0-2]|0?[1-9])\s*[月월]\s*"
        r"(?P<cjk_dd>3[01]|[12]\d|0?[1-9])\s*[日일]",
        # 2021-11-17, 2022-09-20 13:45:00
        "iso": r"(?<![\d./-])(?P<iso_y>(?:19|20)\d\d)(?P<iso_s>[-/]|\. ?)"
        r"(?P<iso_mm>[01]?\d)(?P=iso_s)(?P<iso_dd>[0-3]?\d)(?!\d)(?:(?:t|\s+)\d{1,2}:\d\d(?::\d\d)?(?!\d))?",
        # 29.06.18, 11/17/2021(Al-Farabi), 12-13.10.2023
        "num": r"(?<![\d./])(?:(?P<num_d0>\d{1,2})\s*[-–]\s*)?(?P<num_a>\d{1,2})(?P<num_s>[./-])"
        r"(?P<num_b>\d{1,2})(?P=num_s)(?P<num_y>(?:19|20)\d\d|\d\d)(?!\d)(?![./]\d)",
        # 13 September 2022, 15-Mar-2023, 12-13 October, 2023, 25 — 27 October 2017,
        # 30 May - 2 June 2021
        "dm": rf"(?<![\w.,:/-])(?P<dm_d1>{day})"
        rf"(?:(?:\s*(?:of\s+)?(?P<dm_m1>{mon}){no_letter_after}\.?)?(?P<dm_sep>{sep})(?P<dm_d2>{day}))?"
        rf"(?:\s*(?:of\s+)?|-)(?P<dm_m2>{mon}){no_letter_after}\.?"
        rf"(?:(?:\s*,?\s*|-)(?P<dm_y>{year}){year_tail})?",
        # December 26, 2023, October 12th and 13th, August 16-17, October 15-17, 2014
        "md": rf"{no_letter_before}(?P<md_m1>{mon})\.?\s*(?P<md_d1>{day}){no_letter_after}"
        rf"(?:(?P<md_sep>{sep})(?:(?P<md_m2>{mon})\.?\s*)?(?P<md_d2>{day}){no_letter_after})?"
        rf"(?:\s*,?\s*(?P<md_y>{year}){year_tail})?",
        # October 2023 (a year source only)
        "monthyear": rf"{no_letter_before}(?P<monthyear_m2>{mon})\.?,?\s+(?:of\s+)?"
        rf"(?P<monthyear_y>{year})",
    }


# The forms that open with a digit; the others open with a month or weekday name.
DIGIT_FORMS = ("ydm", "cjk", "iso", "num", "dm")


def _dates_regex(forms: dict[str, str], names: Sequence[str]) -> str:
    """One expression for every date form, tried in the order of ``forms``.

    A form opens with a digit or with a name, never both, so at any position only one kind
    can match and the order across kinds does not matter: the digit forms are entered only
    at a digit, the name forms only at a word that starts like a name ("tue", "сен"), which
    rules out "the", "and" or "on" before entering any form. (One alternation of all the
    forms behind a test of the first character entered each of them at every digit and at
    every word starting with one of a dozen letters.)
    """

    def alternation(kind: Iterable[str]) -> str:
        return "|".join(f"(?P<{name}>{forms[name]})" for name in kind)

    digits = [name for name in forms if name in DIGIT_FORMS]
    words = [name for name in forms if name not in DIGIT_FORMS]
    heads = _trie(sorted({name[:3] for name in names}))
    return rf"(?=\d)(?:{alternation(digits)})|(?<![^\W\d_])(?={heads})(?:{alternation(words)})"


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    relative: dict[str, int] = {}
    cased = set()
    for item in load_patterns(
        "dates_names.jsonl",
        extra={"value": (int,), "cased": (bool,)},
        required=("label", "pattern", "value"),
    ):
        word, label, value = " ".join(item["pattern"].lower().split()), item["label"], item["value"]
        if label == "month":
            if not 1 <= value <= 12:
                raise ValueError(f"dates_names.jsonl: month {word!r} has value {value}")
            months[word] = value
        elif label == "weekday":
            if not 0 <= value <= 6:
                raise ValueError(f"dates_names.jsonl: weekday {word!r} has value {value}")
            weekdays[word] = value
        elif label == "relative":
            relative[word] = value
        else:
            raise ValueError(f"dates_names.jsonl: unknown label {label!r}")
        if item.get("cased"):
            cased.add(word)
    cues: dict[str, set[str]] = {}
    for item in load_patterns("dates_cues.jsonl", required=("label", "pattern")):
        if item["label"] not in CUE_LABELS:
            raise ValueError(f"dates_cues.jsonl: unknown label {item['label']!r}")
        key = " ".join(item["pattern"].lower().split())
        cues.setdefault(key, set()).add(item["label"])

    def words_of(label: str) -> str:
        return _trie([w for w, labels in cues.items() if label in labels])

    mon, wd = _trie(list(months)), _trie(list(weekdays))
    dates = _dates_regex(_date_forms(mon, wd), list(months) + list(weekdays))
    # one unnamed trie: sre checks its first character fast (named groups would defeat that)
    words = _trie(list(weekdays) + list(relative))
    # ASCII words are found from a literal in them (str.find is ten times faster than the
    # trie, which stops at every "t", "s" or "m"); the rest by a trie of their own
    every = list(weekdays) + list(relative)
    anchors = {"day" if "day" in w else w.split()[-1] for w in every if w.isascii()}
    others = [w for w in every if not w.isascii()]
    return Vocab(
        months=months,
        cased=frozenset(cased),
        weekdays=weekdays,
        relative=relative,
        cues={k: frozenset(v) for k, v in cues.items()},
        dates=re.compile(dates),
        words=re.compile(words),
        word_anchors=tuple(sorted(anchors)),
        word_longest=max(len(w) for w in every) + 8,  # room for runs of spaces
        other_words=re.compile(_trie(others)) if others else None,
        other_initials="".join(sorted({w[0] for w in others})),
        weekday_pre=re.compile(r"(?<!\w)(?:on|last|this\s+past|this|next|в|во)\s+$"),
        digit_after=re.compile(r"\s*,?\s*\(?\s*\d"),
        weekday_before=re.compile(rf"(?:(?:on|в|во)\s+)?(?P<wd>{wd})\s*,?\s*(?P<paren>\()?\s*$"),
        cue_re=re.compile(rf"(?<!\w)(?:{_trie(list(cues))})(?!\w)"),
        # "Published:", "date", "Posted by the Press Office on"
        pub_label=re.compile(
            rf"[\W_]*(?:{words_of('pub_label')})(?:[\W_]*(?:on\s*)?|\s+by\s+[^\n]{{1,50}}?\s+on\s+)$"
        ),
        update_label=re.compile(rf"(?<!\w)(?:{words_of('update_label')})[\W_]*(?:(?:on|at)\s*)?$"),
        lead_in_end=re.compile(rf"(?<!\w)(?:{words_of('lead_in')})\s+(?:the\s+)?$"),
        not_event_end=re.compile(rf"(?<!\w)(?:{words_of('not_event')})\s+(?:the\s+|on\s+)?$"),
    )


def lowered(text: str) -> str:
    """``text`` in lower case, character for character (offsets stay valid).

    "İ" is the one character whose lower case is two characters long.
    """
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return text.lower()


# --------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    """One date expression: ``start``/``end`` bound its evidence text, ``core`` the date itself."""

    start: int
    end: int
    kind: str  # "date" (day and month known), "weekday", "relative", "monthyear"
    core: Range
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    # "relative": days from the publication date; "weekday": 1 next, -1 on or before, -2 before
    offset: int | None = None
    numeric: tuple[int, int, str] | None = None  # (first, second, separator) still to order
    role: str = "body"  # "pub" (publication date), "header" (dates line of the event), "body"
    date: dt.date | None = None
    date_end: dt.date | None = None
    inferred: bool = False  # year or day taken from elsewhere
    furniture: bool = False  # a date line the cleaner marked as page furniture
    warnings: list[str] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.end_day is not None


_LEADING_DIGITS = re.compile(r"\d+")


def _day(text: str | None) -> int | None:
    if not text:
        return None
    return int(_LEADING_DIGITS.match(text).group())  # type: ignore[union-attr]


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _month(v: Vocab, text: str, m: re.Match[str], group: str) -> int | None:
    """Month number of ``group`` in match ``m`` (None: absent, or "may" written in lower case)."""
    word = m.group(group)
    if not word:
        return None
    key = " ".join(word.split())
    month = v.months.get(key)
    if month is not None and key in v.cased and text[m.start(group) : m.end(group)].islower():
        return None  # "may" the verb, "march" the noun
    return month


def _mention_of(m: re.Match[str], text: str, v: Vocab) -> Mention | None:
    """A Mention from a match of ``v.dates`` on the lowered ``text``."""
    span = (m.start(), m.end())
    kind = m.lastgroup or ""

    def g(name: str) -> str | None:
        return m.group(f"{kind}_{name}")

    if kind in ("dm", "md", "ydm"):
        m1 = _month(v, text, m, f"{kind}_m1") if kind != "ydm" else None
        m2 = _month(v, text, m, f"{kind}_m2") if kind != "md" or g("m2") else None
        if (kind != "ydm" and g("m1") and m1 is None) or (g("m2") and m2 is None):
            return None
        d1, d2 = _day(g("d1")), _day(g("d2"))
        y = g("y")
        year = int(y) if y else None
        if kind == "md":
            start_month, end_month = m1, (m2 or m1)
        else:
            start_month, end_month = (m1 or m2), m2
        mention = Mention(*span, "date", span, year, start_month, d1)
        if d2 is not None:
            joined_by_and = (g("sep") or "").strip() in ("and", "и")
            if joined_by_and and (start_month != end_month or not 0 < d2 - (d1 or 0) <= 3):
                return mention  # "May 5 and 20": two days, not a span
            mention.end_year, mention.end_month, mention.end_day = year, end_month, d2
            if year is not None and start_month and end_month and start_month > end_month:
                mention.year = year - 1  # 30 December - 2 January 2024
        return mention
    if kind in ("iso", "cjk"):
        return Mention(*span, "date", span, int(g("y")), int(g("mm")), int(g("dd")))  # type: ignore[arg-type]
    if kind == "num":
        a, b, y, sep = g("a"), g("b"), g("y"), g("s")
        assert a and b and y and sep
        if len(y) == 2 and (len(a) != 2 or len(b) != 2 or sep == "-"):
            return None  # "1.2.23" is a version; "39-23-66" a phone number
        mention = Mention(*span, "date", span, _year(y))
        if g("d0"):  # 12-13.10.2023: the day comes first
            mention.day, mention.end_day = int(g("d0")), int(a)  # type: ignore[arg-type]
            mention.numeric = (int(a), int(b), "range")
        else:
            mention.numeric = (int(a), int(b), sep)
        return mention
    if kind == "wdnum":
        mention = Mention(*span, "date", span, None, weekday=v.weekdays[" ".join(g("wd").split())])  # type: ignore[union-attr]
        mention.numeric = (int(g("a")), int(g("b")), g("s"))  # type: ignore[arg-type]
        return mention
    if kind == "monthyear":
        month = _month(v, text, m, "monthyear_m2")
        if month is None:
            return None
        return Mention(*span, "monthyear", span, int(g("y")), month)  # type: ignore[arg-type]
    return None


_DIGITS = re.compile(r"\d")
CLUSTER_GAP = 40  # digits no more than this many characters apart make one cluster
ZONE_BEFORE = 16  # a month name or weekday can stand this far before a date's first digit
ZONE_AFTER = 25  # ... or after its last digit


def date_zones(text: str) -> list[Range]:
    """Stretches of ``text`` around clusters of digits: every date form with a number lies in one.

    ASCII digits only (a year in the forms is "19" or "20"). They are found with numpy over
    the text's code points: the regex engine tests a character class at some 4 ns a
    character, which on a 2,000-character text was most of this function's time.
    """
    n = len(text)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    found = ((codes - 48) < 10).nonzero()[0]  # "0" is 48; smaller code points wrap around
    if len(found) > 256:  # a table of figures: numpy finds the gaps
        cuts = (np.diff(found) > CLUSTER_GAP + 1).nonzero()[0]
        firsts = found[np.r_[0, cuts + 1]].tolist()
        lasts = found[np.r_[cuts, len(found) - 1]].tolist()
        clusters = list(zip(firsts, lasts, strict=True))
    else:
        clusters = []
        digits = found.tolist()
        if digits:
            first = last = digits[0]
            for at in digits:
                if at - last > CLUSTER_GAP + 1:
                    clusters.append((first, last))
                    first = at
                last = at
            clusters.append((first, last))
    return [
        (max(0, first - ZONE_BEFORE), min(n, last + 1 + ZONE_AFTER)) for first, last in clusters
    ]


def find_mentions(text: str, low: str | None = None) -> list[Mention]:
    """Date expressions with digits in ``text``, non-overlapping, in order (years unresolved)."""
    v = vocab()
    low = lowered(text) if low is None else low
    kept: list[Mention] = []
    last_end = -1
    for start, end in date_zones(text):
        for m in v.dates.finditer(low, max(start, last_end), end):
            mention = _mention_of(m, text, v)
            if mention is not None:
                kept.append(mention)
                last_end = mention.end
    _attach_weekdays(low, kept, v)
    for (
        mention
    ) in kept:  # "On December 26, 2023", "from 3 to 5 May 2021": the lead-in joins the evidence
        if mention.start == mention.core[0]:
            lead = v.lead_in_end.search(low, max(0, mention.start - 16), mention.start)
            if lead:
                mention.start = lead.start()
    return kept


def _word_matches(low: str, v: Vocab) -> list[re.Match[str]]:
    """The matches of ``v.words`` in ``low``, found from the anchors of the words."""
    found: dict[int, re.Match[str]] = {}
    for anchor in v.word_anchors:
        pos = low.find(anchor)
        while pos >= 0:
            end = pos + len(anchor)
            for m in v.words.finditer(low, max(0, end - v.word_longest), end + v.word_longest):
                if m.start() <= pos and m.end() >= end:
                    found.setdefault(m.start(), m)
            pos = low.find(anchor, end)
    # a scan of the whole text for their trie costs some 4 ns a character; a text holding none
    # of their first letters (any English one) is ruled out by a few str searches, ten times
    # quicker
    if v.other_words is not None and any(c in low for c in v.other_initials):
        for m in v.other_words.finditer(low):
            found.setdefault(m.start(), m)
    out: list[re.Match[str]] = []
    for start in sorted(found):  # "yesterday" inside "the day before yesterday" goes
        if not out or start >= out[-1].end():
            out.append(found[start])
    return out


_PREV_WORD = re.compile(r"(?<![^\W\d_])([a-z]+) $")
_NOT_BEFORE_BARE = frozenset(
    "from to and or through until till since by every each before after between than "
    "of the a this that last next".split()
)
_SPAN_AFTER = re.compile(r"\s*(?:[-–—&/]|(?:to|through|thru|and|or|until|till)(?!\w))")


def _bare_weekday(text: str, low: str, start: int, end: int) -> bool:
    """A weekday without "on" as news style writes it: "signed the agreement Tuesday".

    Capitalised after a lower-case word and a single space, not one end of a span
    ("Monday to Friday", "from Monday"), not a name ("Black Friday", "Good Friday").
    """
    if not text[start].isupper() or text[start + 1 : end].isupper():
        return False
    prev = _PREV_WORD.search(text, max(0, start - 20), start)
    if prev is None or prev.group(1) in _NOT_BEFORE_BARE:
        return False
    return not _SPAN_AFTER.match(low, end)


def find_word_mentions(text: str, low: str | None = None) -> list[Mention]:
    """ "on Tuesday", "yesterday", "накануне": dates only relative to a publication date."""
    v = vocab()
    low = lowered(text) if low is None else low
    out = []
    for m in _word_matches(low, v):
        if m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_"):
            continue
        if m.end() < len(low) and (low[m.end()].isalnum() or low[m.end()] == "_"):
            continue
        key = " ".join(m.group().split())
        if key in v.relative:
            out.append(Mention(*m.span(), "relative", m.span(), offset=v.relative[key]))
            continue
        if v.digit_after.match(low, m.end()):
            continue  # "Tuesday (10/14)", "Tuesday, 14 March": a date form
        pre = v.weekday_pre.search(low, max(0, m.start() - 12), m.start())
        if pre is None:
            if _bare_weekday(text, low, m.start(), m.end()):  # "signed the agreement Tuesday"
                weekday = v.weekdays[key]
                out.append(Mention(*m.span(), "weekday", m.span(), weekday=weekday, offset=-1))
            continue
        # "next Friday": after; "last Friday": strictly before; "on Friday": that day or before
        said = pre.group()
        direction = (
            1 if said.startswith("next") else -2 if said.startswith(("last", "this past")) else -1
        )
        weekday = v.weekdays[key]
        out.append(
            Mention(
                pre.start(),
                m.end(),
                "weekday",
                (pre.start(), m.end()),
                weekday=weekday,
                offset=direction,
            )
        )
    return out


_CLOSE_PAREN = re.compile(r"\s*\)")


def _attach_weekdays(low: str, mentions: list[Mention], v: Vocab) -> None:
    """ "on Tuesday (September 13, 2022)": the weekday and "on" join the date's evidence."""
    for i, mention in enumerate(mentions):
        if mention.kind != "date" or mention.weekday is not None:
            continue
        floor = mentions[i - 1].end if i else 0
        m = v.weekday_before.search(low, max(floor, mention.start - 30), mention.start)
        if not m:
            continue
        mention.weekday = v.weekdays[" ".join(m.group("wd").split())]
        mention.start = m.start()
        if m.group("paren"):
            close = _CLOSE_PAREN.match(low[mention.end : mention.end + 3])
            if close:
                mention.end += close.end()


# --------------------------------------------------------------------------- resolution


def _make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _closest_year(
    month: int, day: int, ref: dt.date, weekday: int | None, past_bias: bool
) -> dt.date | None:
    """The month/day in the year that puts it closest to ``ref`` (and on ``weekday``)."""
    options = [
        d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _make_date(y, month, day))
    ]
    if weekday is not None and any(d.weekday() == weekday for d in options):
        options = [d for d in options if d.weekday() == weekday]

    def cost(d: dt.date) -> float:
        delta = (d - ref).days
        return delta * 1.5 if (past_bias and delta > 0) else abs(delta)

    return min(options, key=cost) if options else None


def _readings(a: int, b: int, year: int | None) -> list[tuple[int, int]]:
    """The valid (month, day) readings of numeric parts a, b: day-first reading first."""
    out: list[tuple[int, int]] = []
    for month, day in ((b, a), (a, b)):
        if 1 <= month <= 12 and 1 <= day <= 31 and (month, day) not in out:
            if year is None or _make_date(year, month, day):
                out.append((month, day))
    return out


def order_numeric(mentions: list[Mention], language: str | None = None) -> None:
    """Settle day/month order of numeric dates from evidence; warn when none decides."""
    numeric = [m for m in mentions if m.numeric is not None]
    if not numeric:
        return
    votes: dict[str, set[str]] = {}
    for m in numeric:
        a, b, sep = m.numeric  # type: ignore[misc]
        if sep == "range" or (a > 12 >= b):
            votes.setdefault("." if sep == "range" else sep, set()).add("dm")
        elif b > 12 >= a:
            votes.setdefault(sep, set()).add("md")
    refs = [d for m in mentions if m.numeric is None and (d := _make_date(m.year, m.month, m.day))]
    for m in list(numeric):
        a, b, sep = m.numeric  # type: ignore[misc]
        m.numeric = None
        if sep == "range":  # 12-13.10.2023: the day comes first
            if not 1 <= b <= 12:
                mentions.remove(m)
                continue
            m.month = m.end_month = b
            m.end_year = m.year
            continue
        readings = _readings(a, b, m.year)
        if not readings:
            mentions.remove(m)
            continue
        if len(readings) == 1:
            m.month, m.day = readings[0]
            continue
        vote = votes.get(sep, set())
        if len(vote) == 1:
            m.month, m.day = readings[0] if "dm" in vote else readings[1]
            continue
        if m.year is not None and refs and sep != ".":
            # the reading closest to the text's other dates, when clearly closer (not for
            # dotted dates: day first is their convention, and a publication date often
            # sits months before the deadlines and events a text names)
            gaps = [min(abs((dt.date(m.year, *r) - ref).days) for ref in refs) for r in readings]
            if min(gaps) <= 45 and abs(gaps[0] - gaps[1]) >= 7:
                m.month, m.day = readings[gaps.index(min(gaps))]
                continue
        month_first = sep == "/" and language in (None, "en")
        m.month, m.day = readings[1] if month_first else readings[0]
        if sep != ".":
            order = "month/day" if month_first else "day/month"
            m.warnings.append(f"ambiguous numeric date {a}{sep}{b}: read as {order}")


# --------------------------------------------------------------------------- layout


@dataclass
class Layout:
    text: str
    low: str
    furniture: Sequence[Range]
    title: Range | None
    lead: Range | None  # the first story paragraph
    top_end: int  # end of the lead: dates up to here sit in the page header or the lead


def range_at(ranges: Sequence[Range], pos: int) -> Range | None:
    """The range of the sorted ``ranges`` that holds ``pos``."""
    i = bisect_right(ranges, (pos, float("inf"))) - 1
    return ranges[i] if i >= 0 and ranges[i][0] <= pos < ranges[i][1] else None


def in_ranges(ranges: Sequence[Range], pos: int) -> bool:
    return range_at(ranges, pos) is not None


def story_mentions(text: str, low: str, furniture: Sequence[Range]) -> list[Mention]:
    """Mentions outside page furniture, plus furniture lines (or fields) that hold only a date.

    A line such as "12.03.2020" may look like furniture (a phone number) to
    the cleaner; it is kept, flagged, as a possible publication date, unless
    it lies in a tail of related articles (furniture from an earlier line to
    the end of the text).
    """
    out = []
    end = len(text.rstrip())
    for m in find_mentions(text, low):
        where = range_at(furniture, m.core[0])
        if where is None:
            out.append(m)
            continue
        line_start = _line_of(text, m.core[0])[0]
        in_tail = where[0] < line_start and where[1] >= end
        field_start, field_end = _field_of(text, m.core[0])  # "2021-11-17 | 10:42 | Views: 215"
        rest = low[field_start : m.core[0]] + " " + low[m.core[1] : field_end]
        if not in_tail and not _LEFTOVER_NOISE.sub(" ", rest).split() and m.kind == "date":
            m.furniture = True
            out.append(m)
    return out


_LINE = re.compile(r"[^\n]+")
_WORDS = re.compile(r"[^\W\d_]+")
LEAD_WORDS = 12  # the first story line with this many words is the lead


def layout_of(
    text: str, furniture: Sequence[Range] = (), title: Range | None = None, low: str | None = None
) -> Layout:
    lead = None
    title_text = text[title[0] : title[1]].strip() if title else None
    for m in _LINE.finditer(text):
        s, e = m.span()
        if in_ranges(furniture, s) or (title and s <= title[0] < e):
            continue
        line = m.group()
        # at most LEAD_WORDS pieces: a long line is not cut into all its words
        if len(line.split(None, LEAD_WORDS - 1)) >= LEAD_WORDS and line.strip() != title_text:
            lead = (s, e)
            break
    low = lowered(text) if low is None else low
    return Layout(text, low, furniture, title, lead, lead[1] if lead else len(text))


def _line_of(text: str, pos: int) -> Range:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, (len(text) if end < 0 else end)


_FIELD_SEP = re.compile(r"\s[|•·]\s")


def _field_of(text: str, pos: int) -> Range:
    """The line around ``pos``, cut at field separators: "News | 14 February 2023 | Share"."""
    start, end = _line_of(text, pos)
    if "|" not in text[start:end] and "•" not in text[start:end] and "·" not in text[start:end]:
        return start, end
    for sep in _FIELD_SEP.finditer(text, start, end):
        if sep.end() <= pos:
            start = sep.end()
        elif sep.start() >= pos:
            return start, sep.start()
    return start, end


_LEFTOVER_NOISE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?|\d+|[^\w\s]|_")
_PLACE = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\s,()–—]*(?:[\s-]+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\s,()–—]*){0,2}"
# "ASTANA, ", "WASHINGTON, D.C., ", "Tokyo, Japan – ", "BERLIN/ALMATY. "
_PLACE_PREFIX = re.compile(rf"^[\W_]*{_PLACE}(?:\s*,\s*{_PLACE}){{0,2}}\s*(?:[,.]|\s[-–—])\s*$")
SHORT_LINE = 80  # a date line standing alone is at most this long
ALONE_WORDS = (
    3  # a date line may carry this many other words ("Almaty, Kazakhstan") and stand alone
)


def classify_roles(mentions: list[Mention], lay: Layout) -> None:
    """Mark publication dates ("pub") and date lines of the event ("header").

    A publication date is a full single date that a label introduces ("date",
    "Published:"), that stands alone on its line, or that opens a line of
    the page header or the lead (bare or after a place: a dateline). A
    range in those places is the event's own date line.
    """
    v = vocab()
    text, low = lay.text, lay.low
    for m in mentions:
        if m.kind != "date" or m.day is None:
            continue
        if m.furniture:
            m.role = "pub" if not m.is_range else "furniture"
            continue
        line_start, line_end = _field_of(text, m.core[0])
        top = m.core[0] < lay.top_end
        if not top and line_end - line_start > SHORT_LINE:
            continue
        prefix = text[line_start : m.core[0]]
        labelled = bool(
            v.pub_label.match(low, line_start, m.core[0])
            or v.update_label.search(low, line_start, m.core[0])
        )
        alone = False
        if line_end - line_start <= SHORT_LINE:
            rest = low[line_start : m.core[0]] + " " + low[m.core[1] : line_end]
            others = [
                w
                for w in _LEFTOVER_NOISE.sub(" ", rest).split()
                if w not in v.weekdays and not LABELS & v.cues.get(w, frozenset())
            ]
            # "Almaty, Kazakhstan" or an author may share the line; "signed on" may not
            alone = len(others) <= ALONE_WORDS and not any(w in v.cues for w in others)
        bare = dateline = False
        if top and len(prefix) <= 40:
            words = [w for w in _WORDS.findall(low, line_start, m.core[0]) if w not in v.weekdays]
            bare = not words
            # "ASTANA, 12 May" is a dateline; "On Friday, 18 February" opens a sentence
            dateline = bool(_PLACE_PREFIX.match(prefix)) and any(
                "lead_in" not in v.cues.get(w, ()) for w in words
            )
        if m.is_range:
            if alone or bare or dateline:
                m.role = "header"
        elif labelled or alone or ((bare or dateline) and (m.year is not None or dateline)):
            m.role = "pub"


def _year_sources(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(position, year) of every mention that states its year."""
    return [
        (m.core[0], m.year)
        for m in mentions
        if m.year is not None and m.kind in ("date", "monthyear")
    ]


def _ref_for(m: Mention, sources: Sequence[tuple[int, int]]) -> dt.date | None:
    """A reference date for a partial mention: mid-year of the nearest stated year."""
    if not sources:
        return None
    pos, year = min(sources, key=lambda s: abs(s[0] - m.core[0]))
    return dt.date(year, m.month or 7, min(m.day or 1, 28))


def _resolve_partial(
    m: Mention, anchor: dt.date | None, sources: Sequence[tuple[int, int]]
) -> None:
    if m.kind == "date":
        if m.year is None:
            ref, past_bias = (anchor, True) if anchor else (_ref_for(m, sources), False)
            if ref is None or m.month is None or m.day is None:
                return
            found = _closest_year(m.month, m.day, ref, m.weekday, past_bias)
            if found is None:
                return
            m.year, m.inferred = found.year, True
            if m.end_day is not None:
                m.end_year = found.year + (1 if (m.end_month or 0) < m.month else 0)
        m.date = _make_date(m.year, m.month, m.day)
        m.date_end = _make_date(m.end_year, m.end_month, m.end_day)
        if m.date and m.date_end and not 0 < (m.date_end - m.date).days <= 62:
            m.date_end = None
        if m.date and m.weekday is not None and m.date.weekday() != m.weekday and not m.inferred:
            m.warnings.append(f"{m.date.isoformat()} is not a {dt.date(2024, 1, 1 + m.weekday):%A}")
    elif m.kind == "relative" and anchor is not None:
        m.date, m.inferred = anchor + dt.timedelta(days=m.offset or 0), True
    elif m.kind == "weekday" and anchor is not None and m.weekday is not None:
        back = (anchor.weekday() - m.weekday) % 7 or (7 if m.offset == -2 else 0)
        if m.offset and m.offset > 0:
            m.date = anchor + dt.timedelta(days=(m.weekday - anchor.weekday()) % 7 or 7)
        else:
            m.date = anchor - dt.timedelta(days=back)
        m.inferred = True


_RANGE_JOIN = re.compile(r"\s*(?:[-–—‑]|to|till|until|through|по|до)\s*")


def _merge_ranges(low: str, mentions: list[Mention]) -> list[Mention]:
    """ "12.10.2023 - 13.10.2023" and "May 30, 2023 to June 2, 2023" become one range."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.date
            and m.date
            and prev.date_end is None
            and m.date_end is None
            and prev.kind == m.kind == "date"
            and _RANGE_JOIN.fullmatch(low, prev.end, m.start)
            and 0 < (m.date - prev.date).days <= 62
        ):
            prev.end, prev.core = m.end, (prev.core[0], m.core[1])
            prev.date_end = m.date
            prev.end_year, prev.end_month, prev.end_day = m.date.year, m.date.month, m.date.day
            prev.warnings += m.warnings
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- scoring


_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")
_ON_BEFORE = re.compile(r"(?<!\w)(?:on|в|во)\s+(?:the\s+)?$")


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the context of [start, end): up to WINDOW characters each side, in its sentence."""
    left = max(0, start - WINDOW)
    for cut in _SENTENCE_END.finditer(text, left, start):
        left = cut.end()
    right = min(len(text), end + WINDOW)
    stop = _SENTENCE_END.search(text, end, right)
    return left, (stop.start() if stop else right)


def score_mention(
    m: Mention, lay: Layout, anchor: dt.date | None, bounds: Range | None = None
) -> tuple[float, list[str]]:
    """How much the sentence around ``m`` says it is the reported event's date, with reasons.

    ``bounds`` are the ends of the neighbouring date mentions: words beyond
    them belong to those dates ("founded on 26 March 1956, and ... held a
    meeting on 14 April 2016").
    """
    v = vocab()
    low = lay.low
    left, right = _window(low, m.start, m.end)
    if bounds is not None:
        left, right = max(left, bounds[0]), min(right, bounds[1])
    score, why = 0.0, []

    def add(points: float, reason: str) -> None:
        nonlocal score
        score += points
        why.append(f"{reason} {points:+g}")

    seen: set[str] = set()
    for side, lo, hi in (("left", left, m.start), ("right", m.end, right)):
        for cue in v.cue_re.finditer(low, lo, hi):
            word = cue.group()
            labels = v.cues.get(" ".join(word.split()), frozenset())
            distance = hi - cue.end() if side == "left" else cue.start() - lo
            near = distance <= (CUE_LEFT if side == "left" else 40)
            if "event_verb" in labels and "event_verb" not in seen:
                seen.add("event_verb")
                add(EVENT_VERB, f"event verb {word!r}")
            if "event_noun" in labels and "event_noun" not in seen:
                seen.add("event_noun")
                add(EVENT_NOUN, f"event noun {word!r}")
            if "future" in labels and "future" not in seen and near:
                seen.add("future")
                add(FUTURE, f"future {word!r}")
            if "past" in labels and "past" not in seen and side == "left" and near:
                seen.add("past")
                add(PAST, f"past {word!r}")
            if "founding" in labels and "founding" not in seen and near:
                seen.add("founding")
                add(FOUNDING, f"founding {word!r}")
            # "the foundation of the institute on ..."; not "the Foundation", nor an
            # anniversary celebrated on the date
            if (
                "founding_noun" in labels
                and "founding" not in seen
                and side == "left"
                and near
                and not lay.text[cue.start()].isupper()
            ):
                seen.add("founding")
                add(FOUNDING, f"founding {word!r}")
            if "limit" in labels and "limit" not in seen and side == "left" and near:
                seen.add("limit")
                add(LIMIT, f"deadline {word!r}")
    if m.start == m.core[0] and v.not_event_end.search(low, left, m.start):
        add(NOT_EVENT, "limit word before it")
    elif _ON_BEFORE.search(low, left, m.core[0]) or low.startswith(("on ", "в ", "во "), m.start):
        add(LEAD_IN_ON, "'on' before it")
    if lay.title and lay.title[0] <= m.core[0] < lay.title[1]:
        add(IN_TITLE, "in the headline")
    elif lay.lead and lay.lead[0] <= m.core[0] < lay.lead[1]:
        add(IN_LEAD, "in the lead")
    if m.role == "header":
        add(HEADER_RANGE, "date line of the event")
    if anchor is not None and m.date is not None:
        delta = (m.date - anchor).days
        if -31 <= delta <= 0:
            add(NEAR_ANCHOR, "shortly before the publication date")
        elif delta < -366:
            add(VERY_FAR_FROM_ANCHOR, "over a year before the publication date")
        elif delta < -90:
            add(FAR_FROM_ANCHOR, "months before the publication date")
        elif delta > 3:
            add(AFTER_ANCHOR, "after the publication date")
    if m.inferred:
        add(INFERRED, "year or day inferred")
    score -= 0.5 * m.core[0] / max(len(low), 1)  # earlier wins a tie
    return score, why


# --------------------------------------------------------------------------- choice


def _choose_anchor(mentions: Sequence[Mention], lay: Layout) -> Mention | None:
    """The publication date: a labelled one, else the first in the header or lead, or the first.

    An update date ("Last updated: ...") and a date line in furniture come last.
    """
    pubs = [m for m in mentions if m.role == "pub" and m.date is not None]
    if not pubs:
        return None
    v = vocab()

    def rank(m: Mention) -> tuple[int, int]:
        line_start = _field_of(lay.text, m.core[0])[0]
        if m.furniture:
            return (4, m.core[0])
        if v.update_label.search(lay.low, line_start, m.core[0]):
            return (3, m.core[0])  # "Last updated: ...": only when no other date is found
        labelled = bool(v.pub_label.match(lay.low, line_start, m.core[0]))
        return (0 if labelled else 1 if m.core[0] < lay.top_end else 2, m.core[0])

    return min(pubs, key=rank)


@dataclass
class Candidate:
    """A resolved mention with its score and the reasons for it (see :func:`explain`)."""

    mention: Mention
    text: str
    score: float
    reasons: list[str]


def analyse(
    text: str,
    furniture: Sequence[Range] = (),
    title: Range | None = None,
    language: str | None = None,
) -> tuple[list[Candidate], Mention | None]:
    """Scored event-date candidates of ``text`` (best first) and the publication-date mention."""
    if not _DIGITS.search(text):
        return [], None  # relative dates need a publication date, which has digits
    low = lowered(text)
    mentions = story_mentions(text, low, furniture)
    if not mentions:
        return [], None
    lay = layout_of(text, furniture, title, low)
    order_numeric(mentions, language)
    classify_roles(mentions, lay)
    sources = _year_sources(mentions)
    # the publication date first (a yearless dateline takes the nearest stated year)
    for m in mentions:
        if m.role == "pub":
            _resolve_partial(m, None, sources)
    anchor_mention = _choose_anchor(mentions, lay)
    anchor = anchor_mention.date if anchor_mention else None
    if anchor is not None:
        taken = [(m.start, m.end) for m in mentions]
        words = [
            w
            for w in find_word_mentions(text, low)
            if not in_ranges(furniture, w.start) and not in_ranges(taken, w.start)
        ]
        mentions = sorted(mentions + words, key=lambda m: m.start)
    for m in mentions:
        if m.role != "pub":
            _resolve_partial(m, anchor, sources)
    mentions = _merge_ranges(low, mentions)
    candidates = []
    for i, m in enumerate(mentions):
        if m.role in ("pub", "furniture") or m.date is None or m.kind == "monthyear":
            continue
        bounds = (
            mentions[i - 1].end if i else 0,
            mentions[i + 1].start if i + 1 < len(mentions) else len(text),
        )
        score, why = score_mention(m, lay, anchor, bounds)
        candidates.append(Candidate(m, text[m.start : m.end], score, why))
    # the same date mentioned again adds a little to its best mention
    by_value: dict[tuple[dt.date | None, dt.date | None], list[Candidate]] = {}
    for c in candidates:
        by_value.setdefault((c.mention.date, c.mention.date_end), []).append(c)
    for group in by_value.values():
        if len(group) > 1:
            top = max(group, key=lambda c: c.score)
            bonus = REPEATED * min(len(group) - 1, 2)
            top.score += bonus
            top.reasons.append(f"mentioned {len(group)} times {bonus:+g}")
    candidates.sort(key=lambda c: (-c.score, c.mention.start))
    return candidates, anchor_mention


def event_date(
    text: str,
    furniture: Sequence[Range] = (),
    title: Range | None = None,
    language: str | None = None,
) -> DateResult:
    """The reported event's date in ``text`` (the pure function behind the component).

    The best-scored mention when its evidence reaches CHOOSE_OVER_ANCHOR,
    else the publication date, else the best mention with no evidence
    against it, else nothing.
    """
    candidates, anchor_mention = analyse(text, furniture, title, language)
    best = candidates[0] if candidates else None
    chosen: Mention | None = None
    if best is not None and best.score >= CHOOSE_OVER_ANCHOR:
        chosen = best.mention
    elif anchor_mention is not None:
        chosen = anchor_mention
    elif best is not None and best.score >= 0:
        chosen = best.mention
    if chosen is None:
        return DateResult()
    warnings = list(chosen.warnings)
    if chosen.inferred and anchor_mention is not None and chosen is not anchor_mention:
        warnings += anchor_mention.warnings
    return DateResult(
        date=chosen.date,
        date_end=chosen.date_end,
        text=text[chosen.start : chosen.end],
        start=chosen.start,
        end=chosen.end,
        warnings=warnings,
    )


def explain(doc: Doc) -> str:
    """A readable account of the date choice for ``doc``: publication date and scored candidates."""
    candidates, anchor = analyse(
        _text_of(doc), doc._.coop_furniture or (), doc._.coop_title, doc._.coop_language
    )
    lines = []
    if anchor is not None:
        lines.append(
            f"publication date {anchor.date}: {_text_of(doc)[anchor.start : anchor.end]!r}"
        )
    for c in candidates:
        value = f"{c.mention.date}" + (f"..{c.mention.date_end}" if c.mention.date_end else "")
        lines.append(f"{c.score:+.2f} {value} {c.text!r}: " + ", ".join(c.reasons))
    return "\n".join(lines)


def _text_of(doc: Doc) -> str:
    """``doc.text`` without rebuilding it from tokens when the pipeline kept the input string."""
    kept = doc.user_data.get("coop_text")
    return kept if isinstance(kept, str) else doc.text


def find_event_date(doc: Doc) -> DateResult:
    # the extensions read from doc.user_data: doc._ makes an object on each access
    data = doc.user_data
    return event_date(
        _text_of(doc),
        data.get(extension_key("coop_furniture")) or (),
        data.get(extension_key("coop_title")),
        data.get(extension_key("coop_language")),
    )


def parse_date(text: str, language: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """(date, date_end) of the first complete date expression in ``text``, else (None, None)."""
    mentions = find_mentions(text)
    order_numeric(mentions, language)
    for m in mentions:
        _resolve_partial(m, None, ())
    for m in _merge_ranges(lowered(text), mentions):
        if m.date:
            return m.date, m.date_end
    return None, None


class DateFinder(BatchedComponent):
    def __init__(self) -> None:
        vocab()  # compile the expressions when the pipeline is built, not in the first batch
        self._key = extension_key("coop_date")

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[self._key] = find_event_date(doc)  # doc._.coop_date
        return doc


@Language.factory("coop_dates")
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
