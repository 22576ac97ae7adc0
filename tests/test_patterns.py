"""Pattern files: every shipped file loads; a bad line names file, line and key."""

from __future__ import annotations

import pytest

from coop_extract.extract.patterns import PatternError, parse_lines, pattern_dir

SCHEMA = {"label": (str,), "pattern": (str, list), "id": (str,), "kind": (str,)}


def test_valid_lines_and_comments():
    lines = ["// comment", "", '{"label": "ORG", "pattern": "Academy", "kind": "academy"}']
    assert parse_lines(lines, "x.jsonl", SCHEMA) == [
        {"label": "ORG", "pattern": "Academy", "kind": "academy"}
    ]


@pytest.mark.parametrize(
    ("line", "key", "reason"),
    [
        ('{"label": "ORG", "patern": "x"}', "pattern", "missing required key"),
        ('{"pattern": "x", "knd": "y"}', "knd", "unknown key"),
        ('{"pattern": 3}', "pattern", "expected str or list"),
        ('{"pattern": [1, 2]}', "pattern", "token 0 must be an object"),
        ('{"pattern": ""}', "pattern", "must not be empty"),
    ],
)
def test_bad_line_names_file_line_and_key(line, key, reason):
    with pytest.raises(PatternError) as info:
        parse_lines(["// first", line], "orgs.jsonl", SCHEMA)
    message = str(info.value)
    assert message.startswith(f"orgs.jsonl:2: key {key!r}")
    assert reason in message


def test_invalid_json_names_the_line():
    with pytest.raises(PatternError, match=r"^f.jsonl:1: not valid JSON"):
        parse_lines(['{"pattern": '], "f.jsonl", SCHEMA)


def test_every_shipped_pattern_file_is_valid_jsonl():
    import json

    files = sorted(pattern_dir().glob("*.jsonl"))
    assert files
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                assert isinstance(json.loads(line), dict), f"{path.name}:{number}"


def test_pipeline_loads_all_pattern_files(nlp):
    # building the pipeline validates every file it uses; a broken file would raise here
    assert nlp.pipe_names[0] == "coop_clean"
