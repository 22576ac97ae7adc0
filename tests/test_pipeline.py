"""The pipeline as a whole: batches through nlp.pipe give the same records as one text at a time."""

from __future__ import annotations

from pathlib import Path

from coop_extract.models import record_to_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_batched_records_equal_one_at_a_time(extractor):
    items = [(p.read_text(encoding="utf-8"), p.name) for p in sorted(SAMPLES.glob("*.txt"))]
    items = items * 3  # batches of 4 cut the samples at different places
    batched = [record_to_json(r) for r in extractor.extract_many(items, batch_size=4)]
    single = [record_to_json(extractor.extract(text, source=name)) for text, name in items]
    assert batched == single
    assert len(set(batched)) == len(items) // 3


def test_every_component_takes_batches(nlp):
    for name, component in nlp.pipeline:
        assert hasattr(component, "pipe"), name


def test_tokenizer_keeps_period_abbreviations_whole(nlp):
    doc = nlp.make_doc("Prof. Dr. A. Smith met Mr. Lee on Jan. 5 in St. Petersburg.")
    words = [t.text for t in doc]
    assert words[:4] == ["Prof.", "Dr.", "A.", "Smith"]
    assert "Mr." in words and "Jan." in words and "St." in words
    assert words[-1] == "."


def test_tokenizer_has_no_special_cases(nlp):
    # every special case with punctuation costs a matcher pass over every doc
    assert not nlp.tokenizer.rules
    assert [t.text for t in nlp.make_doc("Sweden's academy")] == ["Sweden", "'s", "academy"]
    assert nlp.make_doc("text").user_data["coop_text"] == "text"


CONTEXTS = ["{a} Smith", "({a} Smith)", "{a},", "{a}X", '"{a}"', '("{a}', "{a}\n", "[{a}]",
            "{a};", "{a}'s", "'{a}'", "«{a}»", "`{a}`,", "met {a} Lee."]


def test_abbreviations_split_as_with_spacys_exceptions(nlp):
    import spacy

    # spaCy's tokenizer with its special cases for the abbreviations (and none for "don't")
    reference = spacy.blank("en").tokenizer
    reference.rules = {k: v for k, v in reference.rules.items() if k.endswith(".")}
    abbreviations = [
        key
        for key, pieces in reference.rules.items()
        if key.endswith(".") and len(pieces) == 1 and key[0].isalpha()
    ]
    assert {"Dr.", "Prof.", "Jan.", "St.", "Mr.", "Ph.D."} <= set(abbreviations)
    for abbreviation in abbreviations:
        for context in CONTEXTS:
            text = context.format(a=abbreviation)
            ours = [t.text for t in nlp.make_doc(text)]
            assert ours == [t.text for t in reference(text)], text


def test_token_view_agrees_with_the_doc(nlp):
    from coop_extract.extract.tokens import token_view

    text = (SAMPLES / "004_170a05f5dc355971.txt").read_text(encoding="utf-8")
    text += "\n\n  Prof.  A.  Smith,\tдиректор  «Института»  —  2023 \n"
    doc = nlp.make_doc(text)
    view = token_view(doc)
    assert view.texts == [t.text for t in doc]
    assert view.caps == [t.i for t in doc if t.text[:1].isupper()]
    for tok, real in zip(view, doc, strict=True):
        assert (tok.text, tok.lower_, tok.whitespace_, tok.idx, tok.i) == (
            real.text, real.lower_, real.whitespace_, real.idx, real.i
        )
        assert (tok.is_space, tok.is_alpha, tok.is_sent_start) == (
            real.is_space, real.is_alpha, real.i == 0
        )
    n = len(doc)
    for start in range(0, n, 7):
        for end in (start, start + 1, start + 5, n):
            assert view[start:end].text == doc[start:end].text


def test_extraction_leaves_no_reference_cycles(extractor):
    # cycles wait for the collector, whose passes over a long batch cost more than the rules
    import gc

    items = [(p.read_text(encoding="utf-8"), p.name) for p in sorted(SAMPLES.glob("*.txt"))]
    list(extractor.extract_many(items))  # warm every cache first
    gc.collect()
    gc.disable()
    try:
        records = list(extractor.extract_many(items))
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert len(records) == len(items)
    assert unreachable == 0


def test_the_token_vocabulary_stays_bounded(monkeypatch):
    from coop_extract.extract import tokens

    monkeypatch.setattr(tokens, "VOCABULARY_LIMIT", 5)
    table = tokens.Vocabulary(str.lower)
    words = [f"Word{n}" for n in range(40)]
    for start in range(0, 40, 4):
        chunk = words[start : start + 8]
        assert tokens._lookup(table, chunk) == [w.lower() for w in chunk]
        assert len(table) <= 5
    again = tokens._lookup(table, words[-3:])
    assert all(a is table[w] for a, w in zip(again, words[-3:], strict=True))  # shared objects
