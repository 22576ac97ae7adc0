"""Organisations: head-noun spans, a gazetteer, acronyms learned from the text, one entry each.

The core is a set of pure functions over a ``Doc``:

* :func:`head_spans` grows a capitalised run of words around a head noun
  ("University", "Academy", "Ministry", ... from ``patterns/org_heads.jsonl``)
  with its qualifiers ("of the Republic of Kazakhstan", "named after J.
  Balasagyn", "Halle-Wittenberg", a quoted name);
* :func:`gazetteer_spans` finds well-known bodies from
  ``patterns/organisations.jsonl`` (names case-insensitively, acronyms as
  written);
* :func:`find_acronyms` pairs "Full Name (ACR)", "Full Name ACR", "ACR (Full
  Name)" and "Full Name or ACR";
* :func:`resolve` merges every mention (full, shortened, acronym, "the
  University") into one :class:`OrgEntry` per organisation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from . import BatchedComponent
from .cleaning import in_ranges
from .patterns import load_patterns
from .text import english_tokenizer
from .text import is_cyrillic as _is_cyrillic
from .tokens import tok_list as _toks
from .tokens import token_view
from .types import OrgEntry

CONNECTORS_RIGHT = {
    "of",
    "for",
    "on",
    "für",
    "de",
    "del",
    "des",
    "der",
    "du",
    "in",
    "di",
    "della",
    "dei",
    "degli",
    "do",
    "da",
    "dos",
    "das",
    "van",
    "voor",
}
# Words that can stand before "of" inside a name: "State of São Paulo Research Foundation".
GEO_BEFORE_OF = {
    "state",
    "republic",
    "kingdom",
    "province",
    "region",
    "city",
    "emirate",
    "sultanate",
    "principality",
    "federation",
    "commonwealth",
}
# Heads of a unit inside a larger body: "School of Public Health", "Department of Physics of X".
UNIT_HEADS = {"school", "faculty", "department", "chair", "division"}
ACRONYM_UNIT_HEADS = {
    "office",
    "secretariat",
    "headquarters",
    "representation",
    "branch",
    "delegation",
}
NAMED_AFTER_TITLES = {
    "academician",
    "academic",
    "professor",
    "prof",
    "prof.",
    "hero",
    "sir",
    "saint",
    "st",
    "st.",
    "dr",
    "dr.",
    "академика",
    "профессора",
    "героя",
}
# Foreign head nouns folded to English for matching one body's names in two languages.
_HEAD_SYNONYMS = {
    "universidad": "university",
    "universidade": "university",
    "universita": "university",
    "universitat": "university",
    "universitet": "university",
    "universite": "university",
    "universiteit": "university",
    "instituto": "institute",
    "institut": "institute",
    "istituto": "institute",
    "institutet": "institute",
    "academia": "academy",
    "akademie": "academy",
    "akademia": "academy",
}
CONNECTORS_INNER = {"and", "&", "und", "et", "y", "и"}
# Sub-units named as "Secretariat of the X": the entry is X.
SUB_UNITS = {"secretariat", "presidium", "office", "board", "rectorate", "administration"}
ROLE_WORDS = {
    "president",
    "vice-president",
    "rector",
    "vice-rector",
    "prorector",
    "director",
    "director-general",
    "minister",
    "deputy",
    "chairman",
    "chairwoman",
    "chair",
    "head",
    "dean",
    "secretary",
    "general",
    "ambassador",
    "chancellor",
    "governor",
    "mayor",
    "akim",
    "professor",
    "prof",
    "dr",
    "mr",
    "mrs",
    "ms",
    "acting",
    "representative",
    "representatives",
    "delegation",
    "rectors",
    "presidents",
    "heads",
    "ministers",
    "ceo",
    "coordinator",
    "advisor",
    "adviser",
}
LEFT_STOP = {
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "by",
    "for",
    "from",
    "with",
    "to",
    "and",
    "or",
    "of",
    "as",
    "during",
    "after",
    "before",
    "this",
    "that",
    "these",
    "those",
    "its",
    "his",
    "her",
    "their",
    "our",
    "both",
    "all",
    "when",
    "while",
    "since",
    "between",
    "among",
    "under",
    "within",
    "into",
    "about",
    "yesterday",
    "today",
    "also",
    "it",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
    "but",
    "if",
    "so",
}
NOT_NAME = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
_ADJECTIVE = re.compile(r"(ic|al|ive|ary|ous|ed|an|ish|ese|ian|ial)$")
# Abbreviations that are no organisation's acronym unless the text defines them so.
COMMON_ABBREVIATIONS = {
    "IT",
    "ICT",
    "AI",
    "ML",
    "PhD",
    "MSc",
    "BSc",
    "MBA",
    "MoU",
    "MOU",
    "R&D",
    "STEM",
    "GDP",
    "USD",
    "EUR",
    "KZT",
    "RUB",
    "COVID",
    "CEO",
    "CTO",
    "PR",
    "TV",
    "GPS",
    "GIS",
    "IoT",
    "VR",
    "AR",
    "HR",
    "NGO",
    "NGOs",
    "SDG",
    "SDGs",
    "HIV",
    "AIDS",
    "DNA",
    "RNA",
    "CO2",
    "UAV",
    "PDF",
    "FAQ",
    "QS",
    "THE",
    "AND",
    "OF",
    "FOR",
    "IN",
    "ON",
    "TO",
    "US",
    "UK",
}
QUOTES_OPEN = {'"', "“", "«", "„", "'"}
QUOTES_CLOSE = {'"', "”", "»", "“", "'"}
ACRONYM_RE = re.compile(r"^(?=(?:.*[A-ZÀ-ÖØ-ÞĀ-ſА-Я]){2})[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\wА-яЁё&]{1,9}$")
_INITIAL = re.compile(r"^([A-Z][a-z]?\.)+$")


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    canonical: str
    kind: str | None
    country: str | None
    acronyms: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, str]  # head noun -> kind
    entries: dict[str, GazetteerEntry]
    acronyms: dict[str, str]  # acronym as written -> id
    names: tuple[tuple[str, str], ...]  # (surface name, id)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    heads = {
        item["pattern"]: item.get("kind", "other")
        for item in load_patterns("org_heads.jsonl", extra={"kind": (str,)})
    }
    items = load_patterns(
        "organisations.jsonl",
        extra={"kind": (str,), "country": (str,)},
        required=("id", "label", "pattern"),
    )
    canon: dict[str, dict] = {}
    acronyms: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    acr_by_id: dict[str, list[str]] = {}
    for item in items:
        oid = item["id"]
        if item["label"] in ("ACRONYM", "ALIAS"):
            acronyms[item["pattern"]] = oid
            acr_by_id.setdefault(oid, []).append(item["pattern"])
        elif item["label"] == "NAME":
            names.append((item["pattern"], oid))
            canon.setdefault(oid, item)
        else:
            raise ValueError(
                f"organisations.jsonl: label must be NAME or ACRONYM, not {item['label']!r}"
            )
    entries = {}
    for oid in set(canon) | set(acr_by_id):
        first = canon.get(oid)
        acrs = tuple(acr_by_id.get(oid, ()))
        entries[oid] = GazetteerEntry(
            id=oid,
            canonical=first["pattern"] if first else acrs[0],
            kind=(first or {}).get("kind"),
            country=(first or {}).get("country"),
            acronyms=acrs,
        )
    return Lexicon(heads, entries, acronyms, tuple(names))


@lru_cache(maxsize=4)
def _name_matcher(vocab_id: int, vocab: Vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="LOWER")
    tokenizer = english_tokenizer(vocab)  # the pipeline's own, so names split as texts do
    by_id: dict[str, list] = {}
    for name, oid in lexicon().names:
        by_id.setdefault(oid, []).append(tokenizer(name.lower()))
    for oid, docs in by_id.items():
        matcher.add(oid, docs)
    return matcher


# ---------------------------------------------------------------------------------------------
# token predicates


def is_cap(token: Token) -> bool:
    return _cap_text(token.text)


@lru_cache(maxsize=65536)
def _cap_text(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def is_head(token: Token, heads: dict[str, str]) -> bool:
    return token.text in heads and (token.text[0].isupper() or _is_cyrillic(token.text))


def _attached(doc: Doc, i: int) -> bool:
    """Token i is glued to both neighbours (no whitespace): "Halle-Wittenberg"."""
    toks = _toks(doc)
    return 0 < i < len(doc) - 1 and not toks[i - 1].whitespace_ and not toks[i].whitespace_


def _name_word(token: Token, heads: dict[str, str]) -> bool:
    """A word that can stand inside an organisation name."""
    return _name_word_text(token.text)


@lru_cache(maxsize=65536)
def _name_word_text(text: str) -> bool:
    if not _cap_text(text):
        return False
    low = text.lower().rstrip(".")
    if low in LEFT_STOP and low != "and" and not text.isupper():
        return False  # "Of", "At" of a Title Case headline
    return not (low in ROLE_WORDS or low in NOT_NAME or _INITIAL.match(text))


# ---------------------------------------------------------------------------------------------
# head-noun spans


def _left(doc: Doc, i: int, heads: dict[str, str], floor: int) -> int:
    """Start of the name that ends with the head at i."""
    toks = _toks(doc)
    start = i
    j = i - 1
    seen_and = False
    while j >= floor:
        tok = toks[j]
        if tok.text == "-" and _attached(doc, j) and is_cap(toks[j - 1]):
            start = j - 1
            j -= 2
            continue
        if _INITIAL.match(tok.text) and start == j + 1 and _name_word(toks[j + 1], heads):
            start = j  # "L.N. Gumilyov Eurasian National University"
            j -= 1
            continue
        if _name_word(tok, heads) and not tok.is_sent_start:
            if tok.lower_ in LEFT_STOP and not tok.text.isupper():
                break
            start = j
            j -= 1
            continue
        if _name_word(tok, heads) and tok.is_sent_start and tok.lower_ not in LEFT_STOP:
            start = j
            break
        if tok.lower_ in CONNECTORS_INNER and j - 1 >= floor and _name_word(toks[j - 1], heads):
            # "Scientific and Technological Research Council": adjectives before the head
            k = j - 1
            while (
                k - 1 >= floor
                and _name_word(toks[k - 1], heads)
                and toks[k - 1].lower_ not in LEFT_STOP
            ):
                k -= 1
            run = doc[k:j]
            if any(is_head(t, heads) for t in run) or any(t.lower_ in LEFT_STOP for t in run):
                break
            adjectival = _ADJECTIVE.search(toks[j - 1].lower_) and toks[j - 1].lower_ != "republic"
            before = toks[k - 1].lower_ if k - 1 >= 0 else ""
            before2 = toks[k - 2].lower_ if k - 2 >= 0 else ""
            # "the Higher Education and Science Committee": the run opens after an article that
            # does not belong to a qualifier ("... of the Kyrgyz Republic and Kyrgyz University")
            before3 = toks[k - 3].lower_ if k - 3 >= 0 else ""
            bounded = before in ("the", "") and (
                before2 not in ("of", "for", "and", "&") or before3 in ROLE_WORDS
            )
            if not (adjectival or bounded):
                break
            seen_and = True
            start = k
            j = k - 1
            continue
        if tok.text == "," and seen_and and j - 1 >= floor and _name_word(toks[j - 1], heads):
            if is_head(toks[j - 1], heads) or toks[j - 1].lower_ in LEFT_STOP:
                break
            if not _ADJECTIVE.search(toks[j - 1].lower_):
                break
            start = j - 1
            j -= 2
            continue
        if tok.lower_ in ("of", "for") and j - 1 >= floor and _name_word(toks[j - 1], heads):
            # "State of São Paulo Research Foundation"; not "Rector of Osh State University"
            prev = toks[j - 1]
            if prev.lower_ in ROLE_WORDS or prev.lower_ in LEFT_STOP or is_head(prev, heads):
                break
            if prev.lower_ not in GEO_BEFORE_OF:
                break
            if j - 2 >= floor and (toks[j - 2].lower_ in ("the", "a") or not is_cap(toks[j - 2])):
                start = j - 1
                j -= 2
                continue
            break
        break
    return start


def _cap_run(doc: Doc, j: int, heads: dict[str, str], limit: int) -> int:
    """End (exclusive) of a run of name words from j, with inner 'and' and hyphen compounds."""
    toks = _toks(doc)
    end = j
    while end < limit:
        tok = toks[end]
        if end > j and _stops_run(doc, end):
            break
        if _name_word(tok, heads) or (tok.text == "-" and _attached(doc, end)):
            end += 1
            continue
        if tok.text == "," and end > j:
            k = end
            while (
                k < limit
                and toks[k].text == ","
                and k + 1 < limit
                and _name_word(toks[k + 1], heads)
            ):
                k += 1
                while k < limit and _name_word(toks[k], heads) and not is_head(toks[k], heads):
                    k += 1
            if (
                k > end
                and k < limit
                and toks[k].lower_ in CONNECTORS_INNER
                and k + 1 < limit
                and _name_word(toks[k + 1], heads)
            ):
                end = k  # a list closed by "and": take it, the "and" branch takes the last item
                continue
            break
        if (
            tok.lower_ in CONNECTORS_INNER
            and end + 1 < limit
            and _name_word(toks[end + 1], heads)
            and toks[end + 1].lower_ not in LEFT_STOP
        ):
            k = end + 1
            while k < limit and (_name_word(toks[k], heads) or toks[k].text == "-"):
                if k > end + 1 and _stops_run(doc, k):
                    break
                k += 1
            if any(is_head(t, heads) for t in doc[end + 1 : k]):
                break
            end = k
            continue
        break
    return end


@lru_cache(maxsize=1)
def _people():  # type: ignore[no-untyped-def]
    from . import people  # people imports this module's neighbours; import it on first use

    return people


_CITY_AFTER_HEADS = {
    "university",
    "universität",
    "universitat",
    "hochschule",
    "université",
    "universitet",
    "universiteit",
    "universidad",
    "università",
    "institut",
}


@lru_cache(maxsize=4096)
def _is_place(word: str) -> bool:
    from . import places

    try:
        return _is_exact_place(word) or places.country_of_name(word) is not None
    except Exception:  # places must never break organisations
        return False


@lru_cache(maxsize=4096)
def _is_exact_place(text: str) -> bool:
    """The whole text is a city, region or country name ("Russian Federation")."""
    from . import places

    try:
        return bool(places.place_kinds(text) & {"city", "country", "region"})
    except Exception:  # places must never break organisations
        return False


def _stops_run(doc: Doc, k: int) -> bool:
    """A word that ends a name run: an acronym after the name, or the start of a person's name."""
    toks = _toks(doc)
    tok = toks[k]
    if is_acronym(tok.text) and tok.text.upper() == tok.text and len(tok.text) >= 3:
        return True
    return _people().looks_like_person_at(doc, k)


def _right(doc: Doc, i: int, heads: dict[str, str], limit: int) -> int:
    """End (exclusive) of the name whose head is at i, with its qualifiers."""
    toks = _toks(doc)
    end = i + 1
    cyrillic = _is_cyrillic(toks[i].text)
    while end < limit:
        tok = toks[end]
        low = tok.lower_
        if tok.text == "-" and _attached(doc, end) and end + 1 < limit and is_cap(toks[end + 1]):
            end += 2
            continue
        if cyrillic and is_cap(tok) and _is_cyrillic(tok.text) and not _stops_run(doc, end):
            end += 1
            continue
        if (
            is_cap(tok)
            and end + 2 < limit
            and toks[end + 1].text == "-"
            and _attached(doc, end + 1)
        ):
            # "University Halle-Wittenberg"
            end += 3
            continue
        if (
            end == i + 1
            and is_cap(tok)
            and not _is_cyrillic(tok.text)
            and toks[i].lower_ in _CITY_AFTER_HEADS
            and (end + 1 >= limit or not is_cap(toks[end + 1]))
            and _is_place(tok.text)
        ):
            end += 1  # "Technische Universität Berlin", "Universität Wien"
            continue
        if tok.text in QUOTES_OPEN and end + 1 < limit and is_cap(toks[end + 1]):
            k = end + 1
            while k < limit and k < end + 6 and toks[k].text not in QUOTES_CLOSE:
                k += 1
            if k < limit and toks[k].text in QUOTES_CLOSE and k > end + 1:
                end = k + 1
                continue
            break
        if (low == "named" and end + 1 < limit and toks[end + 1].lower_ == "after") or low in (
            "им",
            "имени",
        ):
            k = end + 2 if low == "named" else end + 1
            if low == "им" and k < limit and toks[k].text == ".":
                k += 1
            while k < limit and toks[k].lower_ in NAMED_AFTER_TITLES:
                k += 1
            while k < limit and (
                is_cap(toks[k]) or toks[k].text in ("-", ".") or toks[k].lower_ in ("al", "el")
            ):
                if toks[k].text == "." and (toks[k - 1].whitespace_ or len(toks[k - 1].text) > 2):
                    break
                k += 1
            if k > end + 2:
                end = k
                continue
            break
        if low in CONNECTORS_RIGHT and end + 1 < limit:
            k = end + 1
            if toks[k].lower_ == "the":
                k += 1
            if low == "in" and (
                k >= limit or toks[k - 1].lower_ == "the" or _is_place(toks[k].text)
            ):
                break  # "University in Almaty" is a place; "Assurance in Higher Education" is not
            if k < limit and _name_word(toks[k], heads) and toks[k].lower_ not in LEFT_STOP:
                run_end = _cap_run(doc, k, heads, limit)
                if run_end > k:
                    end = run_end
                    continue
            break
        break
    return end


_RU_ADJ = re.compile(r"(ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ую|юю|ых|их|ой)$")
_RU_GEN = re.compile(r"(а|я|ы|и|ов|ев|ей|ий|ых|их|ого|его|ой|ии|ия|ния|ства|ости|ций|ук|ук)$")
_RU_VERB = re.compile(r"(ли|ла|ло|ет|ют|ит|ат|ят|ся|сь|ть|ал|ил|ел)$")
_RU_STOP = {
    "в",
    "во",
    "на",
    "с",
    "со",
    "по",
    "о",
    "об",
    "к",
    "у",
    "за",
    "из",
    "от",
    "до",
    "для",
    "при",
    "а",
    "но",
    "что",
    "как",
    "это",
    "также",
    "между",
    "и",
}


@lru_cache(maxsize=1)
def ru_heads() -> tuple[tuple[str, str], ...]:
    return tuple(
        (item["pattern"], item.get("kind", "other"))
        for item in load_patterns("org_heads_ru.jsonl", extra={"kind": (str,)})
    )


@lru_cache(maxsize=1)
def _ru_head_re() -> re.Pattern[str]:
    """Word starts of the Russian head stems, to find head tokens without visiting every token."""
    stems = sorted((stem for stem, _ in ru_heads()), key=len, reverse=True)
    # the look-ahead for a stem's first letter turns most positions away before the slower
    # look-behind and alternation are tried (three times faster on mixed texts)
    firsts = "".join(sorted({stem[0] for stem in stems}))
    return re.compile(
        f"(?=[{re.escape(firsts)}])" + r"(?<![\w-])(?:" + "|".join(map(re.escape, stems)) + r")",
        re.I,
    )


def _ru_head(low: str) -> str | None:
    for stem, kind in ru_heads():
        if low.startswith(stem) and len(low) - len(stem) <= 4:
            return kind
    return None


def ru_head_spans(doc) -> list[tuple[int, int, int, str]]:  # type: ignore[no-untyped-def]
    """Russian names: capitalised adjectives, a head noun in any case, genitive qualifiers.

    "Объединённый институт ядерных исследований", "Министерство науки и высшего образования
    Российской Федерации", "Физико-технический институт им. А.Ф. Иоффе".
    """
    out: list[tuple[int, int, int, str]] = []
    full_text = doc.text
    if not _is_cyrillic(full_text):
        return out
    texts = doc.texts
    n = len(texts)
    seen = set()
    for match in _ru_head_re().finditer(full_text):
        i = doc.index_at(match.start())
        if i in seen or doc[i].idx != match.start():
            continue
        seen.add(i)
        text = texts[i]
        low = text.lower()
        kind = _ru_head(low)
        if kind is None:
            continue
        start = i
        if (
            True
        ):  # adjectives before the head: "Национальная Академия", "Белорусский ... университет"
            k = i - 1
            while (
                k >= 0
                and k >= i - 4
                and not (text[:1].isupper() and start < i and texts[start][:1].isupper())
            ):
                t = texts[k]
                if t == "-" and k - 1 >= 0 and _is_cyrillic(texts[k - 1]):
                    start = k - 1  # "Физико-технический институт"
                    if texts[k - 1][:1].isupper():
                        break
                    k -= 2
                    continue
                if not _is_cyrillic(t) or not _RU_ADJ.search(t.lower()):
                    break
                start = k
                if t[:1].isupper():
                    break
                k -= 1
            if start >= 2 and texts[start - 1] == "-" and texts[start - 2][:1].isupper():
                start -= 2  # "Санкт-Петербургский"
            if (
                start == i
                and i > 0
                and texts[i - 1][:1].isupper()
                and _is_cyrillic(texts[i - 1])
                and re.search(r"(ов|ев|ин|ын|ский)$", texts[i - 1].lower())
            ):
                start = i - 1  # "Торайгыров университет": named after a person
            if not texts[start][:1].isupper():
                continue
            if sum(1 for t in texts[start : i + 1] if t != "-") < 2 or (
                i - start == 2 and texts[i - 1] == "-"
            ):
                if i + 1 >= n or not _RU_GEN.search(texts[i + 1].lower()):
                    continue  # "Пресс-центр": a bare compound is no named body
        end = i + 1
        while end < n and end - i <= 8:
            t = texts[end]
            tl = t.lower()
            if tl in ("им", "им.", "имени"):
                k = end + 1
                if k < n and texts[k] == ".":
                    k += 1
                while k < n and texts[k].lower() in NAMED_AFTER_TITLES:
                    k += 1
                while k < n and (texts[k][:1].isupper() or texts[k] in (".", "-")) and k - end < 8:
                    word = texts[k]
                    k += 1
                    if (
                        len(word) > 2
                        and "." not in word
                        and word[:1].isupper()
                        and (k >= n or texts[k] != ".")
                    ):
                        if (
                            k < n
                            and texts[k][:1].isupper()
                            and len(texts[k]) > 2
                            and not _people().looks_like_person_at(doc, k)
                            and _is_cyrillic(texts[k])
                            and not _ru_head(texts[k].lower())
                            and not _RU_ADJ.search(texts[k].lower())
                        ):
                            k += 1  # "имени Әлкей Марғұлан": given name and surname
                        break  # the surname ends the eponym
                if k > end + 1:
                    end = k
                break
            if (
                tl == "и"
                and end + 1 < n
                and _is_cyrillic(texts[end + 1])
                and not texts[end + 1][:1].isupper()
            ):
                nxt = texts[end + 1].lower()
                if _RU_GEN.search(nxt) and not _ru_head(nxt):
                    end += 1
                    continue
                break
            if not _is_cyrillic(t) or tl in _RU_STOP or _RU_VERB.search(tl):
                break
            if _ru_head(tl) and not t[:1].isupper():
                break
            if t[:1].isupper() or _RU_GEN.search(tl):
                if _people().initial_len(doc, end) or (
                    t[:1].isupper() and _people().looks_like_person_at(doc, end)
                ):
                    break
                end += 1
                continue
            break
        out.append((start, end, i, kind))
    return out


def head_spans(doc: Doc, heads: dict[str, str] | None = None) -> list[tuple[int, int, int]]:
    """(start, end, head index) token spans of organisation names built around head nouns."""
    heads = heads if heads is not None else lexicon().heads
    doc = token_view(doc)
    out: list[tuple[int, int, int]] = []
    n = len(doc)
    for i in doc.caps:
        if doc.texts[i] not in heads or _is_cyrillic(doc.texts[i]):
            continue
        tok = doc[i]
        if not is_head(tok, heads):
            continue
        if tok.text.isupper() and len(tok.text) > 3:  # ALL-CAPS headline words
            continue
        start = _left(doc, i, heads, 0)
        end = _right(doc, i, heads, n)
        if out and start < out[-1][1]:
            prev = out.pop()
            start = min(start, prev[0])
            end = max(end, prev[1])
            out.append((start, end, prev[2]))
        else:
            out.append((start, end, i))
    return out


def gazetteer_spans(doc: Doc) -> list[tuple[int, int, str, bool]]:
    """(start, end, gazetteer id, is_acronym) for well-known bodies."""
    lex = lexicon()
    out = []
    doc = token_view(doc)
    real = doc.doc
    matcher = _name_matcher(id(real.vocab), real.vocab)
    for match_id, start, end in matcher(real):
        out.append((start, end, real.vocab.strings[match_id], False))
    texts = doc.texts
    for i in doc.caps:
        oid = lex.acronyms.get(texts[i])
        if oid is not None:
            out.append((i, i + 1, oid, True))
    return out


# ---------------------------------------------------------------------------------------------
# acronyms


@lru_cache(maxsize=65536)
def is_acronym(text: str) -> bool:
    return bool(ACRONYM_RE.match(text)) and not text.isdigit()


@lru_cache(maxsize=65536)
def acronym_fits(acronym: str, name: str) -> bool:
    """Whether ``acronym`` can be read as prefixes of the name's words, in order ("OshSU")."""
    words = [w for w in re.split(r"[\s\-]+", _fold(name)) if w]
    acr = _fold(acronym).replace(" ", "")
    if len(acr) < 2 or not words:
        return False
    skippable = {"of", "the", "and", "for", "named", "after", "&", "in", "on"}

    memo: dict[tuple[int, int], bool] = {}

    def fit(a: int, w: int) -> bool:
        if a == len(acr):
            return True
        if w == len(words):
            return False
        key = (a, w)
        if key not in memo:
            word = words[w]
            memo[key] = any(
                acr[a : a + k] == word[:k] and fit(a + k, w + 1)
                for k in range(min(len(word), len(acr) - a), 0, -1)
            ) or fit(a, w + 1)
        return memo[key]

    # every letter used, and the acronym must start with the first significant word's letter
    sig = [x for x in words if x not in skippable]
    if not sig or any(acr == w or (len(acr) > 3 and w.startswith(acr)) for w in words):
        return False  # a whole word is not an acronym of the name
    return fit(0, 0) and acr[-1] in "".join(w[0] for w in sig)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


# ---------------------------------------------------------------------------------------------
# resolution into entries


@dataclass
class _Entry:
    name: str
    start: int  # char offsets of the name's best mention
    end: int
    head: str | None
    kind: str | None = None
    country: str | None = None
    acronym: str | None = None
    gid: str | None = None
    mentions: int = 1
    from_headline: bool = False
    keys: set[str] = field(default_factory=set)

    def tokens(self) -> list[str]:
        return _key_tokens(self.name)


_THE = re.compile(r"^(the|a)\s+", re.I)


def _key_tokens(name: str) -> list[str]:
    return list(_key_tuple(name))


@lru_cache(maxsize=65536)
def _key_tuple(name: str) -> tuple[str, ...]:
    words = re.findall(r"[^\W_]+", _fold(_THE.sub("", name)))
    out = []
    for w in words:
        if _is_cyrillic(w) and len(w) > 5:
            w = w[:5]  # Russian case endings: "Академии"/"Академия"
        if w in ("de", "di", "del", "della", "da", "do", "of"):
            continue
        out.append(_HEAD_SYNONYMS.get(w, w))
    return tuple(out)


def _clean_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a leading article and sub-unit prefix ("Secretariat of the X", "Physics Faculty of
    the X University" -> the X)."""
    toks = _toks(doc)
    while start < end and toks[start].lower_ in ("the", "a", "an"):
        start += 1
    heads = lexicon().heads
    first_head = next((k for k in range(start, end) if is_head(toks[k], heads)), None)
    if first_head is not None and toks[first_head].lower_ in UNIT_HEADS | {
        "secretariat",
        "presidium",
    }:
        k = first_head + 1
        if k < end and toks[k].lower_ == "of":
            k += 1
            if k < end and toks[k].lower_ == "the":
                k += 1
            if any(is_head(toks[m], heads) for m in range(k, end)):
                start = k
    if end - start > 3 and toks[start].lower_ in SUB_UNITS and toks[start + 1].lower_ == "of":
        k = start + 2
        if toks[k].lower_ == "the":
            k += 1
        if k < end:
            start = k
    while end > start and toks[end - 1].text in (",", "-", "and", "&"):
        end -= 1
    return start, end


def _span_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def _subset(small: Sequence[str], big: Sequence[str]) -> bool:
    return bool(small) and _key_set(small) <= _key_set(big)


@lru_cache(maxsize=65536)
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


def resolve(
    doc: Doc, furniture: Sequence[tuple[int, int]] = (), mention_spans: list | None = None
) -> list[OrgEntry]:
    """One entry per organisation, in order of first mention.

    ``mention_spans``, when given, receives the token span of every organisation mention.
    """
    toks = _toks(doc)
    lex = lexicon()
    heads = lex.heads
    spans: list[tuple[int, int, str | None, bool, str | None]] = []  # start, end, gid, is_acr, head
    # gazetteer first: it wins over head spans it overlaps only when longer
    gaz = gazetteer_spans(doc)
    taken = [False] * len(doc)
    candidates = []
    for start, end, _head_i in head_spans(doc, heads):
        start, end = _clean_name(doc, start, end)
        if end <= start:
            continue
        candidates.append((start, end, None, False))
    for start, end, gid, is_acr in gaz:
        candidates.append((start, end, gid, is_acr))
    ru_kind: dict[int, tuple[str, str]] = {}
    for start, end, head_i, kind in ru_head_spans(doc):
        candidates.append((start, end, None, False))
        ru_kind[start] = (doc.texts[head_i], kind)
    model_starts = set()
    model_candidates = []
    for start, end, _oid, _label in _model_spans(doc, "ORG"):
        start, end = _clean_name(doc, start, end)
        if end > start:
            model_candidates.append((start, end, None, False))
            model_starts.add(start)
    implied = {}
    for start, end, name in minister_spans(doc, heads):
        candidates.append((start, end, None, False))
        implied[start] = name
    # longest first, then earliest; gazetteer breaks ties
    # rules first, longest first, then earliest; gazetteer breaks ties; a model's spans fill gaps
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2] is None))
    model_candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen = []
    for start, end, gid, is_acr in candidates + model_candidates:
        if any(taken[start:end]):
            continue
        if in_ranges(furniture, toks[start].idx):
            continue
        for k in range(start, end):
            taken[k] = True
        head = _main_head(doc, start, end, heads)
        if start in ru_kind:
            head = ru_kind[start][0]
        chosen.append((start, end, gid, is_acr, head))
    chosen.sort()
    spans = _drop_unconfirmed_headline_spans(doc, chosen, heads)
    spans = sorted(spans + _parent_spans(doc, spans, heads))
    if mention_spans is not None:
        mention_spans.extend((s, e) for s, e, *_ in spans)

    # acronym definitions: "Name (ACR)", "Name ACR", "Name or ACR", "ACR (Name)"
    definitions: dict[int, str] = {}  # span index -> acronym
    acr_tokens: dict[int, int] = {}  # token index of the acronym -> span index
    for idx, (start, end, _gid, is_acr, _head) in enumerate(spans):
        if is_acr:
            continue
        acr_i = _acronym_after(doc, end)
        if acr_i is not None:
            definitions[idx] = toks[acr_i].text
            acr_tokens[acr_i] = idx
        elif start >= 2 and toks[start - 1].text == "(" and is_acronym(toks[start - 2].text):
            definitions[idx] = toks[start - 2].text
            acr_tokens[start - 2] = idx

    entries: list[_Entry] = []
    by_acr: dict[str, _Entry] = {}
    headline = _title_case_headline(doc)
    inside = [False] * len(doc)
    for start, end, _gid, is_acr, _head in spans:
        if not is_acr and end - start > 1:
            for k in range(start, end):
                inside[k] = True

    def find(name: str, gid: str | None, head: str | None) -> _Entry | None:
        toks = _key_tuple(name)
        first = name.split()[0] if name.split() else ""
        for entry in entries:
            if gid and entry.gid == gid:
                return entry
            if (
                is_acronym(first)
                and first.isupper()
                and _status_only(name.split()[1:])
                and (entry.acronym == first or acronym_fits(first, entry.name))
            ):
                return entry  # "TIIAME National Research University" after its full name
            et = _key_tuple(entry.name)
            if toks == et:
                return entry
            if head and entry.head and _fold(head)[:5] == _fold(entry.head)[:5]:
                if _subset(toks, et) or _subset(et, toks):
                    return entry
                core, ecore = [t for t in toks if len(t) > 2], [t for t in et if len(t) > 2]
                if core == ecore:  # "named after J. Balasagyn" / "named after Zh. Balasagyn"
                    return entry
        return None

    for idx, (start, end, gid, is_acr, head) in enumerate(spans):
        if is_acr:
            continue  # acronyms are resolved after every full name is known
        name = implied.get(start) or _span_text(doc, start, end)
        if start in implied:
            head = "Министерство" if _is_cyrillic(name) else "Ministry"
        from_model = start in model_starts and head is None and gid is None
        if gid is None and head is None and not from_model:
            continue
        if gid is None and end - start == 1 and not from_model:
            continue  # a bare head noun is a back-reference, handled below
        if (
            gid is None
            and not from_model
            and start not in implied
            and start not in ru_kind
            and _plural_head_only(doc, start, end, heads)
        ):
            continue
        entry = find(name, gid, head)
        s_char, e_char = toks[start].idx, toks[end - 1].idx + len(toks[end - 1].text)
        if entry is None:
            g = lex.entries.get(gid) if gid else None
            entry = _Entry(
                name=name,
                start=s_char,
                end=e_char,
                from_headline=headline is not None and headline[0] <= start < headline[1],
                head=head,
                kind=(g.kind if g else None)
                or (ru_kind[start][1] if start in ru_kind else None)
                or (heads.get(head) if head else None),
                country=g.country if g else None,
                gid=gid,
                mentions=0,
            )
            entries.append(entry)
        in_headline = headline is not None and headline[0] <= start < headline[1]
        if entry.from_headline and not in_headline:
            entry.name, entry.start, entry.end = name, s_char, e_char  # body words beat Title Case
            entry.from_headline = False
        elif len(_key_tokens(name)) > len(entry.tokens()) and not (
            in_headline and not entry.from_headline
        ):
            entry.name, entry.start, entry.end = name, s_char, e_char
        entry.mentions += 1
        if gid and not entry.gid:
            entry.gid = gid
        acr = definitions.get(idx)
        if acr and not entry.acronym:
            entry.acronym = acr
            known = lex.entries.get(lex.acronyms.get(acr, ""))
            if known and not entry.gid:
                entry.gid, entry.country = known.id, entry.country or known.country
                entry.kind = known.kind or entry.kind
        if acr:
            by_acr[acr] = entry

    # acronyms: defined in the text, fitting an entry's name, or from the gazetteer
    texts = doc.texts
    for i in doc.caps:
        text = texts[i]
        if not (text in lex.acronyms or is_acronym(text)):
            continue
        tok = toks[i]
        if i in acr_tokens or in_ranges(furniture, tok.idx):
            continue
        if text in COMMON_ABBREVIATIONS and text not in by_acr:
            continue  # "IT", "PhD", "AI": abbreviations, not a body's acronym
        if text not in lex.acronyms and _in_shouting(texts, i):
            continue  # a word of an ALL-CAPS line, not an acronym
        if inside[i]:
            continue  # part of a longer name: "IGAD-Sheikh Technical Veterinary School"
        entry = by_acr.get(text) or next((e for e in entries if e.acronym == text), None)
        gid = lex.acronyms.get(text)
        if entry is None and gid:
            entry = next((e for e in entries if e.gid == gid), None)
            if entry is None:
                g = lex.entries[gid]
                entry = next((e for e in entries if e.acronym is None and _fits_any(g, e)), None)
        if entry is None and not text.isupper() or (entry is None and gid is None):
            entry = (
                next((e for e in entries if acronym_fits(text, e.name)), None)
                if entry is None
                else entry
            )
            if entry is not None and entry.acronym is None:
                entry.acronym = text
        if entry is None and gid:
            g = lex.entries[gid]
            entry = _Entry(
                name=g.canonical,
                start=tok.idx,
                end=tok.idx + len(text),
                head=None,
                kind=g.kind,
                country=g.country,
                gid=gid,
                acronym=text,
                mentions=0,
            )
            entries.append(entry)
        if entry is None and _mixed_case_acronym(text) and texts.count(text) >= 2:
            # "Al-Farabi KazNU ... Press service of Al-Farabi KazNU": a mixed-case acronym used
            # again names a body even when its full name never appears
            start = i
            if (
                i >= 3
                and texts[i - 2] == "-"
                and _cap_text(texts[i - 3])
                and _cap_text(texts[i - 1])
            ):
                start = i - 3
            name = doc[start : i + 1].text
            entry = _Entry(
                name=name,
                start=toks[start].idx,
                end=tok.idx + len(text),
                head=None,
                kind=_ACRONYM_KINDS.get(text[-1]),
                acronym=text,
                mentions=0,
            )
            entries.append(entry)
        if entry is None:
            continue
        if entry.acronym is None:
            entry.acronym = text
        entry.mentions += 1

    # generic back-references: "the University", "the Ministry's", "the Organization"
    for start, end, gid, _is_acr, head in spans:
        if gid is None and end - start == 1 and head:
            if start > 0 and toks[start - 1].lower_ in ("the", "this", "that", "both", "our"):
                same = [e for e in entries if e.head and _fold(e.head)[:5] == _fold(head)[:5]]
                if len(same) >= 1:
                    same[-1 if len(same) == 1 else 0].mentions += 1

    entries = _merge_acronym_led(entries)
    out = []
    for e in entries:
        out.append(
            OrgEntry(
                name=e.name,
                start=e.start,
                end=e.end,
                acronym=e.acronym,
                kind=_kind(e),
                country=e.country,
                mentions=max(e.mentions, 1),
                id=e.gid,
            )
        )
    return out


_STREET = {
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "prospect",
    "boulevard",
    "blvd",
    "lane",
    "square",
    "ko'chasi",
    "str",
}


_GOVERNMENT_AREA = re.compile(
    r"\b(Region|Province|Republic|Oblast|State|Government|Autonomous|City|County)\b"
)


def _title_case_headline(doc: Doc) -> tuple[int, int] | None:
    """Token span of the headline when it is written in Title Case (capitals say little there)."""
    memo = doc.memo
    if "title_case_headline" not in memo:
        memo["title_case_headline"] = _find_title_case_headline(doc)
    return memo["title_case_headline"]  # type: ignore[no-any-return]


def _find_title_case_headline(doc: Doc) -> tuple[int, int] | None:
    title = doc._.coop_title
    if not title:
        return None
    span = doc.doc.char_span(title[0], title[1], alignment_mode="expand")
    if span is None:
        return None
    words = [t for t in doc.texts[span.start : span.end] if t.isalpha() and len(t) > 3]
    if len(words) >= 3 and sum(t[0].isupper() for t in words) / len(words) > 0.8:
        return span.start, span.end
    return None


def _drop_unconfirmed_headline_spans(doc: Doc, spans: list, heads: dict[str, str]) -> list:
    """Drop street names, and head-noun spans of a Title Case headline that the body never names."""
    toks = _toks(doc)
    out = []
    headline = _title_case_headline(doc)
    body_keys = None
    previous_end = -1
    for item in spans:
        start, end, gid, is_acr, head = item
        if end < len(doc) and toks[end].lower_.rstrip(".") in _STREET:
            continue
        if gid is None and not is_acr and end - start > 1 and _is_exact_place(doc[start:end].text):
            continue  # "the Russian Federation" is a country
        if (
            gid is None
            and start >= 1
            and toks[start - 1].text == "("
            and end < len(doc)
            and toks[end].text == ")"
            and previous_end == start - 1
        ):
            continue  # "Gubkin University (National Research University)": a descriptor
        if gid is None and not is_acr and head:
            first = toks[start]
            if head.lower() in UNIT_HEADS and first.lower_ == head.lower():
                if not _GOVERNMENT_AREA.search(doc[start:end].text):
                    continue  # "School of Public Health": a unit, not a body
            if (
                head.lower() in UNIT_HEADS
                and is_acronym(toks[end - 1].text)
                and toks[end - 2].lower_ == "of"
            ):
                continue  # "International Cooperation Department of TÜBİTAK": a unit of TÜBİTAK
            if (
                head.lower() in ACRONYM_UNIT_HEADS
                and is_acronym(first.text)
                and first.whitespace_
                and end - start == 2
            ):
                continue  # "ECO Secretariat": a mention of ECO
        previous_end = end
        if headline and gid is None and headline[0] <= start < headline[1]:
            if body_keys is None:
                body_keys = [
                    set(_key_tokens(doc[s:e].text))
                    for s, e, *_ in spans
                    if not headline[0] <= s < headline[1]
                ]
            keys = set(_key_tokens(doc[start:end].text))
            if not any(keys <= k or (k and k <= keys and len(k) > 1) for k in body_keys):
                continue
        out.append(item)
    return out


def _shout(text: str) -> bool:
    return len(text) >= 3 and text.isupper() and text.isalpha()


def _in_shouting(texts: list[str], i: int) -> bool:
    return (i > 0 and _shout(texts[i - 1])) or (i + 1 < len(texts) and _shout(texts[i + 1]))


def _main_head(doc: Doc, start: int, end: int, heads: dict[str, str]) -> str | None:
    """The head noun of a name: the last one before its first 'of'/'for' ("Institute of ...
    of the National Academy" -> Institute; "Bavarian University Center" -> Center)."""
    toks = _toks(doc)
    found = None
    for k in range(start, end):
        low = toks[k].lower_
        if low in ("of", "for") and found is not None:
            break
        if is_head(toks[k], heads):
            found = toks[k].text
    return found


def _parent_spans(doc: Doc, spans: list, heads: dict[str, str]) -> list:
    """'Institute of Water Problems of the National Academy of Sciences of the Kyrgyz Republic':
    the part after the last 'of (the)' that has its own head noun is a body of its own."""
    toks = _toks(doc)
    out = []
    for start, end, gid, is_acr, _head in spans:
        if gid is not None or is_acr or end - start < 5:
            continue
        head_idx = [k for k in range(start, end) if is_head(toks[k], heads)]
        if len(head_idx) < 2:
            continue
        last = head_idx[-1]
        inner = _left(doc, last, heads, head_idx[0] + 1)
        k = inner - 1
        if k > start and toks[k].lower_ == "the":
            k -= 1
        if k > start and toks[k].lower_ == "of" and inner > head_idx[0] and last - inner < 5:
            if _is_exact_place(doc[inner:end].text):
                continue  # "of the Russian Federation": a country, not a body
            out.append((inner, end, None, False, _main_head(doc, inner, end, heads)))
    return out


_STATUS_WORDS = {
    "national",
    "research",
    "state",
    "technical",
    "technological",
    "university",
    "institute",
    "federal",
    "autonomous",
    "public",
    "private",
    "nru",
    "academy",
    "of",
    "the",
}


def _status_only(words: list[str]) -> bool:
    """'National Research University' after an acronym is the body's status, not another body
    ('ECO Science Foundation' is another body)."""
    return bool(words) and all(w.lower() in _STATUS_WORDS or w.isupper() for w in words)


# The last letter of a mixed-case acronym: KazNU, OshSU (University), NAS (Academy).
_ACRONYM_KINDS = {"U": "university", "A": "academy", "I": "research_institute"}


def _mixed_case_acronym(text: str) -> bool:
    """'KazNU', 'OshSU', 'KazNTU': capitals and lower-case letters mixed, ending in a capital."""
    return (
        3 <= len(text) <= 8
        and text.isalpha()
        and text[-1].isupper()
        and any(c.islower() for c in text)
        and sum(c.isupper() for c in text) >= 2
        and text not in COMMON_ABBREVIATIONS
    )


def _merge_acronym_led(entries: list[_Entry]) -> list[_Entry]:
    """'TIIAME National Research University' seen before 'Tashkent Institute of ... (TIIAME)':
    a name that starts with another entry's acronym is that entry."""
    out: list[_Entry] = []
    for entry in entries:
        first = entry.name.split()[0] if entry.name.split() else ""
        target = None
        if (
            is_acronym(first)
            and first.isupper()
            and len(entry.name.split()) > 1
            and _status_only(entry.name.split()[1:])
        ):
            target = next(
                (
                    e
                    for e in entries
                    if e is not entry and (e.acronym == first or acronym_fits(first, e.name))
                ),
                None,
            )
        if target is None:
            out.append(entry)
            continue
        target.mentions += entry.mentions
        if target.acronym is None:
            target.acronym = first
    return out


def _fits_any(g: GazetteerEntry, e: _Entry) -> bool:
    return any(acronym_fits(a, e.name) for a in g.acronyms) or _fold(g.canonical) == _fold(e.name)


def _plural_head_only(doc: Doc, start: int, end: int, heads: dict[str, str]) -> bool:
    toks = _toks(doc)
    return not any(is_head(toks[k], heads) for k in range(start, end))


def _acronym_after(doc: Doc, end: int) -> int | None:
    toks = _toks(doc)
    n = len(doc)
    if (
        end + 2 < n
        and toks[end].text == "("
        and toks[end + 2].text == ")"
        and is_acronym(toks[end + 1].text)
    ):
        return end + 1
    if end < n and is_acronym(toks[end].text) and toks[end - 1].whitespace_:
        nxt = toks[end + 1] if end + 1 < n else None
        if nxt is None or not is_cap(nxt) or nxt.text.isupper():
            return end
    if end + 1 < n and toks[end].lower_ == "or" and is_acronym(toks[end + 1].text):
        return end + 1
    return None


_KIND_HINTS = (
    (
        re.compile(
            r"\b(international|islamic world|world|united nations|of turkic states|european)\b",
            re.I,
        ),
        "international_organisation",
    ),
)


def _kind(e: _Entry) -> str | None:
    if e.gid:
        return e.kind
    kind = e.kind
    if kind in ("international_organisation", "other") or kind is None:
        for regex, hint in _KIND_HINTS:
            if regex.search(e.name):
                return hint
    if kind == "international_organisation" and not re.search(
        r"organi[sz]ation|secretariat", e.name, re.I
    ):
        return "other"
    return kind


def _model_spans(doc: Doc, label: str) -> Iterable[tuple[int, int, str | None, str]]:
    ents = doc._.coop_model_ents or []
    for s, e, lab in ents:
        if lab != label:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and any(is_cap(t) for t in span):
            yield span.start, span.end, None, lab


_MINISTER_RU = re.compile("министр", re.I)  # where a token may start with it


def minister_spans(doc: Doc, heads: dict[str, str]) -> list[tuple[int, int, str]]:
    """'Minister of Science and Higher Education of Kazakhstan' implies that ministry.

    Returns (start, end, implied name) token spans; "Prime Minister" is not a ministry.
    """
    out = []
    doc = token_view(doc)
    texts = doc.texts
    for i in doc.caps:
        if texts[i] != "Minister" or i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
            continue
        if i > 0 and doc[i - 1].lower_ == "prime":
            continue
        end = _right(doc, i, heads, len(doc))
        if end > i + 2:
            out.append((i, end, "Ministry " + doc[i + 1 : end].text))
    if _is_cyrillic(doc.text):
        # "вице-министр науки и высшего образования Республики Казахстан" -> "Министерство ..."
        for match in _MINISTER_RU.finditer(doc.text):
            i = doc.index_at(match.start())
            if doc[i].idx != match.start():
                continue  # inside a word
            low = texts[i].lower()
            if len(low) > 10 or i + 1 >= len(doc):
                continue
            end = i + 1
            while end < len(doc) and end - i <= 8:
                t = texts[end]
                tl = t.lower()
                if tl == "и" and end + 1 < len(doc) and _RU_GEN.search(texts[end + 1].lower()):
                    end += 1
                    continue
                if not _is_cyrillic(t) or tl in _RU_STOP or _RU_VERB.search(tl):
                    break
                if _people().initial_len(doc, end) or (
                    t[:1].isupper() and _people().looks_like_person_at(doc, end)
                ):
                    break
                if t[:1].isupper() or _RU_GEN.search(tl):
                    end += 1
                    continue
                break
            if end > i + 1:
                out.append((i, end, "Министерство " + doc[i + 1 : end].text))
    return out


def find_organisations(doc: Doc) -> list[OrgEntry]:
    spans: list[tuple[int, int]] = []
    entries = resolve(token_view(doc), doc._.coop_furniture or [], spans)
    doc._.coop_org_spans = spans
    from . import places

    for entry in entries:
        if entry.country is None:
            try:
                entry.country = places.country_of_name(entry.name)
            except Exception:  # the places module must never break organisations
                entry.country = None
    return entries


class OrganisationFinder(BatchedComponent):
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_orgs = find_organisations(doc)
        return doc


@Language.factory("coop_organisations")
def make_organisations(nlp: Language, name: str) -> OrganisationFinder:
    lexicon()  # load and validate the pattern files when the pipeline is built
    return OrganisationFinder()
