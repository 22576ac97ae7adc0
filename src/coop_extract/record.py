"""Assemble the pydantic :class:`Record` from what the components left on a Doc."""

from __future__ import annotations

from collections.abc import Callable

import pycountry
from spacy.tokens import Doc

from .extract.text import doc_text
from .extract.types import CoopResult, DateResult, PlaceResult
from .models import Record


def build_record(
    doc: Doc,
    source: str,
    original: str | None = None,
    mapping: Callable[[int], int] | None = None,
    warnings: list[str] | None = None,
    encoding: str | None = None,
) -> Record:
    """The record of one processed doc; evidence offsets point into ``original``."""
    text = original if original is not None else doc_text(doc)
    to_orig: Callable[[int], int] = mapping or (lambda offset: offset)
    # Plain dicts, validated once by Record.model_validate (much cheaper than a model per part).
    evidence: list[dict] = []

    def cite(field: str, start: int | None, end: int | None) -> None:
        if start is None or end is None:
            return
        s, e = to_orig(start), to_orig(end)
        if 0 <= s <= e <= len(text):
            evidence.append({"field": field, "text": text[s:e], "start": s, "end": e})

    title = None
    if doc._.coop_title:
        s, e = doc._.coop_title
        title = doc_text(doc)[s:e]
        cite("title", s, e)

    date: DateResult = doc._.coop_date or DateResult()
    cite("date", date.start, date.end)

    organisations = []
    for i, org in enumerate(doc._.coop_orgs or []):
        organisations.append(
            {
                "name": org.name,
                "acronym": org.acronym,
                "kind": org.kind,
                "country": org.country,
                "mentions": max(org.mentions, 1),
            }
        )
        cite(f"organisations[{i}]", org.start, org.end)

    people = []
    for i, person in enumerate(doc._.coop_people or []):
        people.append(
            {
                "name": person.name,
                "honorifics": list(person.honorifics),
                "role": person.role,
                "organisation": person.organisation,
            }
        )
        cite(f"people[{i}]", person.start, person.end)

    place: PlaceResult = doc._.coop_place or PlaceResult()
    location = None
    if place.city or place.country_code:
        country_name = place.country
        if place.country_code and not country_name:
            found = pycountry.countries.get(alpha_2=place.country_code)
            country_name = getattr(found, "common_name", None) or (found.name if found else None)
        location = {"city": place.city, "country": country_name, "country_code": place.country_code}
        cite("location", place.start, place.end)
    countries: list[str] = []
    for code, start, end in place.countries:
        if code not in countries:
            cite(f"countries[{len(countries)}]", start, end)
            countries.append(code)

    coop: CoopResult = doc._.coop_coop or CoopResult()
    types = []
    status = {}
    for i, mention in enumerate(coop.types):
        kind = mention.type
        if kind in status:
            continue
        types.append(kind)
        status[kind] = mention.status
        if i == 0 and coop.main == mention.type:
            cite("cooperation_type", mention.start, mention.end)
        cite(f"cooperation_types[{len(types) - 1}]", mention.start, mention.end)
    areas = []
    for area in coop.areas:
        if all(a["code"] != area.code for a in areas):
            cite(f"areas[{len(areas)}]", area.start, area.end)
            areas.append({"code": area.code, "label": area.label})

    all_warnings = list(warnings or []) + list(date.warnings) + list(doc._.coop_warnings or [])
    return Record.model_validate(
        {
            "source": source,
            "language": doc._.coop_language,
            "encoding": encoding,
            "title": title,
            "date": date.date,
            "date_end": date.date_end,
            "date_text": date.text,
            "organisations": organisations,
            "people": people,
            "location": location,
            "countries": countries,
            "cooperation_type": coop.main or None,
            "cooperation_types": types,
            "cooperation_status": status,
            "areas": areas,
            "cameo": coop.cameo,
            "warnings": all_warnings,
            "evidence": evidence,
        }
    )
