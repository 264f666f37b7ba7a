"""Relations stated by single sentences, with the document's force as implicit subject."""

from __future__ import annotations

import pytest

from extraction.mentions import extract_mentions, parse
from extraction.records import DocumentRecord
from extraction.relations import extract_relations

MET = "Metropolitan Police Service"


def _relations(text, force=MET):
    doc = DocumentRecord("r" * 16, "x.txt", "t", "force report", 2017, force, len(text), len(text.split()))
    spacy_doc = parse(text)
    return extract_relations(spacy_doc, extract_mentions(spacy_doc, doc), doc), text


def _triples(text, force=MET):
    rels, _ = _relations(text, force)
    return {(r.subject.split(":")[1], r.predicate, r.object.split(":")[1]) for r in rels}


@pytest.mark.parametrize("text, triple", [
    ("The force works with the Crown Prosecution Service.", ("metropolitan police service", "worksWith", "crown prosecution service")),
    ("The force uses domestic violence protection orders (DVPOs) well.", ("metropolitan police service", "usesPower", "domestic violence protection order")),
    ("The force introduced its MetTrace burglary reduction initiative in 2015.", ("metropolitan police service", "runsInitiative", "mettrace")),
    ("The force introduced its MetTrace burglary reduction initiative in 2015.", ("mettrace", "targets", "burglary")),
    ("The force also has the long-established Trident team that tackles gun crime.", ("metropolitan police service", "hasUnit", "trident")),
    ("The force also has the long-established Trident team that tackles gun crime.", ("trident", "tackles", "gun crime")),
    ("The Jigsaw team monitors those who are subject to sexual harm prevention orders.", ("jigsaw", "managesOffenders", "sexual harm prevention order")),
    ("Operation Zephyr, focusing on awareness of child sexual exploitation, is new.", ("operation zephyr", "targets", "child sexual exploitation")),
])
def test_one_sentence_states_the_relation(text, triple):
    assert triple in _triples(text)


def test_lists_give_one_relation_per_item():
    triples = _triples("The force uses serious crime prevention orders, violent offender orders and criminal behaviour orders.")
    objects = {o for s, p, o in triples if p == "usesPower"}
    assert objects == {"serious crime prevention order", "violent offender order", "criminal behaviour order"}


def test_negated_or_unrelated_sentences_give_nothing():
    assert _triples("The force does not use DVPOs.") == set()
    assert _triples("DVPOs are discussed in annex A. The Crown Prosecution Service publishes data.") == set()


def test_a_pronoun_is_the_force_only_after_a_sentence_about_the_force():
    assert ("metropolitan police service", "worksWith", "national crime agency") in \
        _triples("The force is good at this. It works with the NCA.")
    assert _triples("The report is long. It works with the NCA.") == set()


def test_national_reports_have_no_implicit_force():
    assert _triples("The force works with the Crown Prosecution Service.", force=None) == set()


def test_evidence_is_exact_and_carries_the_sentence():
    rels, text = _relations("Intro here.\n\nThe force works well\nwith SafeLives to improve referrals.")
    assert rels
    for r in rels:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
        assert r.evidence.sentence == "The force works well with SafeLives to improve referrals."
        assert r.evidence.rule.startswith("relations.")
