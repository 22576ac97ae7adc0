"""Bytes to text: encodings, binary files and HTML."""

from __future__ import annotations

from .inputs import Decoded, InputError


def looks_binary(data: bytes) -> bool:
    """NUL bytes mean binary, except in UTF-16 text (BOM or alternating NULs)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" not in data[:8192]:
        return False
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if (odd_nuls > 0.3 * half and even_nuls < 0.05 * half) or (
        even_nuls > 0.3 * half and odd_nuls < 0.05 * half
    ):
        return False
    return True


def decode(data: bytes) -> Decoded:
    if not data:
        return Decoded("", None)
    if looks_binary(data):
        raise InputError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="replace"), None)
    try:
        return Decoded(data.decode("utf-8"), None)
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16"), "utf_16")
    raise InputError("not UTF-8 text")
