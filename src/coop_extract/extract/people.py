"""People: names with honorifics, initials and patronymics, their roles and organisations.

A capitalised run is a person's name when the text shows it by one of these:

* an honorific before it ("Prof. Dr.", "Mr.", "H.E.", "Academician", ``patterns/people.jsonl``);
* initials before or after a surname ("K. E. Abdrakhmatov", "T.A. Abdyrakhmanov", "Ilyin I. V.");
* a known first name (the gender-guesser name list, ~60k real first names) before it;
* a surname or patronymic shape ("-ov", "-eva", "-yev", "-ovich", "-uly", "Ляхов");
* a role next to it ("Rector ... Name", "Name, director of ...").

Names inside organisation names (eponyms: "Martin Luther University", "named
after J. Balasagyn"), after topic phrases ("dedicated to ...") and in page
furniture are not people. Later short forms ("Mr. Nurbek", "K. Mukanov",
"Dr. Al-Malik") are merged into the full entry.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import BatchedComponent
from .cleaning import in_ranges
from .patterns import load_patterns
from .text import is_cyrillic as _is_cyr
from .tokens import tok_list as _toks
from .tokens import token_view
from .types import OrgEntry, PersonEntry

_ACRONYMISH = re.compile(r"^[A-ZА-Я][A-Za-zА-я]*[A-ZА-Я][A-Za-zА-я]*$")
_INITIAL = re.compile(r"^(?:(?:[A-ZА-ЯЁ]|Ch|Sh|Zh|Kh|Th|Gh|Ts|Yu|Ya|Ye|Yo|Дж|Ch)\.){1,3}$")
_SURNAME = re.compile(
    r"(ov|ova|ev|eva|yev|yeva|iev|ieva|in|ina|sky|ski|ska|skiy|skaya|enko|uk|yan|ian|"
    r"uly|kyzy|zade|zoda|zada|oglu|oğlu|ogly|bekov|bekova|baev|baeva|shvili|dze|vich|vna|ić|"
    r"ow|owa|ew|ewa|yan|yants|ents|ian)$"
)
_PATRONYMIC = re.compile(
    r"(ovich|evich|ievich|yevich|ovna|evna|ievna|uly|kyzy|ogly|vich|ович|евич|ьевич|овна|евна|ична|ич)$"
)
_CYR_SURNAME = re.compile(
    r"(ов|ова|ев|ева|ёв|ин|ина|ын|ына|ский|ская|цкий|ко|ук|юк|ян|ич|швили|дзе)$"
)
PARTICLES = {
    "de",
    "da",
    "dos",
    "das",
    "do",
    "van",
    "von",
    "der",
    "den",
    "al",
    "el",
    "bin",
    "ibn",
    "ben",
    "la",
    "le",
    "di",
    "del",
}
NOT_NAME_WORDS = {
    "the",
    "a",
    "an",
    "and",
    "of",
    "in",
    "on",
    "at",
    "for",
    "to",
    "with",
    "by",
    "from",
    "as",
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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "this",
    "that",
    "these",
    "those",
    "during",
    "after",
    "before",
    "also",
    "it",
    "we",
    "they",
    "he",
    "she",
    "his",
    "her",
    "their",
    "our",
    "its",
    "both",
    "all",
    "one",
    "will",
    "can",
    "new",
    "general",
    "global",
    "international",
    "national",
    "state",
    "science",
    "research",
    "university",
    "academy",
    "institute",
    "ministry",
    "news",
    "photo",
    "asian",
    "european",
    "african",
    "american",
    "arab",
    "latin",
    "central",
    "eastern",
    "western",
    "northern",
    "southern",
    "north",
    "south",
    "east",
    "west",
    "great",
    "grand",
    "royal",
    "federal",
    "republic",
    "young",
    "award",
    "awards",
    "programme",
    "program",
    "prize",
    "sea",
    "lake",
    "river",
    "mountain",
    "mountains",
    "valley",
    "island",
    "islands",
    "bay",
    "gulf",
    "desert",
    "street",
    "square",
    "avenue",
    "week",
    "day",
    "days",
    "forum",
    "conference",
    "congress",
    "school",
    "project",
    "centre",
    "center",
    "office",
    "road",
    "он",
    "она",
    "они",
    "оно",
    "это",
    "этот",
    "эта",
    "мы",
    "вы",
    "я",
    "в",
    "на",
    "по",
    "с",
    "и",
    "а",
    "но",
    "как",
    "так",
    "также",
    "при",
    "для",
    "об",
    "о",
    "затем",
    "однако",
    "кроме",
    "вчера",
    "сегодня",
    "завтра",
    "после",
    "тогда",
    "поэтому",
    "здесь",
    "там",
    "далее",
    "впервые",
    "ранее",
    "позже",
    "сейчас",
    "теперь",
    "ещё",
    "еще",
    "уже",
    "все",
    "всего",
    "более",
    "около",
}
# Documents and events are never words of a person's name ("Riyadh Declaration").
NOT_NAME_WORDS |= {
    "declaration",
    "agreement",
    "memorandum",
    "protocol",
    "treaty",
    "charter",
    "convention",
    "strategy",
    "plan",
    "roadmap",
    "initiative",
    "expedition",
    "laboratory",
    "lab",
}


@dataclass(frozen=True)
class PeopleLexicon:
    honorifics: frozenset[str]
    honorific_phrases: tuple[tuple[str, ...], ...]
    roles: frozenset[str]  # lower-case role words (single tokens, hyphen parts joined)
    role_phrases: tuple[tuple[str, ...], ...]
    topic_contexts: tuple[tuple[str, ...], ...]
    first_names: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> PeopleLexicon:
    items = load_patterns("people.jsonl", required=("label", "pattern"))
    hon, hon_phr, roles, role_phr, topics = set(), [], set(), [], []
    for item in items:
        words = tuple(item["pattern"].replace("-", " - ").split())
        if item["label"] == "HONORIFIC":
            if len(words) == 1:
                hon.add(words[0].lower())
                hon.add(words[0].lower().rstrip("."))
            hon_phr.append(tuple(w.lower() for w in words))
        elif item["label"] == "ROLE":
            for w in words:
                if w != "-":
                    roles.add(w.lower())
            role_phr.append(tuple(w.lower() for w in words))
        elif item["label"] == "TOPIC_CONTEXT":
            topics.append(tuple(w.lower() for w in words))
        else:
            raise ValueError(f"people.jsonl: unknown label {item['label']!r}")
    return PeopleLexicon(
        frozenset(hon),
        tuple(hon_phr),
        frozenset(roles),
        tuple(role_phr),
        tuple(topics),
        first_names(),
    )


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Real first names (lower case) from gender-guesser's name list.

    The list file is read directly: one name per line in column 2 (``"M  Abai  ..."``),
    ``+`` joining parts of a compound name; comment lines start with ``#`` or ``=``.
    This takes ~40 ms where building gender-guesser's Detector takes ~300 ms.
    """
    try:
        import gender_guesser
    except ImportError:  # pragma: no cover - the dependency is declared
        return frozenset()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line[:1] in "#=" or len(line) < 4:
                continue
            name = line[3:29].strip().replace("+", "-").lower()
            if len(name) > 2 and " " not in name:
                names.add(name)
    return frozenset(names - NOT_NAME_WORDS)


# ---------------------------------------------------------------------------------------------
# token predicates


def _cap(tok: Token) -> bool:
    return _cap_word(tok.text)


@lru_cache(maxsize=65536)
def _cap_word(t: str) -> bool:
    return (
        bool(t)
        and t[0].isupper()
        and t[1:].replace("-", "").replace("'", "").isalpha()
        and not (len(t) > 3 and t.isupper())
    )


def is_initials(text: str) -> bool:
    return bool(_INITIAL.match(text))


_SHORT_CAP = re.compile(r"^(?:[A-ZА-ЯЁ]|Ch|Sh|Zh|Kh|Th|Gh|Ts|Yu|Ya|Ye|Yo)$")


def initial_len(doc: Doc, k: int) -> int:
    """Tokens an initial takes at k: 1 ("K.", "T.A."), 2 when the tokenizer split off the dot
    ("Kh" + "."), else 0."""
    toks = _toks(doc)
    tok = toks[k]
    kind = _initial_kind(tok.text)
    if kind == 2:
        return 2 if k + 1 < len(doc) and toks[k + 1].text == "." and not tok.whitespace_ else 0
    return kind


@lru_cache(maxsize=65536)
def _initial_kind(text: str) -> int:
    """1: an initial; 2: a letter that is one when a dot follows; 0: neither."""
    if text.lower() in lexicon().honorifics:
        return 0  # "Mr.", "Dr." look like initials
    if _INITIAL.match(text):
        return 1
    return 2 if _SHORT_CAP.match(text) else 0


def is_honorific(tok: Token, lex: PeopleLexicon | None = None) -> bool:
    lex = lex or lexicon()
    low = tok.lower_
    if low in lex.honorifics:
        return True
    if "." not in low:
        return False
    # "f.u.f.d." style degree abbreviations (written in lower case) before a name
    return tok.text == low and bool(re.fullmatch(r"(?:[a-zə]{1,2}\.){2,}[a-zə]{0,2}\.?", low))


def _surnamish(text: str) -> bool:
    low = text.lower()
    if _is_cyr(text):
        match = _CYR_SURNAME.search(low)
        if not match or len(low) < 5:
            return False
        return len(low) >= 6 or match.group(1) not in ("ко", "ук", "юк")  # not "Наук"
    return bool(_SURNAME.search(low)) and len(low) > 4


def _name_token(tok: Token, lex: PeopleLexicon) -> bool:
    return _name_word(tok.text)


@lru_cache(maxsize=65536)
def _name_word(text: str) -> bool:
    if not _cap_word(text) or (len(text) > 1 and text.isupper()):
        return False
    lex = lexicon()
    low = text.lower()
    if low in lex.roles or low in NOT_NAME_WORDS or low in lex.honorifics:
        return False
    return not _is_demonym_or_country(text)


@lru_cache(maxsize=65536)
def _is_demonym_or_country(text: str) -> bool:
    """'Russian', 'Mongolian', 'Kazakhstan': words of places, not of people's names."""
    try:
        return bool(_places().place_kinds(text) & {"demonym", "country"})
    except Exception:  # the places module must never break people
        return False


def looks_like_person_at(doc: Doc, k: int) -> bool:
    """Whether a person's name starts at token k (used to end organisation names)."""
    toks = _toks(doc)
    lex = lexicon()
    tok = toks[k]
    if is_initials(tok.text) and k + 1 < len(doc) and _cap(toks[k + 1]):
        return True
    if k + 2 < len(doc) and _name_token(tok, lex):
        step = initial_len(doc, k + 1)
        if step and k + 1 + step < len(doc) and _name_token(toks[k + 1 + step], lex):
            return True  # "Lilit R. Mkrtchyan"
    if k + 1 < len(doc) and _name_token(tok, lex) and _name_token(toks[k + 1], lex):
        nxt = toks[k + 1].text
        if _is_cyr(tok.text):
            return _surnamish(nxt)
        after = toks[k + 2] if k + 2 < len(doc) else None
        if tok.lower_ not in lex.first_names:
            return _surnamish(nxt) and (after is None or not _cap(after))
        return _surnamish(nxt) or after is None or not _cap(after)
    return False


# ---------------------------------------------------------------------------------------------
# candidates


@dataclass
class _Cand:
    start: int  # token span of the name (without honorifics)
    end: int
    honorifics: list[str] = field(default_factory=list)
    why: str = ""


def _extend_name(doc: Doc, i: int, lex: PeopleLexicon, limit: int = 5) -> int:
    """End of a name starting at i: capitalised words, initials, particles, hyphen parts."""
    toks = _toks(doc)
    end = i
    n = len(doc)
    while end < n and end - i < limit:
        tok = toks[end]
        step = initial_len(doc, end)
        if step:
            end += step
        elif _name_token(tok, lex):
            end += 1
        elif (
            tok.text == "-"
            and end + 1 < n
            and not tok.whitespace_
            and not toks[end - 1].whitespace_
            and toks[end + 1].text.isalpha()
        ):
            end += 2  # "Al-Malik", "Kim Hee-sang"
        elif tok.lower_ in PARTICLES and end > i:
            k = end
            while k < n and toks[k].lower_ in PARTICLES and k - end < 3:
                k += 1  # "de la Fuente", "van der Berg"
            if k < n and _cap(toks[k]):
                end = k
            else:
                break
        else:
            break
    # an initial closing the run must be followed by nothing capitalised: "Kulmyrzaev A.A."
    return end


def candidates(doc: Doc, lex: PeopleLexicon, inside: list[bool] | None = None) -> list[_Cand]:
    """Name candidates; ``inside`` flags tokens of organisation names (eponyms are not people)."""
    toks = _toks(doc)
    out: list[_Cand] = []
    n = len(doc)
    inside = inside or [False] * n
    texts = getattr(doc, "texts", None) or [t.text for t in doc]
    known_acronyms = {o.acronym for o in (doc._.coop_orgs or []) if o.acronym}
    from .organisations import lexicon as _org_lexicon

    gazetteer_acronyms = _org_lexicon().acronyms
    # Where a name can start: a capitalised word followed by another one or by an initial, a
    # word with a dot (initials, "Prof."), or a lower-case honorific ("professor").
    # (C-level passes over the token strings; a Python loop over every token cost more than
    # the rules that follow)
    lower_hons = lex.honorifics
    caps = getattr(doc, "caps", None)
    if caps is None:
        caps = [i for i, text in enumerate(texts) if text[:1].isupper()]
    start_set = {
        i for i in caps if i + 1 < n and (texts[i + 1][:1].isupper() or "." in texts[i + 1])
    }
    start_set.update(compress(range(n), map(operator.contains, texts, repeat("."))))
    start_set.update(
        i for i in compress(range(n), map(lower_hons.__contains__, texts)) if texts[i][:1].islower()
    )
    starts = sorted(start_set)
    pos = 0
    i = starts[0] if starts else n
    while i < n:
        if pos < len(starts) and starts[pos] < i:
            pos += 1
            continue
        if pos >= len(starts):
            break
        if starts[pos] > i:
            i = starts[pos]
        pos += 1
        text = texts[i]
        tok = toks[i]
        if inside[i] and not is_honorific(tok, lex):
            i += 1
            continue
        # honorific chain
        if is_honorific(tok, lex) and (
            tok.text[0].isupper() or tok.lower_ in ("prof.", "prof", "dr.") or "." in tok.text
        ):
            hons = []
            j = i
            while j < n and is_honorific(toks[j], lex):
                text = toks[j].text
                if j + 1 < n and toks[j + 1].text == "." and not toks[j].whitespace_:
                    text += "."
                    j += 1
                hons.append(text)
                j += 1
            end = _extend_name(doc, j, lex)
            if end > j:
                out.append(_Cand(j, end, hons, "honorific"))
                i = end
                continue
            i = j
            continue
        # initials + surname, surname + initials
        if initial_len(doc, i) and i + 1 < n:
            j = i
            while j < n and initial_len(doc, j) and j - i <= 4:
                j += initial_len(doc, j)
            if j < n and _name_token(toks[j], lex) and j - i <= 4:
                end = j + 1
                if (
                    end + 1 < n
                    and toks[end].text == "-"
                    and not toks[j].whitespace_
                    and toks[end + 1].text.isalpha()
                ):
                    end += 2  # "Ts. Bat-Erdene"
                out.append(_Cand(i, end, [], "initials"))
                i = end
                continue
        if _name_token(tok, lex) and i + 1 < n and initial_len(doc, i + 1) and len(tok.text) > 3:
            j = i + 1
            while j < n and initial_len(doc, j):
                j += initial_len(doc, j)
            sentence_start = (
                i == 0 or toks[i - 1].text in (".", "!", "?", "\n") or toks[i - 1].is_space
            )
            if j < n and _name_token(toks[j], lex):
                # "Rauf G. Hasanov", "Nurlan S. Bekturov": first name, middle initial, surname
                if j - i <= 3 and (tok.lower_ in lex.first_names or not sentence_start):
                    out.append(_Cand(i, j + 1, [], "middle-initial"))
                    i = j + 1
                    continue
            elif j >= n or not _name_token(toks[j], lex):
                out.append(_Cand(i, j, [], "initials"))  # "Kulmyrzaev A.A.", "Ильин И. В."
                i = j
                continue
        # Japanese order with the family name in capitals: "TANAKA Yoshiko"
        if (
            len(text) >= 3
            and text.isupper()
            and text.isalpha()
            and i + 1 < n
            and _name_token(toks[i + 1], lex)
            and not (i > 0 and toks[i - 1].text.isupper())
            and text not in known_acronyms
            and text not in gazetteer_acronyms
            and (i + 2 >= n or not _cap(toks[i + 2]))
            and not _org_head(toks[i + 1].text)
        ):
            out.append(_Cand(i, i + 2, [], "caps-surname"))
            i += 2
            continue
        # a known first name, then the rest of the name
        if (
            _name_token(tok, lex)
            and i + 1 < n
            and _name_token(toks[i + 1], lex)
            and not inside[i + 1]
        ):
            end = _extend_name(doc, i, lex, limit=6)
            while end > i + 1 and inside[end - 1]:
                end -= 1
            words = [t.text for t in doc[i:end] if t.text != "-" and t.lower_ not in PARTICLES]
            if tok.lower_ in lex.first_names and len(words) <= 4:
                start = i
                prev = toks[i - 1] if i > 0 else None
                if (
                    prev is not None
                    and _name_token(prev, lex)
                    and not inside[i - 1]
                    and prev.lower_ not in lex.first_names
                    and i >= 2
                    and toks[i - 2].text in (",", "and", "by", "with", "и")
                    and not (out and out[-1].end == i)
                    and _places().country_of_name(prev.text) is None
                ):
                    start = i - 1  # "Tran Quoc Hung", "Nguyen Thi Lan": family name first
                out.append(_Cand(start, end, [], "first-name"))
                i = end
                continue
            # surname shape: "Sangh Danziyev", "Kudaiberdi Gaparalievich", "Николай Ляхов"
            for width in (2, 3):
                last = i + width - 1
                if last < n and all(
                    _name_token(t, lex) and not inside[t.i] for t in doc[i : last + 1]
                ):
                    if _surnamish(toks[last].text) and not (
                        width == 3 and not _surnamish(toks[i + 1].text)
                    ):
                        if (
                            width == 2
                            and _PATRONYMIC.search(toks[last].lower_)
                            and last + 1 < n
                            and _name_token(toks[last + 1], lex)
                            and not inside[last + 1]
                        ):
                            last += 1  # "Игорь Владимирович Ильин": first name, patronymic, surname
                        out.append(_Cand(i, last + 1, [], "shape"))
                        break
            else:
                width = 0
            if width and out and out[-1].start == i:
                i = out[-1].end
                continue
            # a role right before: "Rector Alpaslan Zheylan", "Director of X Office Park Jae-hyun"
            word_count = sum(1 for t in doc[i:end] if t.text != "-")
            if word_count in (2, 3) and i > 0 and toks[i - 1].lower_ in lex.roles:
                out.append(_Cand(i, end, [], "role"))
                i = end
                continue
            # apposition with a role: "Marilda Bottesi, special advisor for ..."
            if (
                word_count in (2, 3)
                and end < n
                and toks[end].text == ","
                and _role_after(doc, end, lex)
            ):
                out.append(_Cand(i, end, [], "apposition"))
                i = end
                continue
        i += 1
    return out


def _role_before(
    doc: Doc, name_start: int, lex: PeopleLexicon, taken: set[int] | frozenset[int] = frozenset()
) -> tuple[int, int] | None:
    """'President of the National Academy ... K. E. Abdrakhmatov': the role ending at the name.

    ``taken`` holds the tokens of other people's names, which a role never crosses.
    """
    toks = _toks(doc)
    j = name_start - 1
    while j >= 0 and is_honorific(toks[j], lex):
        j -= 1
    if j >= 1 and toks[j].text == "," and toks[j - 1].text[:1].isupper():
        j -= 1  # "the President of the Academy, Academician B. Yuldashev"
    end = j + 1
    leftmost = None
    steps = 0
    while j >= 0 and steps < 16:
        tok = toks[j]
        low = tok.lower_
        if j in taken or is_honorific(tok, lex):
            break
        if low in lex.roles:
            leftmost = j
        elif not (
            tok.text[:1].isupper()
            or low in ("of", "for", "the", "and", "&", "-", "on", "to", "acting")
        ):
            break
        j -= 1
        steps += 1
    if leftmost is None:
        return None
    if leftmost > 0 and toks[leftmost - 1].lower_ in ("acting", "first", "deputy", "vice"):
        leftmost -= 1
    # "KRIBB President", "NU Rector": the organisation named right before the role
    if leftmost > 0 and (leftmost - 1) not in taken and _ACRONYMISH.match(toks[leftmost - 1].text):
        leftmost -= 1
    while end > leftmost and toks[end - 1].lower_ in ("the", "of", "and", ","):
        end -= 1
    return (leftmost, end) if end > leftmost else None


def _role_after(
    doc: Doc, name_end: int, lex: PeopleLexicon, inside: list[bool] | None = None
) -> tuple[int, int] | None:
    """'Kubanychbek Omuraliev, Secretary General of the Organization of Turkic States,'.

    ``inside`` flags organisation-name tokens, which a role crosses even at a comma
    ("Director-General of the Islamic World Educational, Scientific and Cultural Organization").
    """
    toks = _toks(doc)
    if name_end >= len(doc) or toks[name_end].text != ",":
        return None
    j = name_end + 1
    if j < len(doc) and toks[j].lower_ in ("the", "a", "an"):
        j += 1
    start = j
    found = False
    if j < len(doc) and toks[j].lower_ in ("and", "or", "who", "which", "as"):
        return None
    while j < len(doc) and j - start < 24:
        tok = toks[j]
        if found and inside is not None and inside[j]:
            j += 1
            continue
        if tok.text in (",", ";", ".", ")", "(") or "\n" in tok.text or tok.is_space:
            break
        if (
            tok.lower_ == "and"
            and found
            and j + 1 < len(doc)
            and (
                is_honorific(toks[j + 1], lex)
                or looks_like_person_at(doc, j + 1)
                or toks[j + 1].lower_ in lex.roles
            )
        ):
            break  # "director of A and Prof. B"; but "Science and Higher Education" goes on
        if is_honorific(tok, lex):
            break
        if tok.lower_ in lex.roles:
            found = True
        elif not found and j - start >= 3:
            return None
        j += 1
    return (start, j) if found and j > start else None


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", " ", text.casefold()).strip()


@lru_cache(maxsize=65536)
def _parts(name: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[\s\-]+", _fold(name).replace(".", ". ")) if p)


def _stem(word: str) -> str:
    return word[:5] if _is_cyr(word) and len(word) > 5 else word


@lru_cache(maxsize=65536)
def same_person(a: str, b: str) -> bool:
    """Whether two surface forms name the same person ('K. Mukanov' / 'Kanatbek ... Mukanov')."""
    pa, pb = _parts(a), _parts(b)
    if not pa or not pb:
        return False
    full_a = [p for p in pa if not p.endswith(".")]
    full_b = [p for p in pb if not p.endswith(".")]
    ia = [p[0] for p in pa if p.endswith(".")]
    ib = [p[0] for p in pb if p.endswith(".")]
    if not full_a or not full_b:
        return False
    sa, sb = {_stem(w) for w in full_a}, {_stem(w) for w in full_b}
    # one form's full words all in the other's ("Nurbek" / "Sayasat Nurbek", "Al-Malik")
    if sa <= sb or sb <= sa:
        small_init = ia if len(full_a) <= len(full_b) else ib
        big = (full_b + ib) if len(full_a) <= len(full_b) else (full_a + ia)
        if small_init and not all(any(w.startswith(c) for w in big) for c in small_init):
            return False
        return True
    # "Kudaiberdi Gaparalievich" (first name + patronymic) / "K.G. Kozhobekov"
    for names, inits in ((full_a, ib), (full_b, ia)):
        if len(names) == 2 and _PATRONYMIC.search(names[1]) and len(inits) >= 2:
            if names[0][0] == inits[0] and names[1][0] == inits[1]:
                return True
    return False


def find_people(doc: Doc, org_spans: list[tuple[int, int]] | None = None) -> list[PersonEntry]:
    lex = lexicon()
    doc = token_view(doc)
    furniture = doc._.coop_furniture or []
    org_spans = org_spans if org_spans is not None else (doc._.coop_org_spans or [])
    orgs: list[OrgEntry] = doc._.coop_orgs or []
    inside = [False] * len(doc)
    for a, b in org_spans:
        for k in range(a, b):
            inside[k] = True
    cands = candidates(doc, lex, inside)
    for s, e, _, _ in _model_person_spans(doc):
        if not any(c.start < e and s < c.end for c in cands):
            cands.append(_Cand(s, e, [], "model"))
    cands.sort(key=lambda c: c.start)
    taken_by_names = {k for c in cands for k in range(c.start, c.end)}
    people: list[PersonEntry] = []
    last_topic_end = -10
    for cand in cands:
        s, e = cand.start, cand.end
        while e > s and doc[e - 1].text in ("-",):
            e -= 1
        if e <= s:
            continue
        if in_ranges(furniture, doc[s].idx):
            continue
        if _overlaps(org_spans, s, e) and cand.why != "honorific":
            continue
        between = [t.lower_ for t in doc[last_topic_end:s]] if 0 <= last_topic_end <= s else ["x"]
        if _after_topic(doc, s, lex) or (between and all(w in (",", "and", "и") for w in between)):
            last_topic_end = e  # "founded by A and B": B is a topic too
            continue
        if e < len(doc) and doc[e].lower_ in _STREETS:
            continue  # "Ch. Aitmatov Ave. 66": a street
        if e < len(doc) and doc[e].lower_ in _NOT_AFTER_NAME:
            continue  # "Summer Student Programme", "Young Scientist Award": a thing, not a person
        if e - s <= 3 and cand.why != "honorific" and _is_place_name(doc[s:e].text):
            continue  # "Punta Arenas": a place
        name = doc[s:e].text
        if len(name) < 3:
            continue
        # "Name, Secretary General of X," first: a role before the name may belong to the
        # person before ("A, President of B, Name, ...")
        role_span = _role_after(doc, e, lex, inside) or _role_before(
            doc, s - len(cand.honorifics), lex, taken_by_names
        )
        if cand.why in ("first-name", "shape", "model") and len(_parts(name)) == 1:
            continue
        role = doc[role_span[0] : role_span[1]].text if role_span else None
        existing = next((p for p in people if same_person(p.name, name)), None)
        if existing is not None:
            if _fuller(name, existing.name):
                existing.name = name
                existing.start, existing.end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            for h in cand.honorifics:
                if h not in existing.honorifics:
                    existing.honorifics.append(h)
            if existing.role is None and role:
                existing.role = role
                existing.organisation = _link(role, orgs)
            continue
        people.append(
            PersonEntry(
                name=name,
                start=doc[s].idx,
                end=doc[e - 1].idx + len(doc[e - 1].text),
                honorifics=list(cand.honorifics),
                role=role,
                organisation=_link(role, orgs) if role else None,
            )
        )
    return people


def _fuller(new: str, old: str) -> bool:
    """'Игорь Владимирович Ильин' is a fuller form than 'Игорь Владимирович' or 'I. V. Ilyin'."""
    pn, po = _parts(new), _parts(old)
    full_n = [p for p in pn if not p.endswith(".")]
    full_o = [p for p in po if not p.endswith(".")]
    return len(full_n) > len(full_o)


@lru_cache(maxsize=1)
def _places():  # type: ignore[no-untyped-def]
    from . import places

    return places


_TOPIC_STOP = {".", ";", "!", "?", "said", "noted", "stressed", "says", "told"}
_NOT_AFTER_NAME = {
    "programme",
    "program",
    "award",
    "awards",
    "prize",
    "scholarship",
    "fellowship",
    "school",
    "foundation",
    "university",
    "institute",
    "centre",
    "center",
    "day",
    "days",
    "week",
    "forum",
    "lecture",
    "lectures",
    "medal",
    "grant",
    "grants",
    "project",
    "initiative",
    "network",
}
_STREETS = {
    "ave",
    "ave.",
    "avenue",
    "street",
    "st.",
    "str.",
    "road",
    "prospect",
    "boulevard",
    "lane",
}


@lru_cache(maxsize=4096)
def _is_place_name(text: str) -> bool:
    """The whole text is a city, region or country name in the places gazetteer."""
    try:
        return bool(_places().place_kinds(text) & {"city", "country", "region"})
    except Exception:  # the places module must never break people
        return False


@lru_cache(maxsize=1)
def _topic_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Topic phrases by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in lexicon().topic_contexts:
        index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4096)
def _org_head(text: str) -> bool:
    from .organisations import lexicon as org_lexicon

    return text in org_lexicon().heads


def _after_topic(doc: Doc, start: int, lex: PeopleLexicon) -> bool:
    """A name after 'dedicated to', 'founded in 1943 by the brothers', 'the memory of outstanding
    scientist, academician': a topic, not a participant (within 7 words, same sentence)."""
    texts = getattr(doc, "texts", None) or [t.text for t in doc]
    before = []
    for t in reversed(texts[max(0, start - 8) : start]):
        low = t.lower()
        if low in _TOPIC_STOP or "\n" in t:
            break
        before.append(low)
    before.reverse()
    index = _topic_index()
    for k, word in enumerate(before):
        for phrase in index.get(word, ()):
            if tuple(before[k : k + len(phrase)]) == phrase:
                return True
    return False


def _link(role: str | None, orgs: list[OrgEntry]) -> str | None:
    """The organisation entry a role names: by name or acronym, 'Minister of X' -> 'Ministry of X',
    or a generic 'the Academy' -> the entry with that head noun."""
    if not role:
        return None
    folded = " " + re.sub(r"\bminister\b", "ministry", _fold(role)) + " "
    best = None
    for org in orgs:
        for form in (org.name, org.acronym):
            if (
                form
                and f" {_fold(form)} " in folded
                or (form and f" {_fold(form)}" in folded and len(form) > 12)
            ):
                if best is None or len(form) > len(best[1]):
                    best = (org.name, form)
    if best:
        return best[0]
    generic = re.search(r"\bthe (\w+)\s*$", folded.strip())
    if generic:
        head = generic.group(1)
        same = [
            o
            for o in orgs
            if _fold(o.name).split()[-1:] == [head] or f" {head} " in f" {_fold(o.name)} "
        ]
        if len(same) == 1:
            return same[0].name
    return None


def _model_person_spans(doc: Doc):
    for s, e, label in doc._.coop_model_ents or []:
        if label not in ("PERSON", "PER"):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            yield span.start, span.end, None, label


class PeopleFinder(BatchedComponent):
    def __call__(self, doc: Doc) -> Doc:
        doc._.coop_people = find_people(doc)
        return doc


@Language.factory("coop_people")
def make_people(nlp: Language, name: str) -> PeopleFinder:
    lexicon()
    return PeopleFinder()
