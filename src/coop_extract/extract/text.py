"""Text preparation: NFC normalisation with a map back to the original offsets."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_CYRILLIC = re.compile("[\u0400-\u04ff]")


def is_cyrillic(text: str) -> bool:
    """Whether the text has a Cyrillic letter."""
    return not text.isascii() and _CYRILLIC.search(text) is not None  # isascii: O(1)


class OffsetMap:
    """Maps offsets in a normalised text back to the original text."""

    def __init__(
        self, norm_starts: list[int], orig_starts: list[int], orig_len: int, norm_len: int
    ):
        self._norm = norm_starts
        self._orig = orig_starts
        self._orig_len = orig_len
        self._norm_len = norm_len

    def __call__(self, offset: int) -> int:
        if offset >= self._norm_len:
            return self._orig_len
        i = bisect_right(self._norm, offset) - 1
        return self._orig[max(i, 0)]


def nfc_with_map(text: str) -> tuple[str, OffsetMap | None]:
    """NFC-normalise ``text``; the map is None when the text already was NFC."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    pieces: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    n = 0
    seg_start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            piece = unicodedata.normalize("NFC", text[seg_start:i])
            norm_starts.append(n)
            orig_starts.append(seg_start)
            pieces.append(piece)
            n += len(piece)
            seg_start = i
    return "".join(pieces), OffsetMap(norm_starts, orig_starts, len(text), n)


def english_tokenizer(vocab=None):  # type: ignore[no-untyped-def]
    """spaCy's English tokenizer, with its abbreviations kept whole without special cases.

    spaCy runs a matcher over every doc for each exception that holds punctuation; English has
    1,347 ("don't", emoticons, "Dr.") and that pass cost about five sixths of the tokenizer's
    time. No rule reads contractions or emoticons, so they go. The 117 one-token abbreviations
    ending in "." ("Dr.", "Prof.", "Jan.", "St.", "U.S." is not one: its dots are infixes)
    decide where names and dates start, so they are kept whole by cheaper means: a token match
    for the whole word, no "." suffix split off it, and a split after its period when a word
    follows without a space ("Mr.X"). The tokens equal those of spaCy's table on every text of
    the project's samples and probe sets; glued forms such as "10a.m." (now "10a.m" + "."),
    "5g." and "°C." differ.
    """
    from spacy.lang.en import English
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
    from spacy.vocab import create_vocab

    defaults = English.Defaults
    abbreviations = frozenset(
        key
        for key, pieces in defaults.tokenizer_exceptions.items()
        if key.endswith(".") and len(pieces) == 1
    )
    prefix_search = compile_prefix_regex(defaults.prefixes).search
    suffix_search = compile_suffix_regex(defaults.suffixes).search
    infix_finditer = compile_infix_regex(defaults.infixes).finditer

    def suffix_after_abbreviations(text: str):  # type: ignore[no-untyped-def]
        if text in abbreviations:
            return None
        match = suffix_search(text)
        if (
            match is not None
            and text[match.start()] == "."
            and is_abbreviation(text[: match.start() + 1])
        ):
            # a suffix that starts with an abbreviation's period ('"Mr.', "Mr.`"): leave it on
            cut = match.start() + 1
            return _Piece(cut, match.end()) if match.end() > cut else None
        return match

    def is_abbreviation(stem: str) -> bool:
        """Whether the stem is an abbreviation once the prefixes spaCy will split off are gone."""
        while stem not in abbreviations:
            prefix = prefix_search(stem)
            if prefix is None or not 0 < prefix.end() < len(stem):
                return False
            stem = stem[prefix.end() :]
        return True

    def infixes_after_abbreviations(text: str):  # type: ignore[no-untyped-def]
        matches = infix_finditer(text)
        if "." not in text:
            return matches
        out = []
        start = 0
        for match in matches:
            end = match.end()
            if text[start:end] in abbreviations and match.group() == ".":
                match = _Piece(end, end)  # "Mr.X" -> "Mr." + "X", not "Mr" + "." + "X"
            out.append(match)
            start = end
        return out

    return Tokenizer(
        vocab if vocab is not None else create_vocab("en", defaults),
        rules={},
        prefix_search=prefix_search,
        suffix_search=suffix_after_abbreviations,
        infix_finditer=infixes_after_abbreviations,
        token_match=abbreviations.__contains__,
        url_match=defaults.url_match,
    )


class _Piece:
    """A match-like span for spaCy's affix search; an empty infix splits a word without a token."""

    __slots__ = ("_start", "_end")

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


class TextKeepingTokenizer:
    """Wraps a tokenizer to keep the input string on the doc (``doc.text`` rebuilds it from tokens,
    which costs a Python object per token every time it is read)."""

    def __init__(self, tokenizer) -> None:  # type: ignore[no-untyped-def]
        self.tokenizer = tokenizer

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        doc = self.tokenizer(text)
        doc.user_data["coop_text"] = text
        return doc

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.tokenizer, name)


def doc_text(doc) -> str:  # type: ignore[no-untyped-def]
    """The doc's text, without rebuilding it from tokens when the pipeline kept it."""
    text = doc.user_data.get("coop_text")
    return text if text is not None else doc.text
