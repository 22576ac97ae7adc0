"""Finding input files and reading them as text.

No NLP here: this module turns command-line arguments into a stream of
inputs and each input into text, or into an :class:`InputError` whose
message names the reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Suffixes a folder walk picks up (case-insensitive). Files named explicitly are read whatever
# their suffix.
TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")


class InputError(Exception):
    """An input that cannot be read or decoded; the message is the reason."""


@dataclass(frozen=True)
class Input:
    source: str  # as given on the command line (or found under a folder); "-" for stdin
    path: Path | None  # None for stdin


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str | None  # None when the input was UTF-8
    html: bool = False


def walk(folder: Path) -> Iterator[Path]:
    """Text files under ``folder``, recursively, in sorted order, hidden entries skipped.

    Streams: one directory listing is held at a time, never the whole tree.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list folder: {exc.strerror or exc}") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from walk(path)
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
                    yield Input(str(found), found)
            except InputError as exc:
                yield (arg, exc)
        elif path.is_symlink() and not path.exists():
            yield (arg, InputError("dangling symbolic link"))
        elif not path.exists():
            yield (arg, InputError("no such file or folder"))
        else:
            yield Input(arg, path)


def read_input(item: Input) -> Decoded:
    """Read one input's bytes and decode them to text."""
    from .decoding import decode

    if item.path is None:
        data = sys.stdin.buffer.read()
    else:
        try:
            data = item.path.read_bytes()
        except IsADirectoryError:
            raise InputError("is a folder") from None
        except PermissionError:
            raise InputError("permission denied") from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return decode(data)
