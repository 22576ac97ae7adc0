"""A light, list-backed view of a Doc's tokens for rule code that looks at tokens many times.

Indexing a spaCy ``Doc`` creates a new ``Token`` object each time; rules that look
left and right around every candidate do that hundreds of thousands of times per
batch. :func:`token_view` builds plain Python tokens once per doc (cached in
``doc.user_data``) with the few attributes the rules read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import compress, repeat
from operator import itemgetter
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc


class Tok(NamedTuple):
    """The few attributes of a spaCy ``Token`` that the rules read.

    A tuple, so a doc's tokens are made in one C-level pass (``map(tuple.__new__, ...)``)
    instead of a Python ``__init__`` call each; the flags rules seldom read are worked out
    when read.
    """

    text: str
    lower_: str
    whitespace_: str
    idx: int
    i: int

    @property
    def is_sent_start(self) -> bool:
        return self.i == 0

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Tok({self.text!r})"


_WHITESPACE = ("", " ")
_FIRST = itemgetter(slice(0, 1))  # a string's first character ("" for "")


def make_toks(texts: list[str], spaces: list[int], idx: list[int]) -> list[Tok]:
    """One :class:`Tok` per token, built without a Python call per token."""
    n = len(texts)
    lowers = _lookup(_LOWERS, texts)
    columns = zip(texts, lowers, map(_WHITESPACE.__getitem__, spaces), idx, range(n), strict=True)
    return list(map(tuple.__new__, repeat(Tok, n), columns))


# Token strings by their spaCy hash, and lower-case forms by string: a vocabulary, so that
# every doc reuses the same string objects instead of decoding and lower-casing each token
# again (and freeing it after). Each is emptied when it reaches VOCABULARY_LIMIT entries.
VOCABULARY_LIMIT = 200_000


class Vocabulary(dict):  # type: ignore[type-arg]
    """A dict that makes a missing value with ``make`` (a C-level lookup for every hit)."""

    def __init__(self, make) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.make = make

    def __missing__(self, key):  # type: ignore[no-untyped-def]
        if len(self) >= VOCABULARY_LIMIT:
            self.clear()
        value = self[key] = self.make(key)
        return value


_LOWERS = Vocabulary(str.lower)
_STRINGS: dict[int, Vocabulary] = {}  # one per StringStore (by id), made by its __getitem__


def _lookup(table: Vocabulary, keys: list) -> list:  # type: ignore[type-arg]
    """``[table[k] for k in keys]`` in one C-level pass."""
    return list(map(table.__getitem__, keys))


class Span:
    __slots__ = ("toks", "start", "end", "_source")

    def __init__(self, toks: list[Tok], start: int, end: int, source: str | None = None) -> None:
        self.toks, self.start, self.end = toks, start, end
        self._source = source  # the doc's text, when known: the span's text is a slice of it

    def __iter__(self) -> Iterator[Tok]:
        return iter(self.toks)

    def __len__(self) -> int:
        return len(self.toks)

    def __getitem__(self, i: int) -> Tok:
        return self.toks[i]

    @property
    def text(self) -> str:
        if not self.toks:
            return ""
        if self._source is not None:
            last = self.toks[-1]
            return self._source[self.toks[0].idx : last.idx + len(last.text)]
        parts = [t.text + t.whitespace_ for t in self.toks[:-1]]
        parts.append(self.toks[-1].text)
        return "".join(parts)


class TokenView:
    """Sequence of :class:`Tok` with Doc-like indexing, slicing and ``char_span``.

    ``texts`` (the token strings) is read once from the doc's arrays; ``toks`` holds a
    :class:`Tok` for each token, built in one pass (hot loops may index it directly).
    """

    __slots__ = ("texts", "toks", "_idx", "doc", "_", "_caps", "memo", "_text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._ = doc._
        strings = doc.vocab.strings
        if len(doc):
            orths, self._idx, spaces = doc.to_array([ORTH, IDX, SPACY]).T.tolist()
        else:
            orths, self._idx, spaces = [], [], []
        table = _STRINGS.get(id(strings))
        if table is None or table.make.__self__ is not strings:
            table = _STRINGS[id(strings)] = Vocabulary(strings.__getitem__)
        self.texts: list[str] = _lookup(table, orths)
        self.toks: list[Tok] = make_toks(self.texts, spaces, self._idx)
        self._caps: list[int] | None = None
        self.memo: dict = {}  # per-doc results that several rules ask for
        self._text: str | None = doc.user_data.get("coop_text")  # the text the doc was made of

    def index_at(self, offset: int) -> int:
        """Index of the token that starts at or before character ``offset``."""
        return max(bisect_right(self._idx, offset) - 1, 0)

    @property
    def caps(self) -> list[int]:
        """Indices of tokens that start with a capital letter (names, heads, acronyms)."""
        if self._caps is None:
            texts = self.texts
            self._caps = list(compress(range(len(texts)), map(str.isupper, map(_FIRST, texts))))
        return self._caps

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Iterator[Tok]:
        return iter(self.toks)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        if type(key) is int:  # the hot path
            return self.toks[key]
        start, stop, _ = key.indices(len(self.texts))
        return Span(self.toks[start:stop], start, stop, self._text)

    @property
    def text(self) -> str:
        from .text import doc_text

        return doc_text(self.doc)

    def char_span(self, start: int, end: int, alignment_mode: str = "expand"):  # type: ignore[no-untyped-def]
        span = self.doc.char_span(start, end, alignment_mode=alignment_mode)
        return None if span is None else self[span.start : span.end]


def tok_list(doc):  # type: ignore[no-untyped-def]
    """What a hot loop indexes: a view's own token list (a C-level read per token), or a doc."""
    return doc.toks if type(doc) is TokenView else doc


def token_view(doc: Doc | TokenView) -> TokenView:
    if isinstance(doc, TokenView):
        return doc
    view = doc.user_data.get("coop_token_view")
    if view is None or len(view) != len(doc):
        view = TokenView(doc)
        doc.user_data["coop_token_view"] = view
    return view
