"""The record models: the one source of coop-extract's output shape.

Everything a record holds is declared here with a description; ``coop-extract
schema`` prints the JSON Schema generated from these classes, and the CLI and
the library both serialise records through :func:`record_to_json`.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

CountryCode = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.")
]


class StrictModel(BaseModel):
    """Base for every record part: unknown keys are errors, not silently kept."""

    model_config = ConfigDict(extra="forbid", frozen=False, use_enum_values=False)


class CooperationType(str, Enum):
    """The closed vocabulary of cooperation kinds (see GUIDELINES)."""

    agreement = "agreement"
    meeting = "meeting"
    conference = "conference"
    joint_institution = "joint_institution"
    joint_research = "joint_research"
    mobility = "mobility"
    training = "training"
    funding = "funding"


class CooperationStatus(str, Enum):
    """Whether a reported kind of cooperation happened, is agreed, or only talked of."""

    done = "done"
    agreed = "agreed"
    proposed = "proposed"
    background = "background"


class OrganisationKind(str, Enum):
    academy = "academy"
    university = "university"
    ministry = "ministry"
    government = "government"
    international_organisation = "international_organisation"
    research_institute = "research_institute"
    funding_agency = "funding_agency"
    company = "company"
    other = "other"


class Evidence(StrictModel):
    """Where in the input text a value was read: ``text == input[start:end]``."""

    field: str = Field(
        description="The record field this supports, e.g. 'date', 'organisations[0]', "
        "'people[1]', 'location', 'countries[0]', 'cooperation_types[2]'."
    )
    text: str = Field(description="The exact characters of the input at [start, end).")
    start: int = Field(ge=0, description="Start character offset into the input text.")
    end: int = Field(ge=0, description="End character offset (exclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence end {self.end} is before start {self.start}")
        return self


class Organisation(StrictModel):
    name: str = Field(description="The fullest form of the name the text gives.")
    acronym: str | None = Field(
        default=None, description="The short form the text pairs with the name, if any."
    )
    kind: OrganisationKind | None = Field(default=None, description="What sort of body it is.")
    country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code of its country, when stated or implied."
    )
    mentions: int = Field(
        default=1,
        ge=1,
        description="How often the text refers to it (full, short and generic forms).",
    )


class Person(StrictModel):
    name: str = Field(description="The name as written, without honorifics or titles.")
    honorifics: list[str] = Field(
        default_factory=list, description='Honorifics such as "Prof.", "Dr.", "Mr.", "H.E.".'
    )
    role: str | None = Field(default=None, description="Position or role the text gives.")
    organisation: str | None = Field(
        default=None, description="Name of the organisation entry the text ties the person to."
    )


class Location(StrictModel):
    city: str | None = Field(default=None, description="City where the event took place.")
    country: str | None = Field(default=None, description="Country name of the event's venue.")
    country_code: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code of the venue's country."
    )


class Area(StrictModel):
    code: str = Field(
        description="OECD Fields of Science and Technology (FOS 2007) code, e.g. '1.2'."
    )
    label: str = Field(description="The FOS field's English label.")


class Record(StrictModel):
    """One press release turned into data."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this record shape.")
    source: str = Field(description="The input path as given on the command line; '-' for stdin.")
    language: str | None = Field(default=None, description="ISO 639-1 code of the text's language.")
    encoding: str | None = Field(
        default=None, description="Encoding the input was decoded from, when it was not UTF-8."
    )
    title: str | None = Field(default=None, description="The headline, when the text has one.")
    date: dt.date | None = Field(default=None, description="ISO date of the reported event.")
    date_end: dt.date | None = Field(
        default=None, description="Last day when the event spans several days."
    )
    date_text: str | None = Field(default=None, description="The words the date was read from.")
    organisations: list[Organisation] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    location: Location | None = Field(default=None, description="Where the event took place.")
    countries: list[CountryCode] = Field(
        default_factory=list,
        description="Countries of the taking-part organisations and governments and of the venue.",
    )
    cooperation_type: CooperationType | None = Field(
        default=None, description="The main kind of cooperation reported (headline or lead)."
    )
    cooperation_types: list[CooperationType] = Field(
        default_factory=list, description="Every kind reported, the main one first."
    )
    cooperation_status: dict[CooperationType, CooperationStatus] = Field(
        default_factory=dict,
        description="For each reported kind: done, agreed, proposed or background.",
    )
    areas: list[Area] = Field(
        default_factory=list, description="Fields of science named as areas of cooperation."
    )
    cameo: str | None = Field(
        default=None,
        pattern=r"^\d{2,4}$",
        description="CAMEO event code matching the main type and its status.",
    )
    warnings: list[str] = Field(
        default_factory=list, description="Things a reader should check (ambiguous dates, cuts)."
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Character offsets backing the values above."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        if self.cooperation_type is not None and (
            not self.cooperation_types or self.cooperation_types[0] != self.cooperation_type
        ):
            raise ValueError("cooperation_types must start with cooperation_type")
        if self.date_end is not None and self.date is not None and self.date_end < self.date:
            raise ValueError("date_end is before date")
        return self


def json_schema() -> dict:
    """The JSON Schema of a record, generated from the models."""
    return Record.model_json_schema()


def _escape_separators(text: str) -> str:
    # U+2028/U+2029 are legal in JSON strings but split lines for str.splitlines readers.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def record_to_dict(record: Record) -> dict:
    return record.model_dump(mode="json")


def record_to_json(record: Record | dict, indent: int | None = None) -> str:
    """Serialise a record as JSON: UTF-8 text, line separators escaped, no NaN."""
    if isinstance(record, Record) and not indent:
        return _escape_separators(record.model_dump_json())
    data = record_to_dict(record) if isinstance(record, Record) else record
    text = json.dumps(
        data,
        ensure_ascii=False,
        allow_nan=False,
        indent=indent,
        separators=(",", ": ") if indent else (",", ":"),
    )
    return _escape_separators(text)
