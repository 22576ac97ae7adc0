"""Cooperation type, status, areas of science and CAMEO code.

Trigger rules live in ``patterns/cooperation.jsonl`` and field-of-science
terms in ``patterns/areas.jsonl``. Both use a subset of spaCy's token
pattern syntax, matched by a small indexed matcher (:class:`RuleSet`):

* ``LOWER``: a string or ``{"IN": [...]}`` / ``{"NOT_IN": [...]}``;
* ``LEMMA``: a lemma or ``{"IN": [...]}``. The pipeline has no lemmatizer,
  so each lemma is expanded at load time into its English inflections
  ("sign" -> sign, signs, signed, signing; "hold" -> ... held);
* ``STARTS``: lowercase prefixes (Russian stems such as "подпис");
* ``CLASS``: a named word class declared in the same file;
* ``IS_PUNCT``, ``IS_TITLE``, ``IS_UPPER``, ``LIKE_NUM``, ``IS_DIGIT``,
  ``IS_ALPHA`` (booleans), ``SHAPE`` (a string or ``{"IN": [...]}``);
* ``OP``: ``?``, ``*``, ``+`` or ``{m,n}``. An empty token (``{"OP": "{0,4}"}``)
  is a wildcard that never crosses a sentence end.

A string pattern is a phrase, split with spaCy's English tokenizer (so
"Director-General" is three tokens, as in the documents). A document's token
strings (the token view's) are turned into one code character per token (the
word's own code when a pattern names it, see :class:`_Alphabet`). Every rule
is indexed by its rarest required token ("conference", not "the") and grown
left and right from it by a regex over the codes (slots that test flags or
stems run in Python). Triggers run first; cue and block rules (in one scan)
only in the sentences of the triggers they could touch, area terms only where
an area cue precedes them. Inside ``nlp.pipe`` the component takes a batch of
documents at a time, which keeps its rules in the CPU's caches: about 0.14 ms
per document (spaCy's own ``Matcher`` took ~4 ms with these rules).

Each trigger match is a mention of a cooperation type; its status comes
from the pattern (``"status"``) or from the nearest status cue in the same
sentence (``label: "cue"`` lines: "will", "agreed to" -> agreed; "proposed",
"possibility of" -> proposed; "earlier", "in 2011" (before the event's date)
-> background; "the importance of" -> generic, which drops the mention).
``block`` lines ("press conference", "Teacher Training University") keep
trigger words from reporting a type; ``needs`` makes a rule count only with a
partner word in its sentence ("a laboratory was opened jointly with ...").

The main type is the event of the headline (the cleaner's, or the last
stand-alone line before the story when the cleaner took the site's name),
else of the lead; see :func:`choose_main`. Every other reported type is
listed once with its best status, except earlier events: a background
signing, meeting or conference ("the agreement signed in 2015") is another
event, while a background joint body or exchange still runs and is listed.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import Any

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from . import BatchedComponent
from .cleaning import extension_key, in_ranges
from .patterns import PatternError, pattern_dir, validate_line
from .text import doc_text
from .tokens import token_view
from .types import AreaMention, CoopMention, CoopResult

TYPES = (
    "agreement",
    "meeting",
    "conference",
    "joint_institution",
    "joint_research",
    "mobility",
    "training",
    "funding",
)
STATUSES = ("done", "agreed", "proposed", "background")
# Which type wins when one headline or sentence reports several events (GUIDELINES: a signing
# reported as the news is an agreement even at a meeting; a conference beats a meeting in it).
MAIN_PRIORITY = {
    "agreement": 0,
    "conference": 1,
    "meeting": 2,
    "joint_institution": 3,
    "funding": 4,
    "joint_research": 5,
    "mobility": 6,
    "training": 7,
}
STATUS_RANK = {"done": 0, "agreed": 1, "proposed": 2, "background": 3}
# Kinds that are one-off events: an earlier signing, meeting or conference ("the agreement signed
# in 2015") is another event, not part of the news, so a background one is not reported. A
# background joint body, project or exchange ("the consortium created in 2011") still runs.
EVENTS = frozenset({"agreement", "meeting", "conference"})
CUE_STATUSES = ("agreed", "proposed", "background", "generic", "year")

# CAMEO (codebook v1.1b3) code of the main type by its status. Only done and agreed events can be
# the main one. A trigger line may override the "done" code (a visit made: 042, hosted: 043).
CAMEO: dict[str, dict[str, str]] = {
    "agreement": {"done": "057", "agreed": "030"},  # Sign formal agreement / intent to cooperate
    "meeting": {"done": "040", "agreed": "036"},  # Consult / intent to meet or negotiate
    "conference": {"done": "043", "agreed": "036"},  # Host a visit / intent to meet
    "joint_institution": {"done": "061", "agreed": "0311"},  # Cooperate economically / intent
    "joint_research": {"done": "061", "agreed": "0311"},
    "mobility": {"done": "061", "agreed": "0311"},
    "training": {"done": "061", "agreed": "0311"},
    "funding": {"done": "071", "agreed": "0331"},  # Provide economic aid / intent to provide it
}

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_BOUNDARY_TEXT = frozenset({".", "!", "?", ";", "•", "·", "▪", "●"})
_UNBOUNDED = 40  # "*" and "+" never reach further than this many tokens
_NAME_TOKENS = 6  # a mention this short that holds another kind's words is one name
_OP = re.compile(r"^\{(\d*),(\d*)\}$")
_FLAGS = ("IS_PUNCT", "IS_TITLE", "IS_UPPER", "LIKE_NUM", "IS_DIGIT", "IS_ALPHA")

# ---------------------------------------------------------------------------------------------
# English inflection: the pipeline has no lemmatizer, so lemmas in patterns become word lists.

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "hold": ("held",),
    "meet": ("met",),
    "make": ("made",),
    "take": ("took", "taken"),
    "give": ("gave", "given"),
    "begin": ("began", "begun"),
    "build": ("built",),
    "lead": ("led",),
    "set": ("set",),
    "put": ("put",),
    "run": ("ran",),
    "send": ("sent",),
    "spend": ("spent",),
    "win": ("won",),
    "pay": ("paid",),
    "undertake": ("undertook", "undertaken"),
    "draw": ("drew", "drawn"),
    "come": ("came",),
    "become": ("became",),
    "see": ("saw", "seen"),
    "bring": ("brought",),
    "teach": ("taught",),
    "memorandum": ("memoranda",),
    "consortium": ("consortia",),
    "symposium": ("symposia",),
    "forum": ("fora",),
    "colloquium": ("colloquia",),
    "criterion": ("criteria",),
    "analysis": ("analyses",),
    "thesis": ("theses",),
    "person": ("people",),
}
_VOWELS = set("aeiou")


def inflections(lemma: str) -> tuple[str, ...]:
    """The lemma and its English -s/-ed/-ing forms (a superset: odd forms never occur anyway)."""
    base = lemma.lower()
    forms = {base, *_IRREGULAR.get(base, ())}
    if not base.isalpha():
        return tuple(sorted(forms))
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
        if (
            len(base) >= 3
            and base[-1] not in _VOWELS | {"w", "x", "y"}
            and base[-2] in _VOWELS
            and base[-3] not in _VOWELS
        ):
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return tuple(sorted(forms))


# ---------------------------------------------------------------------------------------------
# The matcher
#
# A doc's tokens are read as one string with one character per token (see _Alphabet), and a
# rule's slots compile to a regex over that string: the regex engine, in C, grows a match from
# its pivot. Slots that test more than words (stems, IS_TITLE, SHAPE) run in Python (_match).

_PIPE = hash_string("|")
_BOUNDARY_KEYS = frozenset(hash_string(t) for t in _BOUNDARY_TEXT)


class _Alphabet:
    """One character per word that some pattern names.

    A doc's tokens become a string with one character per token (:attr:`Tokens.codes`): the
    word's own character when a pattern names the word, :attr:`NEWLINE` for a whitespace token
    holding a line break, :attr:`OTHER` for any other token.
    """

    OTHER = "\x00"
    NEWLINE = "\x01"

    def __init__(self) -> None:
        self.char: dict[int, str] = {}  # LOWER hash -> character
        self.version = 0  # grows with each new word: codes made before then are made again
        self._next = 0x100
        self.ends = "".join(self.add(key) for key in sorted(_BOUNDARY_KEYS))
        self.pipe = self.add(_PIPE)

    def add(self, key: int) -> str:
        char = self.char.get(key)
        if char is None:
            if 0xD800 <= self._next < 0xE000:  # surrogates are no characters
                self._next = 0xE000
            char = chr(self._next)
            self._next += 1
            self.char[key] = char
            self.version += 1
        return char

    @property
    def size(self) -> int:
        """One more than the largest code point yet: tables over code points are this long and
        one more (a last entry for ``take(..., mode="clip")`` to give codes made later)."""
        return self._next


_ALPHABET = _Alphabet()
_PUNCT_ENDS = frozenset(_ALPHABET.ends)  # ".", "!", "?", ";" and bullets
_ENDS = _PUNCT_ENDS | {_Alphabet.NEWLINE}  # ... and line breaks: every sentence end
_PUNCT_END_POINTS = frozenset(map(ord, _PUNCT_ENDS))
_END_POINTS = frozenset(map(ord, _ENDS))


def _chars(keys: Iterable[int] | None) -> frozenset[str] | None:
    return None if keys is None else frozenset(_ALPHABET.add(key) for key in keys)


def _points(chars: Iterable[str] | None) -> frozenset[int] | None:
    return None if chars is None else frozenset(map(ord, chars))


def _char_class(chars: Iterable[str], negate: bool = False) -> str:
    """A regex class of token codes, written as the characters themselves: the regex parser
    reads thousands of ``\\U0000xxxx`` escapes (half the time of compiling the rules)."""
    body = "".join(map(re.escape, sorted(set(chars))))
    return f"[{'^' if negate else ''}{body}]"


_ENDS_TABLE = np.zeros(_ALPHABET.size + 1, dtype=bool)
_ENDS_TABLE[[ord(c) for c in _ENDS]] = True


class _Codes(dict):  # type: ignore[type-arg]
    """Token text -> its code point (see :class:`_Alphabet`): a vocabulary of token texts,
    emptied when it reaches ``_CODES_CAP`` entries or the alphabet grows (``version``).

    A word's code is that of the LOWER hash of its lower case; a whitespace token holding a
    line break is a ``NEWLINE``; any other token is ``OTHER``.
    """

    version = -1

    def __missing__(self, text: str) -> int:
        if len(self) >= _CODES_CAP:
            self.clear()
        char = _ALPHABET.char.get(hash_string(text.lower()))
        if char is None:
            char = _Alphabet.NEWLINE if "\n" in text and text.isspace() else _Alphabet.OTHER
        point = self[text] = ord(char)
        return point


_CODES = _Codes()
_CODES_CAP = 200_000
_POINT_TYPECODE = "I" if array("I").itemsize == 4 else "L"  # code points as 4-byte integers
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@dataclass(frozen=True)
class Slot:
    """One token of a pattern: a test and how many tokens it takes."""

    words: frozenset[str] | None = None
    starts: tuple[str, ...] | None = None
    not_words: frozenset[str] | None = None
    flags: tuple[tuple[str, bool], ...] = ()
    shapes: frozenset[str] | None = None
    low: int = 1
    high: int = 1
    # 0: a plain word-set test; 1: a wildcard; 2: anything else (stems, flags, shapes)
    mode: int = field(init=False, default=2)
    # the words and not_words as spaCy string hashes and as token codes (see _Alphabet)
    keys: frozenset[int] | None = field(init=False, default=None)
    not_keys: frozenset[int] | None = field(init=False, default=None)
    chars: frozenset[str] | None = field(init=False, default=None)
    not_chars: frozenset[str] | None = field(init=False, default=None)
    points: frozenset[int] | None = field(init=False, default=None)  # ... as their code points
    not_points: frozenset[int] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.words is not None:
            object.__setattr__(self, "keys", frozenset(hash_string(w) for w in self.words))
        if self.not_words is not None:
            object.__setattr__(self, "not_keys", frozenset(hash_string(w) for w in self.not_words))
        object.__setattr__(self, "chars", _chars(self.keys))
        object.__setattr__(self, "not_chars", _chars(self.not_keys))
        object.__setattr__(self, "points", _points(self.chars))
        object.__setattr__(self, "not_points", _points(self.not_chars))
        wild = self.words is None and self.starts is None and not self.flags and self.shapes is None
        plain = (
            self.words is not None
            and self.starts is None
            and self.not_words is None
            and not self.flags
            and self.shapes is None
        )
        object.__setattr__(self, "mode", 1 if wild else 0 if plain else 2)

    @property
    def wildcard(self) -> bool:
        return self.mode == 1


@dataclass(frozen=True)
class Rule:
    """A compiled pattern line: what it marks and its slots."""

    kind: str  # a cooperation type, "cue", "area", "area_cue"
    slots: tuple[Slot, ...]
    id: str = ""
    status: str | None = None  # fixed status of a trigger, or the status a cue gives
    scope: str = "before"  # cues: "before", "after", "both", "around" (before or inside)
    title_only: bool = False
    main: bool = True
    unless: tuple[str, ...] = ()
    cameo: str | None = None
    code: str | None = None  # areas: the FOS code
    window: int | None = None  # cues: how many tokens away from the trigger they may stand
    fallback: bool = False  # a broad rule ("the ... meeting"): loses overlaps to specific ones
    blocks: tuple[str, ...] = ()  # block rules: the types no trigger overlapping them may report
    needs: frozenset[int] = frozenset()  # LOWER hashes one of which the sentence must hold
    needs_points: frozenset[int] = field(init=False, default=frozenset())  # ... as code points

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs_points", _points(_chars(self.needs)))


# (language, token text) -> (its flags as bits of _FLAG_BITS, its shape); at most _LEX_CAP
_LEX_CACHE: dict[tuple[str, str], tuple[int, str]] = {}
_LEX_CAP = 20_000
_STEM_CAP = 50_000  # token texts whose stems a rule set remembers
_FLAG_BITS = {name: 1 << k for k, name in enumerate(_FLAGS)}


class Tokens:
    """What the matcher reads from a doc.

    ``idx`` (char offsets) and ``texts`` per token (the token view's);
    ``codes``, one character per token (see :class:`_Alphabet`), and ``points`` / ``plist``,
    their code points (an array / a list); ``ends``, the sorted indices of
    the tokens that end a sentence. A sentence ends at ".", "!", "?", ";", a bullet or a line
    break (spaCy keeps a newline as its own token: a token's trailing whitespace is at most one
    space); sentence ``s`` is the tokens after ``ends[s - 1]`` up to and including ``ends[s]``.
    """

    __slots__ = (
        "doc",
        "size",
        "points",
        "plist",
        "codes",
        "ends",
        "version",
        "stems",
        "pivots",
        "texts",
        "_rcodes",
        "_view",
        "_idx",
        "_lang",
    )

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._view: Any = token_view(doc)
        self.texts: list[str] = self._view.texts  # read in hot loops: an attribute
        self.size = len(self.texts)
        self._idx: list[int] | None = None
        self._lang: str | None = None
        self.stems: tuple[Any, dict[int, tuple[str, ...]]] | None = None  # (rule set, stem hits)
        self.pivots: tuple[Any, np.ndarray] | None = None  # (rule set, pivot bits per token)
        self.encode()

    def encode(self) -> None:
        """(Re)make ``points``, ``codes`` and ``ends`` with the current alphabet.

        The codes come from the token view's strings through :data:`_CODES` (a vocabulary of
        token texts): one C-level map per doc instead of reading the LOWER hashes from the doc
        and looking them up in the alphabet's hash table.
        """
        self.version = _ALPHABET.version
        self._rcodes: str | None = None
        self.pivots = None
        table = _CODES
        if table.version != self.version:
            table.clear()
            table.version = self.version
        plist = list(map(table.__getitem__, self.texts))
        packed = array(_POINT_TYPECODE, plist)
        points = np.frombuffer(packed, dtype=np.uint32) if plist else np.zeros(0, np.uint32)
        self.points = points
        self.plist: list[int] = plist
        self.codes = packed.tobytes().decode(_UTF32)
        self.ends = _ENDS_TABLE.take(points, mode="clip").nonzero()[0].tolist()

    @property
    def rcodes(self) -> str:
        """``codes`` reversed: the slots left of a pivot match it walking left."""
        if self._rcodes is None:
            self._rcodes = self.codes[::-1]
        return self._rcodes

    @property
    def view(self) -> Any:
        return self._view

    @property
    def idx(self) -> list[int]:
        if self._idx is None:
            # the token view holds the offsets already; read them from the doc if it ever stops
            idx = getattr(self.view, "_idx", None)
            self._idx = idx if idx is not None else self.doc.to_array(IDX).tolist()
        return self._idx  # type: ignore[return-value]

    def lex(self, i: int) -> tuple[int, str]:
        """The flags (``IS_TITLE``, ... as bits of ``_FLAG_BITS``) and the shape of token ``i``,
        cached by its text: they are its lexeme's."""
        lang = self._lang
        if lang is None:
            lang = self._lang = self.doc.vocab.lang  # a property that costs a lookup each time
        key = (lang, self.texts[i])
        got = _LEX_CACHE.get(key)
        if got is None:
            token = self.doc[i]
            bits = sum(bit for name, bit in _FLAG_BITS.items() if getattr(token, name.lower()))
            got = (bits, token.shape_)
            if len(_LEX_CACHE) >= _LEX_CAP:
                _LEX_CACHE.clear()
            _LEX_CACHE[key] = got
        return got

    def sent_of(self, i: int) -> int:
        return bisect_left(self.ends, i)

    def bounds(self, sent: int) -> tuple[int, int]:
        """First and last token of sentence ``sent``."""
        ends = self.ends
        lo = ends[sent - 1] + 1 if sent else 0
        hi = ends[sent] if sent < len(ends) else self.size - 1
        return lo, hi


def doc_tokens(doc: Doc) -> Tokens:
    """Token codes and sentence ends of a doc's tokens."""
    return Tokens(doc)


def menu_sentences(toks: Tokens) -> frozenset[int]:
    """Sentences (lines) with two or more "|" separators: site menus the cleaner left."""
    pipe = _ALPHABET.pipe
    codes = toks.codes
    if codes.count(pipe) < 2:
        return frozenset()
    counts: dict[int, int] = {}
    i = codes.find(pipe)
    while i >= 0:
        sent = toks.sent_of(i)
        counts[sent] = counts.get(sent, 0) + 1
        i = codes.find(pipe, i + 1)
    return frozenset(sent for sent, n in counts.items() if n >= 2)


def _slot_test(slot: Slot, toks: Tokens, i: int) -> bool:
    code = toks.plist[i]
    mode = slot.mode
    if mode == 0:
        return code in slot.points  # type: ignore[operator]
    if mode == 1:
        if code in _END_POINTS:
            return False
        return slot.not_points is None or code not in slot.not_points
    if slot.points is not None or slot.starts is not None:
        hit = (slot.points is not None and code in slot.points) or (
            slot.starts is not None and toks.texts[i].lower().startswith(slot.starts)
        )
        if not hit:
            return False
    if slot.not_points is not None and code in slot.not_points:
        return False
    if slot.flags or slot.shapes is not None:
        flags, shape = toks.lex(i)
        for name, want in slot.flags:
            if bool(flags & _FLAG_BITS[name]) != want:
                return False
        if slot.shapes is not None and shape not in slot.shapes:
            return False
    return True


def _match(slots: Sequence[Slot], k: int, i: int, toks: Tokens, lo: int, hi: int, step: int) -> int:
    """Match ``slots[k:]`` from token ``i`` walking by ``step`` (+1 right, -1 left).

    Returns the index after the last token taken (in walking direction), or -2 for no match.
    Matches stay inside the sentence of tokens [lo, hi]. Wildcards are lazy (the nearest
    continuation wins); other repeats are greedy. (:func:`_slot_regex` gives the same semantics
    to the rules that compile to a regex.)
    """
    codes = toks.plist
    count_slots = len(slots)
    while True:  # single-token slots, the common case, without recursion
        if k == count_slots:
            return i
        slot = slots[k]
        if slot.low != 1 or slot.high != 1:
            break
        if not lo <= i <= hi:
            return -2
        if slot.mode == 0:
            if codes[i] not in slot.points:  # type: ignore[operator]
                return -2
        elif not _slot_test(slot, toks, i):
            return -2
        k += 1
        i += step
    n = 0
    j = i
    high = slot.high
    if slot.mode == 1:  # a wildcard, tested here: it walks up to 40 tokens
        nots = slot.not_points
        while n < high and lo <= j <= hi:
            code = codes[j]
            if code in _END_POINTS or (nots is not None and code in nots):
                break
            n += 1
            j += step
    elif slot.mode == 0:
        points = slot.points
        while n < high and lo <= j <= hi and codes[j] in points:  # type: ignore[operator]
            n += 1
            j += step
    else:
        while n < high and lo <= j <= hi and _slot_test(slot, toks, j):
            n += 1
            j += step
    if n < slot.low:
        return -2
    counts: Iterable[int] = range(slot.low, n + 1) if slot.mode == 1 else range(n, slot.low - 1, -1)
    for count in counts:
        end = _match(slots, k + 1, i + count * step, toks, lo, hi, step)
        if end != -2:
            return end
    return -2


def _slot_regex(slot: Slot, approximate: bool = False) -> str | None:
    """A slot as a regex over token codes; None when it tests more than words.

    A wildcard takes any token but a sentence end (nor its NOT_IN words) and is lazy; other
    repeats are greedy, as in :func:`_match`. ``approximate`` turns a slot that tests more
    than words into "any token": a regex that any match of the rule matches too.
    """
    if slot.mode == 1:
        body = _char_class([*_ENDS, *(slot.not_chars or ())], negate=True)
    elif slot.starts is None and not slot.flags and slot.shapes is None and slot.chars is not None:
        chars = slot.chars - (slot.not_chars or frozenset())
        body = _char_class(chars) if chars else "(?!)"
    elif approximate:
        body = r"[\s\S]"
    else:
        return None
    if slot.low == 1 and slot.high == 1:
        return body
    return f"{body}{{{slot.low},{slot.high}}}{'?' if slot.mode == 1 else ''}"


def _slots_regex(slots: Sequence[Slot], approximate: bool = False) -> re.Pattern[str] | None:
    parts = [_slot_regex(slot, approximate) for slot in slots]
    if not parts or any(part is None for part in parts):
        return None
    return re.compile("".join(parts))  # type: ignore[arg-type]


# Words too common to tell whether a rule can match: such slots make poor pivots.
_COMMON_WORDS = frozenset(
    "a an the this that these those its their his her our is are was were be been being has have "
    "had will shall would of in on for to with by and or at from as two three four five both first "
    "second third next last annual another each several 's got get also today yesterday recently "
    "successfully officially it which".split()
)
# Frequent content words of cooperation news: better pivots than function words, worse than rest.
_FREQUENT_WORDS = frozenset(
    "research cooperation co-operation scientific science technology technologies international "
    "university universities development project projects joint academy institute national "
    "state education educational field fields area areas work".split()
)


def pivot_of(slots: Sequence[Slot]) -> int:
    """The slot a rule is indexed by: its most telling single required token."""
    best, best_score = -1, (float("inf"), 0, 0)
    for number, slot in enumerate(slots):
        if slot.low != 1 or slot.high != 1:
            continue
        if slot.words is not None and slot.starts is None:
            common = len(slot.words & _COMMON_WORDS) + 0.5 * len(slot.words & _FREQUENT_WORDS)
            score = (common, len(slot.words), -number)  # ties: the later word, often the head
        elif slot.starts is not None:
            score = (0.25, 0, -number)
        else:
            continue
        if score < best_score:
            best, best_score = number, score
    return best


# Rules run in groups: triggers first, then cues and blocks only in the sentences that hold a
# trigger, area terms only in sentences with an area cue.
GROUPS = ("trigger", "cue", "block", "area_cue", "area")


def _group_of(kind: str) -> str:
    return kind if kind in GROUPS else "trigger"


class Indexed:
    """A rule split at its pivot: the slots to its left (reversed) and to its right.

    ``plan`` is what :meth:`RuleSet.scan` reads, as one tuple: the rule; whether it counts only
    in the headline; whether the pivot is the whole rule; the offset, codes and slot of a
    one-token neighbour of the pivot tested first; then for the right side and the left side:
    the codes of its one-token word slots when it has nothing else (tested in Python, cheaper
    than a regex call), else its regex over token codes (exact, or an approximate one that
    only rules out: the slots then run in :func:`_match`), and its slots.
    """

    __slots__ = ("rule", "left", "right", "peek", "single", "plan")

    def __init__(self, rule: Rule, left: tuple[Slot, ...], right: tuple[Slot, ...]) -> None:
        self.rule = rule
        self.left = left
        self.right = right
        self.peek = _peek(left, right)
        self.single = not left and len(right) == 1 and right[0].mode == 0
        # the pivot's own slot is matched by its code already when it is a plain word slot
        right_fixed = _word_codes(right[1:]) if right[0].mode == 0 else None
        left_fixed = _word_codes(left)
        right_re = _slots_regex(right) if right_fixed is None else None
        left_re = _slots_regex(left) if left_fixed is None else None
        right_pre = _slots_regex(right, True) if right_fixed is None and right_re is None else None
        left_pre = _slots_regex(left, True) if left_fixed is None and left_re is None else None
        peek_offset, peek_slot = self.peek if self.peek is not None else (0, None)
        if peek_slot is not None:
            fixed, pre, side = (
                (right_fixed, right_pre, right[1:])
                if peek_offset == 1
                else (left_fixed, left_pre, left)
            )
            if fixed is not None:
                peek_slot = None  # tested with its side
            elif peek_slot.mode != 0 and pre is not None and any(s.mode == 0 for s in side):
                peek_slot = None  # a word further out rules out more, in C, than this flag
        self.plan = (
            rule,
            rule.title_only,
            self.single,
            peek_offset,
            peek_slot.points if peek_slot is not None and peek_slot.mode == 0 else None,
            peek_slot,
            right_fixed,
            right_re,
            right_pre,
            right,
            left_fixed,
            left_re,
            left_pre,
            left,
        )


def _words_at(codes: list[int], i: int, step: int, words: Sequence[frozenset[int]]) -> bool:
    """Whether the tokens after (``step`` 1) or before (-1) token ``i`` have ``words``' codes."""
    return all(codes[i + step * k] in points for k, points in enumerate(words, 1))


def _word_codes(slots: Sequence[Slot]) -> tuple[frozenset[int], ...] | None:
    """The code points of each slot when every slot takes one token from a set of words."""
    if all(slot.mode == 0 and slot.low == 1 and slot.high == 1 for slot in slots):
        return tuple(slot.points for slot in slots)  # type: ignore[misc]
    return None


def _peek(left: tuple[Slot, ...], right: tuple[Slot, ...]) -> tuple[int, Slot] | None:
    for offset, slots in ((1, right[1:2]), (-1, left[:1])):
        if slots and slots[0].mode != 1 and slots[0].low == 1 and slots[0].high == 1:
            return offset, slots[0]
    return None


Plan = tuple[Any, ...]


class _Group:
    """Rules indexed by the code of their pivot's words (or by its stems); ``plain`` leaves out
    the headline-only rules; ``bit`` marks the group's pivot words in :attr:`RuleSet.pivots`."""

    def __init__(self, entries: Sequence[tuple[Slot, Indexed]], bit: int) -> None:
        self.bit = bit
        self.by_char: dict[int, list[Plan]] = {}  # by the code point of the pivot word
        self.by_stem: dict[str, list[Plan]] = {}
        for pivot, entry in entries:
            for point in pivot.points or ():
                self.by_char.setdefault(point, []).append(entry.plan)
            for stem in pivot.starts or ():
                self.by_stem.setdefault(stem, []).append(entry.plan)
        self.plain = {
            point: [plan for plan in plans if not plan[1]] for point, plans in self.by_char.items()
        }


class RuleSet:
    """Rules indexed by the words (or stems) of their pivot token.

    A match is grown from the pivot: the slots after it to the right, the slots before it to
    the left. Pivoting on the rarest token ("conference", not "the") keeps attempts few; the
    pivots themselves are found by one table lookup over the token codes.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        for rule in self.rules:
            for slot in rule.slots:
                if any("\n" in w for w in (*(slot.words or ()), *(slot.not_words or ()))):
                    raise ValueError(f"rule {rule.id or rule.kind!r}: a word holds a line break")
        self.by_stem: dict[str, list[Indexed]] = {}
        indexed: list[tuple[Slot, Indexed]] = []
        for rule in self.rules:
            p = pivot_of(rule.slots)
            if p < 0:
                raise ValueError(f"rule {rule.id or rule.kind!r} has no token to index it by")
            pivot = rule.slots[p]
            entry = Indexed(rule, tuple(reversed(rule.slots[:p])), rule.slots[p:])
            indexed.append((pivot, entry))
            for stem in pivot.starts or ():
                self.by_stem.setdefault(stem, []).append(entry)
        self.groups = {
            name: _Group([(p, e) for p, e in indexed if _group_of(e.rule.kind) == name], 1 << k)
            for k, name in enumerate(GROUPS)
        }
        self.all = _Group(indexed, (1 << len(GROUPS)) - 1)
        # code point -> the groups it is a pivot word of, one bit each
        self.pivots = np.zeros(_ALPHABET.size + 1, dtype=np.uint8)
        for group in self.groups.values():
            self.pivots[list(group.by_char)] |= group.bit
        # cues and blocks run in the same sentences (those of the triggers): one scan for both
        self.groups["cue_block"] = _Group(
            [(p, e) for p, e in indexed if e.rule.kind in ("cue", "block")],
            self.groups["cue"].bit | self.groups["block"].bit,
        )
        canon: dict[Rule, int] = {}  # equal rules (by value) share a number
        self._canon = {id(e.plan): canon.setdefault(e.rule, len(canon)) for _, e in indexed}
        self.stems = tuple(self.by_stem)
        # stems grouped by their first two letters: one dict lookup per token, not a scan
        heads: dict[str, list[str]] = {}
        for stem in self.stems:
            if len(stem) < 2:
                raise ValueError(f"stem {stem!r} is shorter than two letters")
            heads.setdefault(stem[:2], []).append(stem)
        self.stem_heads = {head: tuple(group) for head, group in heads.items()}
        self._stem_cache: dict[str, tuple[str, ...]] = {}  # token text -> its stems

    def _stems_of(self, text: str) -> tuple[str, ...]:
        """The stems the lower case of a token's text starts with."""
        low = text.lower()
        heads = self.stem_heads.get(low[:2])
        if heads is None or not low.startswith(heads):
            return ()
        return tuple(s for s in heads if low.startswith(s))

    def _stem_hits(self, toks: Tokens) -> dict[int, tuple[str, ...]]:
        """Token index -> the stems it starts with (Cyrillic: only for non-English texts).

        The stems of a token text are kept in :attr:`_stem_cache` (a vocabulary: at most
        ``_STEM_CAP`` texts), read for the whole doc in one ``map``: lowering and testing every
        token of a Russian text was a tenth of its time in this component.
        """
        if toks.stems is not None and toks.stems[0] is self:
            return toks.stems[1]
        hits: dict[int, tuple[str, ...]] = {}
        if self.stem_heads and _extension(toks.doc, "coop_language") != "en":
            texts = toks.texts
            cache = self._stem_cache
            found = list(map(cache.get, texts))
            if None in found:  # texts not seen before
                if len(cache) >= _STEM_CAP:
                    cache.clear()
                i = found.index(None)
                while True:
                    text = texts[i]
                    found[i] = cache[text] = self._stems_of(text)
                    try:
                        i = found.index(None, i + 1)
                    except ValueError:
                        break
            hits = {i: found[i] for i in compress(range(len(found)), found)}
        toks.stems = (self, hits)
        return hits

    def matches(self, toks: Tokens) -> list[tuple[Rule, int, int]]:
        """Every (rule, start token, end token) match, one per rule and pivot token."""
        return [(rule, s, e) for rule, s, e, _ in self.scan(toks, self.all)]

    def scan(
        self,
        toks: Tokens,
        group: _Group | str,
        windows: Iterable[tuple[int, int]] | None = None,
        skip: frozenset[int] | None = None,
        title: tuple[int, int, frozenset[int]] | None = None,
    ) -> list[tuple[Rule, int, int, int]]:
        """(rule, start, end, sentence) of the matches of ``group``, in token order.

        Only pivots inside ``windows`` (sorted token ranges [lo, hi]) and outside sentences
        ``skip`` are tried; ``title`` = (first token, end token, sentences) bounds where
        headline-only rules are tried.
        """
        if isinstance(group, str):
            group = self.groups[group]
        if toks.version != _ALPHABET.version:
            toks.encode()  # rules compiled after the doc was coded
        out: list[tuple[Rule, int, int, int]] = []
        n = toks.size
        if not n or not (group.by_char or group.by_stem):
            return out
        codes = toks.codes
        spans = list(windows) if windows is not None else None
        hits = self._stem_hits(toks) if group.by_stem else None
        merged = self._with_stems(toks, hits, group, spans) if hits else None
        positions = sorted(merged) if merged is not None else self._positions(toks, group, spans)
        by_char, plain = group.by_char, group.plain
        pts = toks.plist
        ends = toks.ends
        count_ends = len(ends)
        sent = -1
        s_lo = s_hi = -1
        t_lo, t_hi, heads = title if title is not None else (0, 0, frozenset())
        title_ok = True
        for i in positions:
            if i > s_hi:
                sent = bisect_left(ends, i, sent + 1)
                s_lo = ends[sent - 1] + 1 if sent else 0
                s_hi = ends[sent] if sent < count_ends else n - 1
            if skip is not None and sent in skip:
                continue
            if title is not None:
                title_ok = t_lo <= i < t_hi or sent in heads
            if merged is not None:
                plans = merged[i]
            else:
                plans = by_char[pts[i]] if title_ok else plain[pts[i]]
            for (
                rule,
                title_only,
                single,
                peek_offset,
                peek_points,
                peek_slot,
                right_fixed,
                right_re,
                right_pre,
                right,
                left_fixed,
                left_re,
                left_pre,
                left,
            ) in plans:
                if title_only and not title_ok:
                    continue  # a headline-only rule outside the headline
                if single:
                    out.append((rule, i, i + 1, sent))
                    continue
                if peek_slot is not None:  # a cheap test of the pivot's neighbour first
                    j = i + peek_offset
                    if not 0 <= j < n:
                        continue
                    if peek_points is not None:
                        if pts[j] not in peek_points:
                            continue
                    elif not _slot_test(peek_slot, toks, j):
                        continue
                if right_fixed is not None:
                    count = len(right_fixed)
                    end = i + 1 + count
                    if count and (
                        end - 1 > s_hi
                        or pts[i + 1] not in right_fixed[0]
                        or (count > 1 and not _words_at(pts, i, 1, right_fixed))
                    ):
                        continue
                if left_fixed is not None:
                    count = len(left_fixed)
                    start = i - count
                    if count and (
                        start < s_lo
                        or pts[i - 1] not in left_fixed[0]
                        or (count > 1 and not _words_at(pts, i, -1, left_fixed))
                    ):
                        continue
                if right_fixed is None:
                    if right_re is not None:
                        found = right_re.match(codes, i, s_hi + 1)
                        if found is None:
                            continue
                        end = found.end()
                    else:
                        if right_pre is not None and right_pre.match(codes, i, s_hi + 1) is None:
                            continue
                        end = _match(right, 0, i, toks, s_lo, s_hi, 1)
                        if end == -2:
                            continue
                if left_fixed is None:
                    if left_re is not None:
                        found = left_re.match(toks.rcodes, n - i, n - s_lo)
                        if found is None:
                            continue
                        start = n - found.end()
                    else:
                        if (
                            left_pre is not None
                            and left_pre.match(toks.rcodes, n - i, n - s_lo) is None
                        ):
                            continue
                        start = _match(left, 0, i - 1, toks, s_lo, s_hi, -1) + 1
                        if start == -1:
                            continue
                out.append((rule, start, end, sent))
        return out

    def _with_stems(
        self,
        toks: Tokens,
        hits: dict[int, tuple[str, ...]],
        group: _Group,
        spans: list[tuple[int, int]] | None,
    ) -> dict[int, list[Plan]]:
        """Pivots by word and by stem merged: word rules first, then stem rules, each rule
        once (rules equal in value count once, as they always have)."""
        pts = toks.plist
        merged = {i: group.by_char[pts[i]] for i in self._positions(toks, group, spans)}
        starts = [lo for lo, _ in spans] if spans is not None else None
        for i, stems in hits.items():
            if spans is not None:  # sorted, disjoint: the one starting last at or before i
                k = bisect_right(starts, i) - 1  # type: ignore[arg-type]
                if k < 0 or i > spans[k][1]:
                    continue
            extra = [p for s in stems for p in group.by_stem.get(s, ())]
            if extra:
                plans: dict[int, Plan] = {}
                for plan in merged.get(i, []) + extra:
                    plans.setdefault(self._canon[id(plan)], plan)
                merged[i] = list(plans.values())
        return merged

    def _positions(
        self, toks: Tokens, group: _Group, spans: list[tuple[int, int]] | None
    ) -> list[int]:
        """Indices of the tokens whose code is a pivot word of ``group``, inside ``spans``."""
        if toks.pivots is None or toks.pivots[0] is not self:
            toks.pivots = (self, self.pivots.take(toks.points, mode="clip"))
        found = (toks.pivots[1] & group.bit).nonzero()[0].tolist()
        if spans is None or not found:
            return found
        inside = []
        for lo, hi in spans:
            inside += found[bisect_left(found, lo) : bisect_right(found, hi)]
        return inside


# ---------------------------------------------------------------------------------------------
# Loading pattern files

_TOKEN_KEYS = {"LOWER", "LEMMA", "STARTS", "CLASS", "SHAPE", "OP", *_FLAGS}


@lru_cache(maxsize=1)
def _phrase_tokenizer() -> Any:
    from .text import english_tokenizer

    return english_tokenizer()


# A phrase of words made of letters, a single hyphen joining two of them ("agro-industrial"):
# spaCy's English tokenizer splits it at spaces and hyphens and changes nothing else.
_PLAIN_PHRASE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?: [^\W\d_]+(?:-[^\W\d_]+)*)*")
_HYPHEN_SPLIT = re.compile(r"(-)")


def phrase_words(phrase: str) -> list[str]:
    """The lowercase tokens of a string pattern, as spaCy's English tokenizer splits it.

    Building that tokenizer (its prefix, suffix and infix expressions) took two thirds of
    compiling the pattern files, and almost every phrase is plain words: those are split
    here (tests check both ways agree on every phrase of the files); others go to spaCy.
    """
    if _PLAIN_PHRASE.fullmatch(phrase):
        return [part.lower() for word in phrase.split(" ") for part in _HYPHEN_SPLIT.split(word)]
    return [t.lower_ for t in _phrase_tokenizer()(phrase) if not t.is_space]


def _strings(value: Any, file: str, line: int, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        if all(isinstance(v, str) for v in value["IN"]):
            return list(value["IN"])
    raise PatternError(file, line, "pattern", f"{what} must be a string or {{'IN': [strings]}}")


def _op_range(op: Any, file: str, line: int) -> tuple[int, int]:
    if op is None:
        return 1, 1
    fixed = {"?": (0, 1), "*": (0, _UNBOUNDED), "+": (1, _UNBOUNDED), "!": None}
    if op in fixed and fixed[op] is not None:
        return fixed[op]  # type: ignore[return-value]
    found = _OP.match(op) if isinstance(op, str) else None
    if not found:
        raise PatternError(file, line, "pattern", f"unsupported OP {op!r}")
    low = int(found.group(1) or 0)
    high = int(found.group(2)) if found.group(2) else _UNBOUNDED
    if high < low or high == 0:
        raise PatternError(file, line, "pattern", f"empty OP range {op!r}")
    return low, high


def compile_token(
    spec: dict[str, Any], classes: dict[str, dict[str, Any]], file: str, line: int
) -> Slot:
    unknown = set(spec) - _TOKEN_KEYS
    if unknown:
        raise PatternError(file, line, "pattern", f"unknown token key(s) {sorted(unknown)}")
    words: set[str] | None = None
    starts: list[str] | None = None
    not_words: set[str] | None = None

    def add_words(items: Iterable[str]) -> None:
        nonlocal words
        words = (words or set()) | {w.lower() for w in items}

    if "LOWER" in spec:
        value = spec["LOWER"]
        if isinstance(value, dict) and set(value) == {"NOT_IN"}:
            not_words = {w.lower() for w in value["NOT_IN"]}
        else:
            add_words(_strings(value, file, line, "LOWER"))
    if "LEMMA" in spec:
        add_words(
            w for lemma in _strings(spec["LEMMA"], file, line, "LEMMA") for w in inflections(lemma)
        )
    if "STARTS" in spec:
        starts = [s.lower() for s in _strings(spec["STARTS"], file, line, "STARTS")]
    if "CLASS" in spec:
        for name in _strings(spec["CLASS"], file, line, "CLASS"):
            if name not in classes:
                raise PatternError(file, line, "pattern", f"unknown CLASS {name!r}")
            cls = classes[name]
            add_words(cls["words"])
            if cls["stems"]:
                starts = (starts or []) + list(cls["stems"])
    flags = []
    for name in _FLAGS:
        if name in spec:
            if not isinstance(spec[name], bool):
                raise PatternError(file, line, "pattern", f"{name} must be true or false")
            flags.append((name, spec[name]))
    shapes = None
    if "SHAPE" in spec:
        shapes = frozenset(_strings(spec["SHAPE"], file, line, "SHAPE"))
    low, high = _op_range(spec.get("OP"), file, line)
    return Slot(
        words=frozenset(words) if words is not None else None,
        starts=tuple(starts) if starts else None,
        not_words=frozenset(not_words) if not_words is not None else None,
        flags=tuple(flags),
        shapes=shapes,
        low=low,
        high=high,
    )


def compile_pattern(
    pattern: str | list[dict[str, Any]], classes: dict[str, dict[str, Any]], file: str, line: int
) -> tuple[Slot, ...]:
    if isinstance(pattern, str):
        words = phrase_words(pattern)
        slots = tuple(Slot(words=frozenset({w})) for w in words)
    else:
        slots = tuple(compile_token(spec, classes, file, line) for spec in pattern)
    if not slots:
        raise PatternError(file, line, "pattern", "pattern has no tokens")
    if pivot_of(slots) < 0:
        raise PatternError(
            file, line, "pattern", "no token is required once and names words, a CLASS or STARTS"
        )
    if slots[-1].wildcard or slots[0].wildcard:
        raise PatternError(file, line, "pattern", "a pattern must not start or end with a wildcard")
    return slots


Lines = list[tuple[int, dict[str, Any]]]


def read_lines(text: str, file: str, extra: dict[str, tuple[type, ...]]) -> Lines:
    """(line number, object) for each JSONL line, checked with the project's pattern schema."""
    schema = {"label": (str,), "pattern": (str, list), "id": (str,), **extra}
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(file, number, None, f"not valid JSON: {exc.msg}") from None
        out.append((number, validate_line(obj, file, number, schema, ("label",))))
    return out


def read_classes(items: Lines, file: str) -> dict[str, dict[str, Any]]:
    classes: dict[str, dict[str, Any]] = {}
    for number, item in items:
        if item.get("label") != "class":
            continue
        name = item.get("id")
        if not name:
            raise PatternError(file, number, "id", "a class needs an id")
        words = {w.lower() for w in item.get("words", [])}
        words |= {w for lemma in item.get("lemmas", []) for w in inflections(lemma)}
        for other in item.get("classes", []):
            if other not in classes:
                raise PatternError(file, number, "classes", f"unknown class {other!r}")
            words |= classes[other]["words"]
        stems = tuple(s.lower() for s in item.get("stems", []))
        classes[name] = {"words": words, "stems": stems}
    return classes


_CLASS_KEYS = {"lemmas": (list,), "words": (list,), "stems": (list,), "classes": (list,)}
_COOP_KEYS = {
    **_CLASS_KEYS,
    "status": (str,),
    "scope": (str,),
    "where": (str,),
    "main": (bool,),
    "unless": (list,),
    "cameo": (str,),
    "window": (int,),
    "fallback": (bool,),
    "blocks": (list,),
    "needs": (list,),
}
_AREA_KEYS = {**_CLASS_KEYS, "name": (str,)}


def cooperation_rules_from(items: Lines, file: str) -> list[Rule]:
    """Compile the lines of a cooperation pattern file (see :func:`read_lines`)."""
    classes = read_classes(items, file)
    rules = []
    for number, item in items:
        label = item.get("label")
        if label == "class":
            continue
        if "pattern" not in item:
            raise PatternError(file, number, "pattern", "missing required key")
        slots = compile_pattern(item["pattern"], classes, file, number)
        status = item.get("status")
        if label == "cue":
            if status not in CUE_STATUSES:
                raise PatternError(
                    file, number, "status", f"a cue's status is one of {CUE_STATUSES}"
                )
            scope = item.get("scope", "before")
            if scope not in ("before", "after", "around", "both"):
                raise PatternError(file, number, "scope", "before, after, around or both")
            window = item.get("window")
            if window is not None and window < 0:
                raise PatternError(file, number, "window", "must not be negative")
            rules.append(
                Rule("cue", slots, item.get("id", ""), status=status, scope=scope, window=window)
            )
            continue
        if label == "block":
            blocks = tuple(item.get("blocks", TYPES))
            for other in blocks:
                if other not in TYPES:
                    raise PatternError(file, number, "blocks", f"unknown type {other!r}")
            rules.append(Rule("block", slots, item.get("id", ""), blocks=blocks))
            continue
        if label not in TYPES:
            raise PatternError(file, number, "label", f"unknown label {label!r}")
        if status is not None and status not in STATUSES:
            raise PatternError(file, number, "status", f"one of {STATUSES}")
        unless = tuple(item.get("unless", []))
        for other in unless:
            if other not in TYPES:
                raise PatternError(file, number, "unless", f"unknown type {other!r}")
        where = item.get("where", "any")
        if where not in ("any", "title"):
            raise PatternError(file, number, "where", "'any' or 'title'")
        cameo = item.get("cameo")
        if cameo is not None and not re.fullmatch(r"\d{2,4}", cameo):
            raise PatternError(file, number, "cameo", "a CAMEO code is 2 to 4 digits")
        rules.append(
            Rule(
                label,
                slots,
                item.get("id", ""),
                status=status,
                title_only=where == "title",
                main=item.get("main", True),
                unless=unless,
                cameo=cameo,
                fallback=item.get("fallback", False),
                needs=frozenset(hash_string(w.lower()) for w in item.get("needs", [])),
            )
        )
    return rules


def area_rules_from(items: Lines, file: str) -> tuple[list[Rule], dict[str, str]]:
    """Compile an areas file: field lines (code -> label), cue lines and term lines."""
    classes = read_classes(items, file)
    labels: dict[str, str] = {}
    for number, item in items:
        if item.get("label") == "field":
            if not item.get("id") or not item.get("name"):
                raise PatternError(file, number, "id", "a field needs an id (the code) and a name")
            labels[item["id"]] = item["name"]
    rules = []
    for number, item in items:
        label = item.get("label")
        if label in ("class", "field"):
            continue
        if "pattern" not in item:
            raise PatternError(file, number, "pattern", "missing required key")
        slots = compile_pattern(item["pattern"], classes, file, number)
        if label == "cue":
            rules.append(Rule("area_cue", slots, item.get("id", "")))
        elif label in labels:
            rules.append(Rule("area", slots, item.get("id", ""), code=label))
        else:
            raise PatternError(file, number, "label", f"{label!r} is not a field code of this file")
    return rules, labels


@dataclass(frozen=True)
class Rules:
    matcher: RuleSet
    area_labels: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Both pattern files compiled into one indexed rule set (once per process)."""
    folder = pattern_dir()
    coop_text = (folder / "cooperation.jsonl").read_text(encoding="utf-8")
    area_text = (folder / "areas.jsonl").read_text(encoding="utf-8")
    coop = cooperation_rules_from(
        read_lines(coop_text, "cooperation.jsonl", _COOP_KEYS), "cooperation.jsonl"
    )
    areas, labels = area_rules_from(read_lines(area_text, "areas.jsonl", _AREA_KEYS), "areas.jsonl")
    return Rules(RuleSet(coop + areas), labels)


# ---------------------------------------------------------------------------------------------
# From matches to a result


@dataclass(slots=True)  # slots: quicker to make and to read, a dozen per doc
class Mention:
    type: str
    status: str
    first: int  # token indices [first, last)
    last: int
    start: int  # char offsets
    end: int
    rule: Rule
    in_title: bool = False
    cued: bool = False  # the status came from a cue or the rule, not the "done" default


def _extension(doc: Doc, name: str) -> Any:
    """``doc._.<name>``, read from ``doc.user_data`` without making an Underscore object."""
    return doc.user_data.get(extension_key(name))


def _char_span(toks: Tokens, first: int, last: int) -> tuple[int, int]:
    return toks.idx[first], toks.idx[last - 1] + len(toks.texts[last - 1])


Month = tuple[int, int]  # (year, month); month 0 when unknown


def reference_year(doc: Doc) -> Month | None:
    """(year, month) of the reported event: the event date's, else the latest year named."""
    date = _extension(doc, "coop_date")
    if date is not None and getattr(date, "date", None) is not None:
        return (int(date.date.year), int(date.date.month))
    years = [int(y) for y in _YEAR.findall(doc_text(doc))]
    return (max(years), 0) if years else None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}


def _cue_status(cue: Rule, toks: Tokens, first: int, last: int, ref: Month | None) -> str | None:
    """A cue's status; a year cue ("in 2011", "in April 2019") compares with the event's date."""
    if cue.status != "year":
        return cue.status
    words = toks.doc[first:last].text.lower().split()
    years = [int(y) for y in _YEAR.findall(" ".join(words))]
    if not years or ref is None:
        return None
    month = next((_MONTHS[w] for w in words if w in _MONTHS), 0)
    when = (years[0], month if ref[1] else 0)
    if when[0] < ref[0] or (when[0] == ref[0] and 0 < when[1] < ref[1]):
        return "background"
    if when[0] > ref[0] or (when[0] == ref[0] and when[1] > ref[1] > 0):
        return "agreed"
    return None


def status_of(
    first: int,
    last: int,
    cues: Sequence[tuple[Rule, int, int]],
    toks: Tokens,
    ref_year: Month | None,
    before: int = 12,
    after: int = 4,
) -> str | None:
    """The status ``cues``, the cues of its sentence, give a trigger at tokens [first, last).

    A cue inside the trigger or overlapping its start (scope "around": "will be held", "to
    establish") wins, then one right after it, then the nearest one before it. None means no
    cue: the event is reported as done.
    """
    inside = after_hit = before_hit = None
    best_before = -1
    best_after = 10**9
    for cue, cs, ce in cues:
        if cue.scope == "around" and cs < last and first < ce and ce <= last:
            inside = inside or _cue_status(cue, toks, cs, ce, ref_year)
        elif (
            cue.scope in ("after", "both")
            and last <= cs <= last + (after if cue.window is None else cue.window)
            and cs < best_after
        ):
            got = _cue_status(cue, toks, cs, ce, ref_year)
            if got:
                after_hit, best_after = got, cs
        elif (
            cue.scope in ("before", "around", "both")
            and ce <= first
            and first - ce <= (before if cue.window is None else cue.window)
        ):
            if ce > best_before:
                got = _cue_status(cue, toks, cs, ce, ref_year)
                if got:
                    before_hit, best_before = got, ce
    return inside or after_hit or before_hit


def find_mentions(
    doc: Doc, toks: Tokens | None = None, units: Units | None = None
) -> tuple[list[Mention], list[AreaMention]]:
    """Every cooperation mention (generic ones dropped) and every area term named as an area.

    Trigger rules run first; block and cue rules run only in the sentences of the triggers
    they could touch (a match never leaves its sentence), area terms only after an area cue
    of their sentence.
    """
    toks = toks or doc_tokens(doc)
    furniture = _extension(doc, "coop_furniture") or []
    if units is None:
        units = story_units(toks, furniture, menu_sentences(toks))
    menus = units.menus
    title = _extension(doc, "coop_title")
    matcher = rules().matcher
    idx, texts = toks.idx, toks.texts
    last_token = toks.size - 1
    # a match starts at or before its pivot: a pivot before the headline gives no mention
    first_pivot = bisect_left(idx, title[0]) if title else 0
    heads = units.headline
    title_tokens = (first_pivot, bisect_left(idx, title[1]), heads) if title else (0, 0, heads)
    found = []
    for rule, first, last, sent in matcher.scan(
        toks, "trigger", [(first_pivot, last_token)], menus, title_tokens
    ):
        start = idx[first]
        end = idx[last - 1] + len(texts[last - 1])
        if furniture and in_ranges(furniture, start):
            continue
        if title and start < title[0]:
            continue  # lines before the headline are page furniture
        in_title = bool(title and title[0] <= start and end <= title[1]) or sent in heads
        if rule.title_only and not in_title:
            continue
        if rule.needs:
            lo, hi = toks.bounds(sent)
            if rule.needs_points.isdisjoint(toks.plist[lo : hi + 1]):
                continue  # "a new laboratory was opened": whose? no partner named
        found.append((rule, first, last, sent, start, end, in_title))
    areas = find_areas(toks, furniture, title, menus, first_pivot)
    if not found:
        return [], areas
    # blocks in every trigger's sentence, cues in those of the triggers without a fixed status
    # (nearly all): one scan of both groups, the cues of other sentences left out (a match never
    # leaves its sentence, and a group's matches keep their order without the other group's)
    sents = sorted({m[3] for m in found})
    wanted = {m[3] for m in found if not m[0].status}
    blocks: dict[int, list[tuple[tuple[str, ...], int, int]]] = {}
    cues: dict[int, list[tuple[Rule, int, int]]] = {}
    for rule, ms, me, sent in matcher.scan(toks, "cue_block", _sentence_spans(toks, sents)):
        if rule.kind == "block":
            blocks.setdefault(sent, []).append((rule.blocks, ms, me))
        elif sent in wanted:
            cues.setdefault(sent, []).append((rule, ms, me))
    ref_year = (
        reference_year(doc)
        if any(c[0].status == "year" for sent_cues in cues.values() for c in sent_cues)
        else None
    )
    mentions: list[Mention] = []
    for rule, first, last, sent, start, end, in_title in found:
        if sent in blocks and any(
            rule.kind in kinds and bs < last and first < be for kinds, bs, be in blocks[sent]
        ):
            continue  # "press conference", "conference hall"
        status = rule.status or status_of(first, last, cues.get(sent, ()), toks, ref_year)
        if status == "generic":
            continue
        mentions.append(
            Mention(
                rule.kind, status or "done", first, last, start, end, rule, in_title, bool(status)
            )
        )
    return _resolve(mentions), areas


def _sentence_spans(toks: Tokens, sents: Sequence[int]) -> list[tuple[int, int]]:
    """Token ranges [lo, hi] of sorted sentence numbers, runs of neighbours joined."""
    spans: list[tuple[int, int]] = []
    for sent in sents:
        lo, hi = toks.bounds(sent)
        if spans and spans[-1][1] + 1 == lo:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def find_areas(
    toks: Tokens,
    furniture: Sequence[tuple[int, int]],
    title: tuple[int, int] | None,
    menus: frozenset[int],
    first_pivot: int = 0,
) -> list[AreaMention]:
    """Area terms after an area cue of their sentence ("cooperation in the field of ..."),
    one per field."""
    matcher = rules().matcher
    cue_at: dict[int, int] = {}  # sentence -> its first area cue
    for _, cue_start, _, sent in matcher.scan(toks, "area_cue"):
        if cue_start < cue_at.get(sent, 10**9):
            cue_at[sent] = cue_start
    if not cue_at:
        return []
    windows = []
    for sent in sorted(cue_at):
        lo = max(cue_at[sent], first_pivot)  # a term starts after the cue, at or before its pivot
        hi = toks.bounds(sent)[1]
        if sent not in menus and lo <= hi:
            windows.append((lo, hi))
    labels = rules().area_labels
    idx, texts = toks.idx, toks.texts
    areas: list[AreaMention] = []
    for rule, first, last, sent in matcher.scan(toks, "area", windows):
        if first < cue_at[sent]:
            continue
        start = idx[first]
        end = idx[last - 1] + len(texts[last - 1])
        if furniture and in_ranges(furniture, start):
            continue
        if title and start < title[0]:
            continue
        code = rule.code or ""
        areas.append(AreaMention(code, labels.get(code, ""), start, end))
    return _dedupe_areas(areas)


def _merge(into: Mention, other: Mention) -> None:
    """Widen ``into`` to cover ``other`` (two rules matching one phrase of one kind)."""
    if other.cued and not into.cued:
        into.status, into.cued = other.status, True
    if (other.rule.main, other.rule.cameo is not None) > (
        into.rule.main,
        into.rule.cameo is not None,
    ):
        into.rule = other.rule
    into.first, into.last = min(into.first, other.first), max(into.last, other.last)
    into.start, into.end = min(into.start, other.start), max(into.end, other.end)
    into.in_title = into.in_title and other.in_title


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """One mention per phrase, then only the kinds the text really reports.

    Overlapping matches of one kind merge into one mention (a broad fallback rule such as
    "the ... meeting" gives way to a specific one instead); a kind named inside a short
    mention of another kind is dropped. (Mentions whose ``unless`` holds the main type are
    dropped once the main type is known: "the meeting" of a forum is the forum itself.)
    reported.
    """
    mentions.sort(key=lambda m: (m.start, m.start - m.end))
    specific: dict[str, list[Mention]] = {}  # by type: only a mention of its type overlaps one
    for m in mentions:
        if not m.rule.fallback:
            specific.setdefault(m.type, []).append(m)
    kept: list[Mention] = []
    kept_of: dict[str, list[Mention]] = {}
    for mention in mentions:
        kind, start, end = mention.type, mention.start, mention.end
        if mention.rule.fallback and any(
            s.start < end and start < s.end for s in specific.get(kind, ())
        ):
            continue
        same = kept_of.get(kind)
        if same is None:
            same = kept_of[kind] = []
        for into in same:
            if into.start < end and start < into.end:
                _merge(into, mention)
                break
        else:
            kept.append(mention)  # fresh objects of find_mentions: merging may widen them
            same.append(mention)
    # "joint research" inside "joint research centre" names the centre, not a second kind
    names = [
        (k.start, k.end, k.end - k.start, k.type) for k in kept if k.last - k.first <= _NAME_TOKENS
    ]
    if not names:
        return kept
    # kept is in order of start (merging only widens a mention to the right), so are names:
    # the names that may hold a mention are those up to its start
    out = []
    for m in kept:
        kind, start, end = m.type, m.start, m.end
        size = end - start
        for name_start, name_end, name_size, name_kind in names:
            if name_start > start:
                out.append(m)
                break
            if name_kind != kind and end <= name_end and name_size > size:
                break
        else:
            out.append(m)
    return out


def _dedupe_areas(areas: list[AreaMention]) -> list[AreaMention]:
    areas.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[AreaMention] = []
    last_end = -1
    for area in areas:
        if area.start < last_end:
            continue  # a shorter term inside a longer one ("chemical" in "chemical technologies")
        last_end = area.end
        if all(a.code != area.code for a in out):
            out.append(area)
    return out


@dataclass
class Units:
    """Where the news is told: headline sentences (beyond the cleaner's headline) and the lead."""

    headline: frozenset[int] = frozenset()  # sentence numbers read as part of the headline
    lead: list[int] = field(default_factory=list)  # the first story sentences, in text order
    menus: frozenset[int] = frozenset()  # sentences that are "|" menus


def story_units(
    toks: Tokens,
    furniture: Sequence[tuple[int, int]],
    menus: frozenset[int] = frozenset(),
    count: int = 3,
) -> Units:
    """The lead (first ``count`` sentences of five words or more after the headline) and the
    headline line just before the story, when the cleaner's headline is a site name.

    A headline line stands alone on its line, has 3 to 25 words and no final full stop; the
    last one before the first full sentence of the story (eight words or more, ending in
    punctuation) joins the headline: on a page whose first line is the site's name
    ("Kazinform International News Agency"), that is the real headline.
    """
    size = toks.size
    if not size:
        return Units(menus=menus)
    idx, plist, ends, texts = toks.idx, toks.plist, toks.ends, toks.texts
    title = _extension(toks.doc, "coop_title")
    i = bisect_left(idx, title[1]) if title else 0
    sent = bisect_left(ends, i)
    count_ends = len(ends)
    lead: list[int] = []
    headline: int | None = None
    body_started = False
    line_start = True  # the current sentence starts a line
    scanned = 0
    while i < size and len(lead) < count and scanned < 40:
        j = ends[sent] + 1 if sent < count_ends else size  # the next sentence's first token
        if furniture and in_ranges(furniture, idx[i]):
            words = 0
        else:
            words = sum(map(str.isalpha, texts[i:j]))
        by_newline = plist[j - 1] not in _PUNCT_END_POINTS  # a line break or the text's end
        if words and sent not in menus:
            scanned += 1
            if words >= 5:
                lead.append(sent)
            if not body_started:
                if not by_newline and words >= 8:
                    body_started = True
                elif line_start and by_newline and 3 <= words <= 25:
                    headline = sent
        line_start = by_newline
        i = j
        sent += 1
    heads = frozenset({headline}) if headline is not None and body_started else frozenset()
    return Units(heads, [sent for sent in lead if sent not in heads], menus)


def choose_main(
    mentions: Sequence[Mention], toks: Tokens, lead: Sequence[int] = ()
) -> Mention | None:
    """The event the headline or lead reports.

    * A done event in the headline wins (among several, the type priority decides: a signing
      beats the meeting it happened at).
    * Otherwise the first lead sentence with a done event competes with what the headline and
      the lead sentences before it only announce ("X and Y to establish a joint centre"); the
      type priority decides ("to host a forum" over "told at a meeting"; "concluded an
      agreement" over "agreed on a double degree").
    * Otherwise the headline's or the lead's agreed events, then the first sentence with a
      done or agreed one.
    """
    eligible = [m for m in mentions if m.rule.main and m.status in ("done", "agreed")]
    if not eligible:
        return None

    def unit(m: Mention) -> int:
        return -1 if m.in_title else toks.sent_of(m.first)

    def by_priority(m: Mention) -> tuple[int, int, int]:
        return (MAIN_PRIORITY[m.type], unit(m), m.start)

    title = [m for m in eligible if m.in_title]
    title_done = [m for m in title if m.status == "done"]
    if title_done:
        return min(title_done, key=by_priority)
    order = {sent: rank for rank, sent in enumerate(lead)}
    in_lead = [m for m in eligible if not m.in_title and unit(m) in order]
    done = [order[unit(m)] for m in in_lead if m.status == "done"]
    if done:
        first = min(done)
        pool = title + [
            m
            for m in in_lead
            if order[unit(m)] < first or (order[unit(m)] == first and m.status == "done")
        ]
        return min(pool, key=by_priority)
    if title or in_lead:
        return min(
            title + in_lead, key=lambda m: (-1 if m.in_title else order[unit(m)],) + by_priority(m)
        )

    def rank(m: Mention) -> tuple[int, int, int, int]:
        return (STATUS_RANK[m.status], unit(m), MAIN_PRIORITY[m.type], m.start)

    first_sent = min(unit(m) for m in eligible)
    return min((m for m in eligible if unit(m) == first_sent), key=rank)


def find_cooperation(doc: Doc) -> CoopResult:
    """Main type, every reported type with status and evidence, areas and CAMEO code of a doc."""
    toks = doc_tokens(doc)
    units = story_units(toks, _extension(doc, "coop_furniture") or [], menu_sentences(toks))
    mentions, areas = find_mentions(doc, toks, units)
    main = choose_main(mentions, toks, units.lead)
    if main is None:
        return CoopResult()
    mentions = [
        m
        for m in mentions
        if m is main
        or (main.type not in m.rule.unless and not (m.status == "background" and m.type in EVENTS))
    ]
    best: dict[str, Mention] = {main.type: main}
    for mention in mentions:
        held = best.get(mention.type)
        if held is None or (
            held is not main and STATUS_RANK[mention.status] < STATUS_RANK[held.status]
        ):
            best[mention.type] = mention
    others = sorted((m for t, m in best.items() if t != main.type), key=lambda m: m.start)
    types = [CoopMention(m.type, m.status, m.start, m.end) for m in [main, *others]]
    return CoopResult(main=main.type, types=types, areas=areas, cameo=cameo_code(main))


def cameo_code(mention: Mention) -> str | None:
    if mention.status == "done" and mention.rule.cameo:
        return mention.rule.cameo
    return CAMEO.get(mention.type, {}).get(mention.status)


class CooperationFinder(BatchedComponent):
    def __init__(self) -> None:
        rules()  # compile the pattern files once, when the pipeline is built
        self._key = extension_key("coop_coop")

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[self._key] = find_cooperation(doc)  # doc._.coop_coop
        return doc


@Language.factory("coop_cooperation")
def make_cooperation(nlp: Language, name: str) -> CooperationFinder:
    return CooperationFinder()
