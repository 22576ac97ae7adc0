"""Finding input files and reading them as text.

No NLP here: this module turns command-line arguments into a stream of
inputs and each input into text, or into an :class:`InputError` whose
message names the reason.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Suffixes a folder walk picks up (case-insensitive). Files named explicitly are read whatever
# their suffix.
TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

# At most this many bytes of one input are read: the pipeline keeps the first million
# characters anyway (pipeline.MAX_CHARS), and a stray multi-gigabyte file must not fill memory.
MAX_BYTES = 8 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be read or decoded; the message is the reason."""


@dataclass(frozen=True)
class Input:
    source: str  # as given on the command line (or found under a folder); "-" for stdin
    path: Path | None  # None for stdin
    explicit: bool = True  # named on the command line (False: found by a folder walk)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str | None  # None when the input was UTF-8
    html: bool = False
    warnings: tuple[str, ...] = ()


def walk(folder: Path, _seen: set[tuple[int, int]] | None = None) -> Iterator[Path]:
    """Text files under ``folder``, recursively, in sorted order, hidden entries skipped.

    Streams: one directory listing is held at a time, never the whole tree. Symbolic links
    to folders are followed once (a link back to a parent does not loop).
    """
    seen = _seen if _seen is not None else set()
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list folder: {exc.strerror or exc}") from None
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            try:
                yield from walk(path, seen)
            except InputError:
                continue  # an unreadable subfolder: its files are not inputs
        elif entry.name.lower().endswith(TEXT_SUFFIXES):
            yield path


def discover(args: Iterable[str]) -> Iterator[Input | tuple[str, InputError]]:
    """Inputs for the command-line arguments, in order; problems come as (source, error)."""
    for arg in args:
        if arg == "-":
            yield Input("-", None)
            continue
        path = Path(arg)
        if path.is_dir():
            try:
                for found in walk(path):
                    yield Input(str(found), found, explicit=False)
            except InputError as exc:
                yield (arg, exc)
        elif path.is_symlink() and not path.exists():
            yield (arg, InputError("dangling symbolic link"))
        elif not path.exists():
            yield (arg, InputError("no such file or folder"))
        else:
            yield Input(arg, path)


def read_bytes(item: Input, limit: int | None = None) -> tuple[bytes, bool]:
    """(up to ``limit`` bytes of the input, whether it was longer)."""
    limit = MAX_BYTES if limit is None else limit
    if item.path is None:
        data = sys.stdin.buffer.read(limit + 1)
        return data[:limit], len(data) > limit
    path = item.path
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError("dangling symbolic link") from None
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder")
    if not stat.S_ISREG(info.st_mode) and not (item.explicit and stat.S_ISFIFO(info.st_mode)):
        # A pipe named on the command line (`<(curl ...)`) is read; one met in a folder
        # walk, a socket or a device is not, as reading it could block forever.
        raise InputError("not a regular file")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise InputError("is a folder") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return data[:limit], len(data) > limit


def read_input(item: Input) -> Decoded:
    """Read one input's bytes and decode them to text."""
    data, cut = read_bytes(item)
    html = True if item.path is not None and item.path.suffix.lower() in HTML_SUFFIXES else None
    return decode_bytes(data, cut=cut, html=html)


def decode_bytes(data: bytes, cut: bool = False, html: bool | None = None) -> Decoded:
    """Decode an input's bytes; ``cut`` says they are the first :data:`MAX_BYTES` of more."""
    from .decoding import decode

    if cut:
        data = _trim_partial_character(data)
    decoded = decode(data, html=html)
    if cut:
        warning = f"input longer than {MAX_BYTES} bytes: only its first {len(data)} were read"
        decoded = Decoded(
            decoded.text, decoded.encoding, decoded.html, (*decoded.warnings, warning)
        )
    return decoded


def _trim_partial_character(data: bytes) -> bytes:
    """Drop a UTF-8 sequence cut in the middle at the end of ``data`` (harmless for others)."""
    for back in range(1, 4):
        if len(data) < back:
            break
        byte = data[-back]
        if byte & 0xC0 == 0x80:  # continuation byte: keep looking for the lead byte
            continue
        if byte >= 0xC0:  # lead byte: is its sequence complete?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if need > back else data
        break
    return data
