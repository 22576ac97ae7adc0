"""Text preparation: NFC normalisation with a map back to the original offsets."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_CYRILLIC = re.compile("[\u0400-\u04ff]")


def is_cyrillic(text: str) -> bool:
    """Whether the text has a Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


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
    """spaCy's English tokenizer, keeping only the exceptions the rules read.

    Every exception that holds punctuation goes into a matcher that spaCy runs over every doc;
    English has 1,347 (contractions such as "don't", emoticons, "'s" forms) and that pass cost
    two thirds of the tokenizer's time. The 147 ending in "." ("Dr.", "Prof.", "Jan.", "St.")
    decide where names and dates start, so they stay; possessive "'s" is split by the suffix
    rules either way.
    """
    from spacy.lang.en import English
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
    from spacy.vocab import create_vocab

    defaults = English.Defaults
    rules = {k: v for k, v in defaults.tokenizer_exceptions.items() if k.endswith(".")}
    return Tokenizer(
        vocab if vocab is not None else create_vocab("en", defaults),
        rules=rules,
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


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
