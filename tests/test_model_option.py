"""--model: the NER of an installed spaCy pipeline is merged with the rules (rules win).

The pipeline is built and trained here, for a few steps, and saved to a temporary folder:
no downloaded model is ever loaded.
"""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.training import Example

from coop_extract.pipeline import Extractor

TRAIN = [
    ("Zorblax signed the deal with partners.", [(0, 7, "ORG")]),
    ("Yesterday Zorblax signed a memorandum.", [(10, 17, "ORG")]),
    ("Experts from Zorblax visited the lab.", [(13, 20, "ORG")]),
    ("Quintavo Reel spoke at the opening.", [(0, 13, "PERSON")]),
    ("The talk by Quintavo Reel was short.", [(12, 25, "PERSON")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    random.seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for _, ents in TRAIN:
        for _, _, label in ents:
            ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("tiny") / "model"
    nlp.to_disk(path)
    return str(path)


def test_model_entities_are_added(tiny_model):
    extractor = Extractor(model=tiny_model)
    assert "coop_model_ner" in extractor.nlp.pipe_names
    record = extractor.extract("Zorblax signed the deal with partners.")
    assert [o.name for o in record.organisations] == ["Zorblax"]
    record = extractor.extract("The talk by Quintavo Reel was short.")
    assert [p.name for p in record.people] == ["Quintavo Reel"]


def test_default_pipeline_does_not_find_them():
    record = Extractor().extract("Zorblax signed the deal with partners.")
    assert record.organisations == []


def test_rules_win_where_spans_overlap(tiny_model):
    extractor = Extractor(model=tiny_model)
    doc = extractor.nlp("Zorblax Research Institute signed the deal with partners.")
    names = [o.name for o in doc._.coop_orgs]
    assert names == ["Zorblax Research Institute"]


def test_model_without_ner_is_refused(tmp_path):
    nlp = spacy.blank("en")
    nlp.to_disk(tmp_path / "plain")
    with pytest.raises(ValueError, match="no 'ner'"):
        Extractor(model=str(tmp_path / "plain"))
