"""Cooperation type, status, areas and CAMEO code (extract/cooperation.py)."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from coop_extract.extract import cooperation as coop
from coop_extract.extract.patterns import PatternError


@pytest.fixture(scope="module")
def small_nlp():
    """Only the cleaner and this component: other modules' changes cannot break these tests."""
    nlp = spacy.blank("en")
    nlp.add_pipe("coop_clean")
    nlp.add_pipe("coop_cooperation")
    return nlp


@pytest.fixture(scope="module")
def find(small_nlp):
    def _find(text: str):
        doc = small_nlp(text)
        return doc, doc._.coop_coop

    return _find


def kinds(result) -> dict[str, str]:
    return {m.type: m.status for m in result.types}


def evidence(doc, result, kind: str) -> str:
    mention = next(m for m in result.types if m.type == kind)
    return doc.text[mention.start : mention.end]


# ---- inflection and pattern files ------------------------------------------------------------


def test_inflections_cover_regular_and_irregular_forms():
    assert {"sign", "signs", "signed", "signing"} <= set(coop.inflections("sign"))
    assert {"hold", "holds", "held", "holding"} <= set(coop.inflections("hold"))
    assert {"create", "creates", "created", "creating"} <= set(coop.inflections("create"))
    assert {"laboratory", "laboratories"} <= set(coop.inflections("laboratory"))
    assert {"plan", "planned", "planning"} <= set(coop.inflections("plan"))
    assert {"memorandum", "memoranda"} <= set(coop.inflections("memorandum"))
    assert "meet" in coop.inflections("meet") and "met" in coop.inflections("meet")


def test_shipped_pattern_files_compile():
    rules = coop.rules()
    kinds_found = {rule.kind for rule in rules.matcher.rules}
    assert set(coop.TYPES) <= kinds_found
    assert {"cue", "area", "area_cue"} <= kinds_found
    assert rules.area_labels["1.2"] == "Computer and information sciences"
    for code in rules.area_labels:
        assert code.split(".")[0] in {"1", "2", "3", "4", "5", "6"}


def test_every_cameo_code_is_a_cameo_shape():
    for kind in coop.TYPES:
        for status in ("done", "agreed"):
            code = coop.CAMEO[kind][status]
            assert code.isdigit() and 2 <= len(code) <= 4


def _lines(text: str):
    return coop.read_lines(text, "test.jsonl", coop._COOP_KEYS)


def test_pattern_errors_name_file_line_and_key():
    good = '{"label": "agreement", "pattern": "signed a memorandum"}'
    with pytest.raises(PatternError) as err:
        coop.cooperation_rules_from(
            _lines(good + "\n" + '{"label": "agreemnt", "pattern": "x y"}'), "test.jsonl"
        )
    assert "test.jsonl:2" in str(err.value) and "label" in str(err.value)
    with pytest.raises(PatternError) as err:
        _lines('// comment\n{"label": "meeting", "pattern": "met", "colour": "red"}')
    assert "test.jsonl:2" in str(err.value) and "colour" in str(err.value)
    with pytest.raises(PatternError, match="unknown CLASS"):
        coop.cooperation_rules_from(
            _lines('{"label": "meeting", "pattern": [{"CLASS": "NOPE"}]}'), "t"
        )
    with pytest.raises(PatternError, match="wildcard"):
        coop.cooperation_rules_from(
            _lines('{"label": "meeting", "pattern": [{"LOWER": "met"}, {"OP": "{0,3}"}]}'), "t"
        )
    with pytest.raises(PatternError, match="status"):
        coop.cooperation_rules_from(
            _lines('{"label": "cue", "status": "maybe", "pattern": "will"}'), "t"
        )
    with pytest.raises(PatternError, match="OP"):
        coop.cooperation_rules_from(
            _lines('{"label": "meeting", "pattern": [{"LOWER": "met", "OP": "~"}]}'), "t"
        )


def test_matcher_phrase_lemma_class_and_wildcard(small_nlp):
    lines = _lines(
        "\n".join(
            [
                '{"label": "class", "id": "DOC", "lemmas": ["memorandum", "agreement"]}',
                '{"label": "agreement", "id": "a", "pattern": '
                '[{"LEMMA": "sign"}, {"OP": "{0,3}"}, {"CLASS": "DOC"}]}',
                '{"label": "meeting", "id": "b", "pattern": "Director-General"}',
            ]
        )
    )
    ruleset = coop.RuleSet(coop.cooperation_rules_from(lines, "t"))
    doc = small_nlp.make_doc(
        "They signed two memoranda. The Director-General signed. Then an agreement."
    )
    found = {(rule.id, doc[s:e].text) for rule, s, e in ruleset.matches(coop.doc_tokens(doc))}
    # the wildcard never crosses the sentence end after "signed"
    assert found == {("a", "signed two memoranda"), ("b", "Director-General")}


# ---- trigger families ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        (
            "The rectors signed a memorandum of understanding on 5 May.",
            "agreement",
            "signed a memorandum",
        ),
        (
            "A Memorandum of Understanding was signed between the universities.",
            "agreement",
            "Memorandum of Understanding was signed",
        ),
        (
            "A cooperation protocol was signed by the two academies.",
            "agreement",
            "protocol was signed",
        ),
        ("The minister held talks with the ambassador of France.", "meeting", "held talks"),
        (
            "The delegation of Ankara University paid a working visit to Baku.",
            "meeting",
            "delegation of Ankara University paid a working visit",
        ),
        (
            "The rector received a delegation of Seoul National University.",
            "meeting",
            "received a delegation",
        ),
        (
            "A working meeting of the two institutes took place in Almaty.",
            "meeting",
            "working meeting",
        ),
        (
            "Two international conferences were held in Lerik last week.",
            "conference",
            "conferences were held",
        ),
        (
            "The German-Kazakh Science Day gathered 200 researchers in Almaty.",
            "conference",
            "Science Day",
        ),
        (
            "A joint laboratory was opened at the university on Monday.",
            "joint_institution",
            "joint laboratory was opened",
        ),
        (
            "A research consortium of nine universities was created by the ministries.",
            "joint_institution",
            "consortium of nine universities was created",
        ),
        (
            "The partners started joint research projects on glaciers in May.",
            "joint_research",
            "joint research projects",
        ),
        (
            "Twenty students take part in academic mobility at the partner university.",
            "mobility",
            "academic mobility",
        ),
        (
            "Exchange of students and teachers between the universities continued.",
            "mobility",
            "Exchange of students",
        ),
        (
            "The university offers postdoctoral training in chemistry.",
            "training",
            "postdoctoral training",
        ),
        (
            "The foundation opened a grant call for bilateral projects.",
            "funding",
            "grant call for bilateral projects",
        ),
    ],
)
def test_trigger_families(find, text, kind, words):
    doc, result = find(text)
    assert kind in kinds(result), (text, result)
    assert evidence(doc, result, kind) == words


def test_joint_research_without_the_word_joint(find):
    _, result = find("The foundations opened a call for German-South African research projects.")
    assert "joint_research" in kinds(result)
    _, result = find(
        "Engineers arrived at the institute. Together with graduate students, they will "
        "develop a small satellite."
    )
    assert kinds(result).get("joint_research") == "agreed"


def test_a_new_laboratory_without_a_partner_is_no_joint_body(find):
    _, result = find(
        "New laboratory opened at the university\n\n"
        "A new laboratory of organic chemistry was opened at the Faculty of Chemistry."
    )
    assert result.main is None
    _, result = find(
        "A new laboratory of organic chemistry was opened jointly with Xinjiang University."
    )
    assert result.main == "joint_institution"


def test_bare_keywords_are_not_triggers(find):
    # the words "agreement", "conference", "training", "grant" alone report nothing
    _, result = find(
        "Prof. Ivanov spoke about agreement between theory and experiment.\n"
        "Conference rooms, training shoes and grant writing are topics of his blog."
    )
    assert result.main is None and result.types == []


def test_russian_signing(find):
    doc, result = find("Академия наук и университет подписали соглашение о сотрудничестве.")
    assert result.main == "agreement"
    assert evidence(doc, result, "agreement") == "подписали соглашение"


def test_kazakh_signing(find):
    doc, result = find("Университеттер арасында ынтымақтастық туралы меморандумға қол қойылды.")
    assert result.main == "agreement"
    assert evidence(doc, result, "agreement") == "меморандумға қол қойылды"


def test_russian_series_of_visits_is_not_a_visit(find):
    _, result = find(
        "Академии подписали соглашение. Документ завершает серию официальных визитов учёных."
    )
    assert [m.type for m in result.types] == ["agreement"]


# ---- statuses --------------------------------------------------------------------------------


def test_status_done_agreed_proposed_background(find):
    _, result = find(
        "On 3 May 2023 the rectors of two universities signed a memorandum of cooperation. "
        "The parties agreed to establish a joint laboratory. "
        "They also discussed the possibility of a summer school for students. "
        "The consortium of the universities was created in 2011."
    )
    assert result.main == "agreement"
    assert kinds(result) == {
        "agreement": "done",
        "joint_institution": "agreed",
        "conference": "proposed",
    } | {"joint_institution": "agreed"}


def test_background_from_an_earlier_year(find):
    _, result = find(
        "The rectors met in Bishkek on 3 May 2023 and held talks. "
        "The consortium of the universities was created in 2011."
    )
    assert kinds(result) == {"meeting": "done", "joint_institution": "background"}


def test_future_event_is_agreed(find):
    _, result = find(
        "The international conference on seismology will be held in Almaty in October."
    )
    assert result.main == "conference"
    assert kinds(result) == {"conference": "agreed"}
    assert result.cameo == "036"


def test_provides_for_is_agreed(find):
    _, result = find(
        "The academy and the university signed an agreement. "
        "The agreement provides for the creation of a joint laboratory."
    )
    assert kinds(result) == {"agreement": "done", "joint_institution": "agreed"}


def test_proposed_and_background_never_make_the_main_type(find):
    _, result = find(
        "On 3 May 2023 the rectors discussed the possibility of signing a memorandum. "
        "The agreement signed in 2015 expired."
    )
    # a discussion is the meeting; the memorandum is only proposed
    assert result.main == "meeting"
    assert kinds(result)["agreement"] in ("proposed", "background")


def test_generic_statement_is_dropped(find):
    _, result = find(
        "The rectors held talks in Almaty. "
        "They stressed the importance of joint research projects for the region."
    )
    assert kinds(result) == {"meeting": "done"}


# ---- main type -------------------------------------------------------------------------------


def test_signing_at_a_meeting_is_an_agreement(find):
    _, result = find(
        "A cooperation protocol was signed between the two unions.\n\n"
        "The protocol was signed during the general assembly meeting held in Ankara."
    )
    assert result.main == "agreement"
    assert [m.type for m in result.types] == ["agreement", "meeting"]
    assert result.cameo == "057"


def test_visit_with_signing_further_down_is_a_meeting(find):
    _, result = find(
        "Rector of Manas University visited Osh State University\n\n"
        "The rector of Manas University paid a working visit to Osh State University. "
        "The guests toured the laboratories and met students.\n"
        "At the end of the visit, a memorandum of understanding was signed."
    )
    assert result.main == "meeting"
    assert [m.type for m in result.types] == ["meeting", "agreement"]
    assert result.cameo == "042"  # a visit made


def test_headline_decides_over_the_body(find):
    _, result = find(
        "Science Day of Germany and Kazakhstan held in Almaty\n\n"
        "Researchers of both countries held talks on joint projects."
    )
    assert result.main == "conference"


def test_announcing_headline_against_a_done_lead(find):
    # the forum the headline announces beats the meeting where it was announced
    _, result = find(
        "Kyrgyzstan to host International Forum of Rectors\n\n"
        "Kyrgyzstan will host the forum in September, the minister told at a meeting with rectors."
    )
    assert result.main == "conference" and result.cameo == "036"
    # an agreement concluded in the lead beats the double degree the headline announces
    _, result = find(
        "Two universities agreed on double degree programme\n\n"
        "The universities concluded an agreement on a double degree programme in physics."
    )
    assert result.main == "agreement"
    assert kinds(result) == {"agreement": "done", "training": "agreed"}


def test_the_meeting_of_a_forum_is_the_forum(find):
    _, result = find(
        "Forum of rectors held in Omsk\n\n"
        "A forum of rectors was held in Omsk. The meeting was attended by 50 rectors."
    )
    assert result.main == "conference" and "meeting" not in kinds(result)


def test_headline_line_under_a_site_name(find):
    # the cleaner may take the site's name for the headline; the line before the story counts
    text = (
        "Example News Agency\n"
        "Home | Science | Education | Contacts\n"
        "3 March 2022\n\n"
        "University delegation discusses new joint doctoral programme\n\n"
        "On 6 September the guests were received by the rector of the university. "
        "The parties agreed to prepare a joint doctoral programme in law.\n"
    )
    doc, result = find(text)
    assert result.main == "meeting"
    assert evidence(doc, result, "meeting") == "delegation"


def test_menu_lines_report_nothing(find):
    _, result = find(
        "Rectors held talks in Almaty\n"
        "Home | Grants | Conferences | Joint laboratories | Contacts\n\n"
        "The rectors held talks on cooperation in physics.\n"
    )
    assert kinds(result) == {"meeting": "done"}


def test_earlier_events_are_not_reported(find):
    # a signing, meeting or conference before the reported event is another event
    _, result = find(
        "On 17 September 2019 a joint laboratory was opened at the university. "
        "The rector recalled that the agreement on the laboratory was signed in April 2019.\n"
        "The university hosted the first conference on energy in 2015."
    )
    assert result.main == "joint_institution"
    assert kinds(result) == {"joint_institution": "done"}


def test_background_month_against_the_event_date():
    doc = spacy.blank("en").make_doc("x signed in April 2019 and in December 2019 and in 2018")
    toks = coop.doc_tokens(doc)
    cue = coop.Rule("cue", (), status="year")
    september = (2019, 9)
    assert coop._cue_status(cue, toks, 2, 5, september) == "background"  # in April 2019
    assert coop._cue_status(cue, toks, 6, 9, september) == "agreed"  # in December 2019
    assert coop._cue_status(cue, toks, 10, 12, september) == "background"  # in 2018
    assert coop._cue_status(cue, toks, 2, 5, (2019, 0)) is None  # month of the event unknown


def test_council_session_of_one_institution_is_no_meeting(find):
    _, result = find(
        "New director appointed\n\n"
        "The new director was introduced at a session of the academic council of the institute."
    )
    assert result.main is None


def test_calls_and_headline_nouns_of_other_kinds(find):
    _, result = find(
        "Germany - South Africa: Joint Call for Proposals in Physics\n\n"
        "The two foundations announce a joint call for research projects. Each project can "
        "receive up to 300,000 euros."
    )
    assert result.main == "funding" and result.cameo == "071"
    _, result = find(
        "Kyutech welcomes engineers for satellite development training\n\n"
        "Three engineers will stay at the institute for twelve months."
    )
    assert result.main == "training"
    assert kinds(result) == {"training": "done", "mobility": "agreed"}


def test_title_only_noun_counts_in_the_headline_only(find):
    _, result = find(
        "Cooperation Agreement with FAPESP\n\nThe parties met in Munich and held talks."
    )
    assert result.main == "agreement"
    _, result = find("Rectors met in Munich\n\nThe rectors held talks on the agreement.")
    assert result.main == "meeting" and "agreement" not in kinds(result)


def test_no_cooperation_texts(find):
    for text in (
        "Professor Aliyev awarded the State Prize\n\nThe President signed a decree awarding "
        "Professor Aliyev the State Prize for his contribution to chemistry.",
        "New rector appointed\n\nProfessor Suranov was appointed rector of the Technical "
        "University. He previously served as vice-rector.",
        "In memoriam\n\nThe Academy mourns Academician Kemelbekov. During his career he "
        "organized numerous international conferences. He was born in 1940.",
    ):
        _, result = find(text)
        assert result.main is None and result.types == [] and result.cameo is None, text


def test_furniture_is_ignored(find):
    text = (
        "Disclaimer: You are using Google Translate.\n"
        "Universities of two countries held talks in Almaty\n\n"
        "The rectors held talks on cooperation in the field of physics.\n"
        "Latest articles\n"
        "A joint laboratory was opened in Tashkent\n"
    )
    doc, result = find(text)
    assert doc._.coop_furniture  # the "Latest articles" tail is furniture
    assert kinds(result) == {"meeting": "done"}


# ---- areas -----------------------------------------------------------------------------------


def test_areas_named_as_fields_of_cooperation(find):
    doc, result = find(
        "The rectors held talks in Almaty. Priority areas: digital, biological and medical "
        "technologies, robotics, energy and construction."
    )
    codes = [a.code for a in result.areas]
    assert codes == ["1.2", "1.6", "2.6", "2.2", "2.7", "2.1"]
    assert [doc.text[a.start : a.end] for a in result.areas][:2] == ["digital", "biological"]
    assert result.areas[0].label == "Computer and information sciences"


def test_field_words_outside_an_area_list_are_not_areas(find):
    _, result = find("The rectors held talks in the building of the Faculty of Physics.")
    assert result.areas == []


# ---- the record ------------------------------------------------------------------------------


def test_record_fields_and_evidence(record):
    text = (
        "Academy and University signed a Cooperation Agreement\n\n"
        "On July 20, 2023 the Academy and the University signed an Agreement on Scientific "
        "Cooperation in the fields of physics and chemistry. The Agreement provides for the "
        "creation of a joint laboratory."
    )
    rec = record(text)
    assert rec.cooperation_type.value == "agreement"
    assert [t.value for t in rec.cooperation_types] == ["agreement", "joint_institution"]
    assert {k.value: v.value for k, v in rec.cooperation_status.items()} == {
        "agreement": "done",
        "joint_institution": "agreed",
    }
    assert rec.cameo == "057"
    assert [a.code for a in rec.areas] == ["1.3", "1.4"]
    cited = {e.field: e for e in rec.evidence}
    assert cited["cooperation_type"].text == "signed a Cooperation Agreement"
    for item in rec.evidence:
        assert text[item.start : item.end] == item.text


# ---- properties ------------------------------------------------------------------------------

_PIECES = [
    "signed a memorandum",
    "The protocol was signed",
    "held talks",
    "a working visit",
    "received a delegation",
    "conferences were held",
    "Science Day",
    "joint laboratory was opened",
    "academic mobility",
    "grant call",
    "postdoctoral training",
    "joint research projects",
    "consortium of universities was created in 2011",
    "will hold",
    "agreed to establish",
    "discussed the possibility of",
    "in the fields of physics, robotics and energy",
    "Director-General",
    "12-13 October",
    "подписали соглашение",
    "the",
    "and",
    ",",
    ".",
    "\n",
    "\n\n",
    "  ",
    "Latest articles\n",
    "İstanbul",
    "e\u0301",
    "£7.7 million project",
    "(",
    ")",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_PIECES), st.text(min_size=0, max_size=12)),
        min_size=0,
        max_size=40,
    )
)
def test_evidence_spans_stay_inside_the_text(small_nlp, pieces):
    text = " ".join(pieces)
    doc = small_nlp(text)
    result = doc._.coop_coop
    for span in [*result.types, *result.areas]:
        assert 0 <= span.start < span.end <= len(doc.text)
        words = doc.text[span.start : span.end]
        assert words == words.strip() and words
    if result.main is None:
        assert result.types == [] and result.cameo is None
    else:
        assert result.types[0].type == result.main
        assert result.types[0].status in ("done", "agreed")
        assert len({m.type for m in result.types}) == len(result.types)


def test_pipe_gives_what_one_call_per_doc_gives(small_nlp):
    texts = [
        "Universities sign agreement\n\nThe two universities signed a memorandum on 5 May.",
        "The institute will host a conference on physics in 2025.",
        "No cooperation is named here.",
        "A joint laboratory was opened by the academy together with its partner in chemistry.",
    ]
    piped = [doc._.coop_coop for doc in small_nlp.pipe(texts, batch_size=3)]
    assert piped == [small_nlp(text)._.coop_coop for text in texts]
    assert piped[0].main == "agreement" and piped[2].main is None


def test_line_breaks_of_any_kind_end_sentences(find):
    # the wildcard of "signed ... memorandum" stops at every line break, whatever whitespace
    # token holds it (the matcher learns those tokens as it meets them)
    for gap in ("\n", "\n \n", "\r\n", " \n\t\n  "):
        _, result = find(f"The rector signed{gap}a memorandum with the city.")
        assert "agreement" not in kinds(result)
    _, result = find("The rector signed a memorandum with the city.")
    assert kinds(result)["agreement"] == "done"


def test_phrase_words_split_as_the_tokenizer_does():
    """The quick phrase splitter agrees with spaCy's English tokenizer on every string pattern
    of the pattern files (and on a few phrases it hands over to the tokenizer)."""
    import json

    from coop_extract.extract.patterns import pattern_dir

    tokenizer = coop._phrase_tokenizer()
    phrases = [
        "Director-General",
        "co-operation",
        "agro-industrial R&D",
        "St. Petersburg",
        "e-mail",
    ]
    for name in ("cooperation.jsonl", "areas.jsonl"):
        for line in (pattern_dir() / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("//"):
                pattern = json.loads(line).get("pattern")
                if isinstance(pattern, str):
                    phrases.append(pattern)
    for phrase in phrases:
        expected = [t.lower_ for t in tokenizer(phrase) if not t.is_space]
        assert coop.phrase_words(phrase) == expected, phrase


def test_token_codes_follow_the_lower_case_hashes():
    """A token's code is that of its LOWER hash (pattern words in any case), NEWLINE for a
    whitespace token with a line break, OTHER for anything else; a word the alphabet learns
    later gets its code in docs coded after that."""
    from spacy.attrs import LOWER

    alphabet = coop._ALPHABET
    coop.rules()
    text = "The AGREEMENT was Signed  at the Conference.\n\nA  new  zzqx-word \n MoU | x\t\n"
    doc = spacy.blank("en").make_doc(text)

    def expected() -> list[int]:
        out = []
        for token, key in zip(doc, doc.to_array(LOWER).tolist(), strict=True):
            char = alphabet.char.get(key)
            if char is None:
                char = alphabet.NEWLINE if "\n" in token.text else alphabet.OTHER
            out.append(ord(char))
        return out

    toks = coop.doc_tokens(doc)
    assert toks.plist == expected()
    assert toks.codes == "".join(map(chr, expected()))
    assert toks.points.tolist() == expected()
    assert ord(alphabet.NEWLINE) in toks.plist and 0 in toks.plist
    assert toks.plist[doc[1].i] == ord(alphabet.char[doc.vocab.strings["agreement"]])
    before = toks.plist[[t.text for t in doc].index("zzqx")]
    alphabet.add(doc.vocab.strings.add("zzqx"))  # a word learnt after the codes were made
    toks = coop.doc_tokens(doc)
    assert toks.plist == expected()
    assert before == 0 and toks.plist[[t.text for t in doc].index("zzqx")] > 1
    assert coop.doc_tokens(spacy.blank("en").make_doc("")).plist == []


def test_one_scan_of_cues_and_blocks_equals_two(small_nlp):
    """find_mentions scans cues and blocks together in the sentences of all triggers and keeps
    the cues of some: the same matches, in the same order, as a scan of each group alone."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "samples").glob("*.txt"))]
    texts.append(
        "Стороны подписали соглашение о сотрудничестве. Планируется подписать меморандум. "
        "Пресс-конференция прошла в зале. The press conference will be held next week; "
        "the agreement was signed earlier, in 2015.\nA conference hall was opened."
    )
    assert len(texts) > 5
    matcher = coop.rules().matcher
    for text in texts:
        toks = coop.doc_tokens(small_nlp(text))
        count = len(toks.ends) + 1
        for sents in (list(range(count)), list(range(0, count, 2)), list(range(1, count, 3))):
            spans = coop._sentence_spans(toks, sents)
            both = matcher.scan(toks, "cue_block", spans)
            for kind in ("cue", "block"):
                alone = matcher.scan(toks, kind, spans)
                assert [m for m in both if m[0].kind == kind] == alone
            some = set(sents[::2])
            cues = matcher.scan(toks, "cue", coop._sentence_spans(toks, sorted(some)))
            assert [m for m in both if m[0].kind == "cue" and m[3] in some] == cues


def test_match_walks_word_and_wildcard_repeats_as_the_regex_does():
    """_match (which walks word and wildcard repeats inline) ends where the slots' regex over
    the token codes ends, right and left of a start, inside sentence bounds."""
    import random
    from types import SimpleNamespace

    coop.rules()
    words = ["the", "of", "in", "and", "meeting", "agreement", "signed"]
    ends = sorted(coop._PUNCT_END_POINTS)[:2] + [ord(coop._Alphabet.NEWLINE)]
    rng = random.Random(11)

    def slot() -> coop.Slot:
        low = rng.choice([0, 1, 1, 1, 2])
        high = max(low, 1) + rng.choice([0, 0, 1, 3])
        if rng.random() < 0.4:  # a wildcard, at times with words it must not take
            nots = frozenset(rng.sample(words, 1)) if rng.random() < 0.3 else None
            return coop.Slot(not_words=nots, low=low, high=high)
        return coop.Slot(words=frozenset(rng.sample(words, rng.choice([1, 2]))), low=low, high=high)

    for _ in range(3000):
        slots = tuple(slot() for _ in range(rng.choice([1, 2, 3])))
        known = [p for s in slots for p in (s.points or ())]
        pool = known + ends + [0, 0]
        plist = [rng.choice(pool) for _ in range(rng.randint(1, 14))]
        toks = SimpleNamespace(plist=plist)
        codes = "".join(map(chr, plist))
        lo = rng.randrange(len(plist))
        hi = rng.randrange(lo, len(plist))
        i = rng.randint(lo, hi)
        expected = coop._slots_regex(slots).match(codes, i, hi + 1)
        got = coop._match(slots, 0, i, toks, lo, hi, 1)
        assert got == (expected.end() if expected else -2), (slots, plist, lo, hi, i)
        rcodes = codes[::-1]
        n = len(codes)
        expected = coop._slots_regex(slots).match(rcodes, n - 1 - i, n - lo)
        got = coop._match(slots, 0, i, toks, lo, hi, -1)
        assert got == (i - (expected.end() - (n - 1 - i)) if expected else -2)
