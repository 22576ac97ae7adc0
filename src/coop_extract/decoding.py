"""Bytes to text: encodings, binary files and HTML.

:func:`decode` turns the bytes of one input into a :class:`~coop_extract.inputs.Decoded`
text, or raises :class:`~coop_extract.inputs.InputError` naming why it cannot
(a binary file). The order of the checks matters:

1. byte-order marks (UTF-8, UTF-16 and UTF-32, either byte order);
2. signatures of common binary formats (PDF, ZIP/Office, images, archives);
3. NUL bytes: UTF-16 without a BOM (NULs on one byte parity) or binary;
4. strict UTF-8; mostly-UTF-8 with a few bad bytes is read as UTF-8 with a warning;
5. a single-byte encoding of the region: charset-normalizer restricted to
   cp1251, KOI8-R, kz1048, Latin-1, cp1252 and ISO 8859-9, then checks that
   fix its known confusions on short texts (KOI8-R read as cp1251, Kazakh
   kz1048 read as cp1251, Turkish read as cp1252).

HTML (by suffix or by sniffing the start of the text) is decoded first with
the charset the page declares (``<meta charset>``), then turned into plain
text with selectolax: scripts, styles, navigation, page header and footer,
asides and forms are dropped, block elements become line breaks. Evidence
offsets of an HTML input refer to that extracted text.

No NLP here, and no spaCy import.
"""

from __future__ import annotations

import codecs
import re

from .inputs import Decoded, InputError

# The single-byte encodings expected for news from this region (TRAPS.md): restricting
# charset-normalizer to them stops it reading KOI8-R as a Japanese encoding.
SINGLE_BYTE = ("cp1251", "koi8_r", "kz1048", "latin_1", "cp1252", "iso8859_9")

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)

_SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
)

_CONTROL_OK = frozenset("\t\n\r\f\v\x1c\x1d\x1e\x85")
# C0 and C1 controls other than the whitespace ones above, surrogates, private use.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ue000-\uf8ff]")


def _canonical(name: str) -> str:
    """Python's canonical codec name with underscores: 'windows-1251' -> 'cp1251'."""
    return codecs.lookup(name).name.replace("-", "_")


# ---------------------------------------------------------------------------
# binary and UTF-16 detection


def _signature(data: bytes) -> str | None:
    """The kind of a binary format recognised by its first bytes (other binaries have NULs)."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf_16_le' or 'utf_16_be' when the NUL bytes sit on one byte parity, as in UTF-16 text.

    ASCII letters, digits, spaces and newlines have a NUL high byte in UTF-16, and every
    realistic text has them; in binary data NULs fall on both parities.
    """
    sample = data[: min(len(data), 8192) // 2 * 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for high, low, name in ((odd, even, "utf_16_le"), (even, odd, "utf_16_be")):
        # The high bytes hold NULs (ASCII) and a handful of block numbers (0x04 Cyrillic,
        # 0x20 punctuation...); the low bytes hardly any NUL.
        if high.count(0) and low.count(0) <= 0.02 * half and len(set(high)) <= 12:
            return name
    return None


def control_share(text: str) -> float:
    """Share of characters that are control characters other than whitespace."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _usual(char: str) -> bool:
    """Characters of this region's news: Latin and Cyrillic scripts, punctuation, symbols."""
    code = ord(char)
    if code < 0x20:
        return char in _CONTROL_OK
    return code < 0x0530 or 0x1E00 <= code < 0x2150 or code in (0xFEFF, 0xFFFD)


def plausible_text(text: str) -> bool:
    """Bytes read as UTF-16 without a BOM give text, not random code points."""
    sample = text[:5000]
    return bool(sample) and sum(map(_usual, sample)) >= 0.95 * len(sample)


# ---------------------------------------------------------------------------
# single-byte encodings

# Bytes where kz1048 has a Kazakh letter and cp1251 a letter Russian, Ukrainian or
# Belarusian texts do not use (Ќ ќ Ћ ћ Ў ў Ј ј Ѕ ѕ): any of them means Kazakh.
_KAZAKH_ONLY = frozenset(b"\x8d\x9d\x8e\x9e\xa1\xa2\xa3\xbc\xbd\xbe")
# Bytes where kz1048 and cp1251 differ at all.
_KZ_DIFFER = _KAZAKH_ONLY | frozenset(b"\xa5\xb4\xaa\xba\xaf\xbf")
# Bytes where ISO 8859-9 has the Turkish letters Ğ İ Ş ğ ı ş and Latin-1 has Ð Ý Þ ð ý þ.
_TURKISH = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")
# cp1251/kz1048 bytes of Ы ы Э э: Russian, Kazakh and Kyrgyz letters that Ukrainian lacks.
_NOT_UKRAINIAN = frozenset(b"\xdb\xfb\xdd\xfd")
# Bytes 0x80-0x9F: C1 controls in ISO 8859, punctuation in the Windows code pages.
_C1 = frozenset(range(0x80, 0xA0))


def _midword_capitals(text: str) -> int:
    """Lower-case letters followed by a capital inside a word: 'рТЙЧЕФ' is KOI8-R read as cp1251."""
    count = 0
    previous = ""
    for char in text:
        if previous.islower() and char.isupper():
            count += 1
        previous = char
    return count


def _cyrillic_letters(text: str) -> int:
    return sum(1 for c in text if "\u0400" <= c <= "\u04ff")


def single_byte(data: bytes) -> tuple[str, str]:
    """(text, encoding) for bytes that are not UTF-8, among :data:`SINGLE_BYTE`."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(SINGLE_BYTE)).best()
    guess = _canonical(best.encoding) if best is not None else "cp1252"
    present = frozenset(data)
    if guess in ("cp1251", "koi8_r", "kz1048"):
        # KOI8-R has lower-case Cyrillic where cp1251 has capitals; running text is mostly
        # lower case, so the reading with fewer capitals inside words is the right one.
        cp1251_text = data.decode("cp1251", errors="replace")
        koi8_text = data.decode("koi8_r", errors="replace")
        if _midword_capitals(koi8_text) < _midword_capitals(cp1251_text):
            return koi8_text, "koi8_r"
        if present & _KAZAKH_ONLY or (present & _KZ_DIFFER and _NOT_UKRAINIAN & present):
            # Ө Ү Ғ share bytes with Ukrainian Ґ Ї Є; Ukrainian has no Ы or Э.
            return data.decode("kz1048", errors="replace"), "kz1048"
        if not present & _KZ_DIFFER and guess == "kz1048":
            guess = "cp1251"  # same text either way: name the common one
        if guess == "koi8_r":
            guess = "cp1251"
        text = data.decode(guess, errors="replace")
        latin = data.decode("cp1252", errors="replace")
        if _cyrillic_letters(text) == 0 and "\ufffd" not in latin:
            return latin, "cp1252"  # only punctuation differed: an English text with “quotes”
        return text, guess
    # Latin family.
    if present & _TURKISH:
        if present & _C1:
            return data.decode("cp1254", errors="replace"), "cp1254"
        return data.decode("iso8859_9"), "iso8859_9"
    if present & _C1:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return data.decode("latin_1"), "iso8859_1"


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, bad bytes) when ``data`` is UTF-8 apart from a few invalid bytes."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    good = sum(1 for c in text if c > "\x7f" and not "\udc80" <= c <= "\udcff")
    if bad and good >= 4 * bad:
        return data.decode("utf-8", errors="replace"), bad
    return None


# ---------------------------------------------------------------------------
# HTML

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_ANY_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|!--|/[a-zA-Z])")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")

# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252, ISO 8859-9 as windows-1254.
_HTML_LABELS = {
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "utf_16": "utf_8",  # a meta tag read as ASCII cannot be in UTF-16 (BOMs are handled before)
}


def sniff_html(text: str) -> bool:
    """True when a text starts like an HTML page (doctype, <html>, <head> or <body>)."""
    return bool(_HTML_START.match(text[:4096]))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta tag or XML declaration), if known."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    try:
        name = _canonical(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None
    return _HTML_LABELS.get(name, name)


# Dropped with their content. header/footer only outside <article>/<main> (a page banner,
# not an article's own header with its headline).
_DROP = frozenset(
    "script style noscript template svg canvas iframe object embed nav aside form "
    "button select textarea head".split()
)
_PAGE_CHROME = frozenset(("header", "footer"))
_BLOCK = frozenset(
    "address article blockquote caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure hr legend li main menu ol p pre section summary table tbody td tfoot "
    "th thead tr ul".split()
)
_HEADING = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "title"))
_SPACES = re.compile(r"[ \t\n\r\f]+")
_CLOSE, _HEADING_END, _PRE_END = object(), object(), object()
_GAP = "\x00"  # marks where a blank line goes (after a heading); never in parsed HTML text


def html_to_text(html: str) -> str:
    """The readable text of an HTML page: one line per block, a blank line after headings."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return ""
    root = tree.css_first("main")
    if root is None:
        articles = tree.css("article")
        root = articles[0] if len(articles) == 1 else body
    pieces: list[str] = []
    if root.css_first("h1") is None:
        # The headline may sit outside <main>/<article>, or only in <title>.
        h1 = body.css_first("h1")
        title = h1 if h1 is not None else tree.css_first("title")
        if title is not None:
            pieces.append(_SPACES.sub(" ", title.text(deep=True)).strip())
            pieces.append(f"\n{_GAP}\n")
    pre = 0
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if node is _CLOSE:
            pieces.append("\n")
            continue
        if node is _HEADING_END:
            pieces.append(f"\n{_GAP}\n")
            continue
        if node is _PRE_END:
            pre -= 1
            continue
        tag = node.tag  # type: ignore[attr-defined]
        if tag == "-text":
            text = (node.text_content or "").replace(_GAP, "")  # type: ignore[attr-defined]
            if pre:
                pieces.append(text.replace("\r\n", "\n"))
            else:
                pieces.append(_SPACES.sub(" ", text))
            continue
        if tag == "br":
            pieces.append("\n")
            continue
        if tag is None or tag.startswith("-") or tag in _DROP:
            continue  # comments, doctype, dropped elements
        if tag in _PAGE_CHROME and root is body and not _inside(node, ("article", "main")):
            continue
        if tag in _HEADING:
            pieces.append("\n")
            stack.append(_HEADING_END)
        elif tag in _BLOCK:
            pieces.append("\n")
            stack.append(_CLOSE)
        if tag == "pre":
            pre += 1
            stack.append(_PRE_END)
        children = list(node.iter(include_text=True))  # type: ignore[attr-defined]
        stack.extend(reversed(children))
    return _tidy_lines("".join(pieces))


def _inside(node: object, tags: tuple[str, ...]) -> bool:
    parent = node.parent  # type: ignore[attr-defined]
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _tidy_lines(text: str) -> str:
    """Strip each line and drop blank ones, keeping one blank line where a heading ended."""
    lines: list[str] = []
    gap = False
    for raw in text.split("\n"):
        line = raw.strip(" \t\r\f")
        if line == _GAP:
            gap = bool(lines)
        elif line:
            if gap:
                lines.append("")
            lines.append(line.replace(_GAP, ""))
            gap = False
    return "\n".join(lines) + ("\n" if lines else "")


# ---------------------------------------------------------------------------
# entry point


def decode_text(data: bytes) -> tuple[str, str | None, list[str]]:
    """(text, encoding or None for UTF-8, warnings) for the bytes of a text file.

    Raises :class:`InputError` for binary data.
    """
    if not data:
        return "", None, []
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, errors="replace")
            warnings = []
            if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
                warnings.append(f"invalid {name} bytes replaced by U+FFFD")
            return text, (None if name == "utf_8" else name), warnings
    kind = _signature(data)
    if kind:
        raise InputError(f"binary file ({kind}), not text")
    if b"\x00" in data[:8192]:
        name = utf16_without_bom(data)
        if name is not None:
            text = data[: len(data) // 2 * 2].decode(name, errors="replace")
            if plausible_text(text):
                return text, name, []
        nuls = data.count(0)
        if nuls > max(2, len(data) // 1000):
            raise InputError("binary file (NUL bytes), not text")
        # A text with a stray NUL or two (a bad copy, a C string): NUL -> U+FFFD, same length.
        text, encoding, warnings = decode_text(data.replace(b"\x00", b"\xef\xbf\xbd"))
        return text, encoding, [*warnings, f"{nuls} NUL byte(s) replaced by U+FFFD"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if control_share(text) > 0.1:
            raise InputError("binary file (control characters), not text")
        return text, None, []
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, bad = mostly
        return text, None, [f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD"]
    text, name = single_byte(data)
    if control_share(text) > 0.1:
        raise InputError("binary file (control characters), not text")
    return text, name, []


def decode(data: bytes, html: bool | None = None) -> Decoded:
    """Decode the bytes of one input; ``html`` True (by suffix), False, or None to sniff.

    A page named ``.html`` without any tag is read as plain text.
    """
    if not data:
        return Decoded("", None)
    if html is not False and not data.startswith(tuple(b for b, _ in _BOMS)):
        charset = declared_charset(data)
        if charset is not None and not _signature(data) and b"\x00" not in data[:8192]:
            try:
                text = data.decode(charset)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                if (html or sniff_html(text)) and _ANY_TAG.search(text[:65536]):
                    encoding = None if charset == "utf_8" else charset
                    return Decoded(html_to_text(text), encoding, html=True)
    text, encoding, warnings = decode_text(data)
    if html is not False and (sniff_html(text) or (html and _ANY_TAG.search(text[:65536]))):
        return Decoded(html_to_text(text), encoding, html=True, warnings=tuple(warnings))
    return Decoded(text, encoding, warnings=tuple(warnings))
