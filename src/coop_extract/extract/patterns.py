"""Loading and validating the JSONL pattern files shipped in ``coop_extract/patterns``.

Each line of a pattern file is one JSON object. A ``"pattern"`` that is a
string is a phrase pattern; a list is a spaCy token pattern. Every file
declares which keys it allows; a bad line raises :class:`PatternError`
naming the file, the line and the key, so a typo never passes silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


class PatternError(ValueError):
    """A pattern file line that does not follow its file's schema."""

    def __init__(self, file: str, line: int, key: str | None, reason: str) -> None:
        where = f"{file}:{line}" + (f": key {key!r}" if key else "")
        super().__init__(f"{where}: {reason}")
        self.file, self.line, self.key, self.reason = file, line, key, reason


# Allowed keys per file: key -> accepted Python types. "pattern" is checked specially.
_COMMON: dict[str, tuple[type, ...]] = {"label": (str,), "pattern": (str, list), "id": (str,)}


def pattern_dir() -> Path:
    return Path(str(resources.files("coop_extract") / "patterns"))


def validate_line(
    obj: Any,
    file: str,
    line: int,
    schema: Mapping[str, tuple[type, ...]],
    required: Iterable[str],
) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise PatternError(file, line, None, f"expected a JSON object, got {type(obj).__name__}")
    for key in required:
        if key not in obj:
            raise PatternError(file, line, key, "missing required key")
    for key, value in obj.items():
        if key not in schema:
            allowed = ", ".join(sorted(schema))
            raise PatternError(file, line, key, f"unknown key (allowed: {allowed})")
        types = schema[key]
        if not isinstance(value, types):
            names = " or ".join(t.__name__ for t in types)
            raise PatternError(file, line, key, f"expected {names}, got {type(value).__name__}")
        if key == "pattern":
            _check_pattern(value, file, line)
        if isinstance(value, list) and key != "pattern":
            for item in value:
                if not isinstance(item, str | int | float):
                    raise PatternError(file, line, key, "list items must be strings or numbers")
        if isinstance(value, str) and not value.strip() and key in ("pattern", "label", "id"):
            raise PatternError(file, line, key, "must not be empty")
    return obj


def _check_pattern(value: Any, file: str, line: int) -> None:
    if isinstance(value, str):
        return
    if not value:
        raise PatternError(file, line, "pattern", "token pattern must not be empty")
    for i, token in enumerate(value):
        if not isinstance(token, dict):
            raise PatternError(file, line, "pattern", f"token {i} must be an object")


def parse_lines(
    lines: Iterable[str],
    file: str,
    schema: Mapping[str, tuple[type, ...]],
    required: Iterable[str] = ("pattern",),
) -> list[dict[str, Any]]:
    """Parse and validate JSONL text lines (blank lines and ``//`` comments skipped)."""
    required = tuple(required)
    out = []
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text or text.startswith("//"):
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PatternError(file, number, None, f"not valid JSON: {exc.msg}") from None
        out.append(validate_line(obj, file, number, schema, required))
    return out


@cache
def _load(name: str, schema_items: tuple, required: tuple) -> tuple[dict[str, Any], ...]:
    path = pattern_dir() / name
    with path.open(encoding="utf-8") as handle:
        return tuple(parse_lines(handle, name, dict(schema_items), required))


def load_patterns(
    name: str,
    extra: Mapping[str, tuple[type, ...]] | None = None,
    required: Iterable[str] = ("pattern",),
) -> list[dict[str, Any]]:
    """Load ``patterns/NAME`` with the common keys plus ``extra``; cached per process."""
    schema = dict(_COMMON)
    schema.update(extra or {})
    items = tuple(sorted((k, v) for k, v in schema.items()))
    return [dict(x) for x in _load(name, items, tuple(required))]
