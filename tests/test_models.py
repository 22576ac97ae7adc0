"""The record models: strict, described, serialised safely."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from coop_extract.models import (
    SCHEMA_VERSION,
    Evidence,
    Organisation,
    Record,
    json_schema,
    record_to_json,
)


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError):
        Organisation(name="X University", nickname="X")


def test_closed_vocabularies_are_enums():
    with pytest.raises(ValidationError):
        Record(source="a", cooperation_type="party", cooperation_types=["party"])
    with pytest.raises(ValidationError):
        Organisation(name="X", kind="club")


def test_country_codes_are_alpha2():
    with pytest.raises(ValidationError):
        Record(source="a", countries=["Kazakhstan"])
    assert Record(source="a", countries=["KZ"]).countries == ["KZ"]


def test_main_type_must_lead_the_types():
    with pytest.raises(ValidationError):
        Record(source="a", cooperation_type="meeting", cooperation_types=["agreement", "meeting"])


def test_date_end_not_before_date():
    with pytest.raises(ValidationError):
        Record(source="a", date=dt.date(2023, 5, 2), date_end=dt.date(2023, 5, 1))


def test_evidence_end_not_before_start():
    with pytest.raises(ValidationError):
        Evidence(field="date", text="", start=5, end=4)


def test_schema_has_contract_fields_and_descriptions():
    schema = json_schema()
    props = schema["properties"]
    for name in (
        "schema_version",
        "source",
        "language",
        "title",
        "date",
        "date_end",
        "date_text",
        "organisations",
        "people",
        "location",
        "countries",
        "cooperation_type",
        "cooperation_types",
        "evidence",
    ):
        assert name in props
    assert props["date"]["description"]
    assert schema["additionalProperties"] is False
    org = schema["$defs"]["Organisation"]["properties"]
    assert set(org) >= {"name", "acronym", "kind", "country", "mentions"}


def test_serialisation_is_json_with_iso_dates_and_escaped_line_separators():
    record = Record(source="a", date=dt.date(2023, 7, 20), title="one\u2028two")
    text = record_to_json(record)
    assert "\u2028" not in text and "\\u2028" in text
    data = json.loads(text)
    assert data["date"] == "2023-07-20"
    assert data["title"] == "one\u2028two"
    assert data["schema_version"] == SCHEMA_VERSION
    assert len(text.splitlines()) == 1
