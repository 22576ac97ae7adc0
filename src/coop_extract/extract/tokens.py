"""A light, list-backed view of a Doc's tokens for rule code that looks at tokens many times.

Indexing a spaCy ``Doc`` creates a new ``Token`` object each time; rules that look
left and right around every candidate do that hundreds of thousands of times per
batch. :func:`token_view` builds plain Python tokens once per doc (cached in
``doc.user_data``) with the few attributes the rules read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc


class Tok:
    __slots__ = (
        "text",
        "lower_",
        "whitespace_",
        "idx",
        "i",
        "is_sent_start",
        "is_space",
        "is_alpha",
    )

    def __init__(self, text: str, ws: str, idx: int, i: int) -> None:
        self.text = text
        self.lower_ = text.lower()
        self.whitespace_ = ws
        self.idx = idx
        self.i = i
        self.is_sent_start = i == 0
        self.is_space = text.isspace()
        self.is_alpha = text.isalpha()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Tok({self.text!r})"


class Span:
    __slots__ = ("toks", "start", "end")

    def __init__(self, toks: list[Tok], start: int, end: int) -> None:
        self.toks, self.start, self.end = toks, start, end

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
        parts = [t.text + t.whitespace_ for t in self.toks[:-1]]
        parts.append(self.toks[-1].text)
        return "".join(parts)


class TokenView:
    """Sequence of :class:`Tok` with Doc-like indexing, slicing and ``char_span``.

    ``texts`` (the token strings) is read once from the doc's arrays; a :class:`Tok`
    is made only for a token the rules actually look at.
    """

    __slots__ = ("texts", "_ws", "_idx", "_toks", "doc", "_", "_caps")

    def index_at(self, offset: int) -> int:
        """Index of the token that starts at or before character ``offset``."""
        return max(bisect_right(self._idx, offset) - 1, 0)

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._ = doc._
        strings = doc.vocab.strings
        if len(doc):
            orths, self._idx, self._ws = doc.to_array([ORTH, IDX, SPACY]).T.tolist()
        else:
            orths, self._idx, self._ws = [], [], []
        self.texts = [strings[orth] for orth in orths]
        self._toks: list[Tok | None] = [None] * len(orths)
        self._caps: list[int] | None = None

    @property
    def caps(self) -> list[int]:
        """Indices of tokens that start with a capital letter (names, heads, acronyms)."""
        if self._caps is None:
            self._caps = [i for i, t in enumerate(self.texts) if t[:1].isupper()]
        return self._caps

    def __len__(self) -> int:
        return len(self.texts)

    def _tok(self, i: int) -> Tok:
        tok = self._toks[i]
        if tok is None:
            tok = Tok(self.texts[i], " " if self._ws[i] else "", self._idx[i], i)
            self._toks[i] = tok
        return tok

    def __iter__(self) -> Iterator[Tok]:
        return (self._tok(i) for i in range(len(self.texts)))

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        if type(key) is int:  # the hot path: one list read once the token exists
            tok = self._toks[key]
            if tok is None:
                if key < 0:
                    key += len(self.texts)
                tok = self._tok(key)
            return tok
        start, stop, _ = key.indices(len(self.texts))
        return Span([self._tok(i) for i in range(start, stop)], start, stop)

    @property
    def text(self) -> str:
        from .text import doc_text

        return doc_text(self.doc)

    def char_span(self, start: int, end: int, alignment_mode: str = "expand"):  # type: ignore[no-untyped-def]
        span = self.doc.char_span(start, end, alignment_mode=alignment_mode)
        return None if span is None else self[span.start : span.end]


def token_view(doc: Doc | TokenView) -> TokenView:
    if isinstance(doc, TokenView):
        return doc
    view = doc.user_data.get("coop_token_view")
    if view is None or len(view) != len(doc):
        view = TokenView(doc)
        doc.user_data["coop_token_view"] = view
    return view
