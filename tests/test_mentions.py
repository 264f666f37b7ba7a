"""Entity mentions: gazetteer, acronyms and discovery rules, with exact evidence."""

from __future__ import annotations

import pytest

from extraction.mentions import extract_mentions, gazetteer, parse
from extraction.records import ENTITY_TYPES, DocumentRecord


def _doc(text, force="Metropolitan Police Service"):
    return DocumentRecord("d" * 16, "x.txt", "t", "force report", 2017, force, len(text), len(text.split()))


def _mentions(text, force="Metropolitan Police Service"):
    return extract_mentions(parse(text), _doc(text, force))


def _by_label(ms):
    return {" ".join(m.label.split()): m for m in ms}


def test_unseen_names_are_discovered_by_rules():
    text = ("Bogshire Constabulary launched Operation Zephyr in 2017. Its Kestrel team tackles "
            "knife crime with the Bogshire Youth Trust. Officers apply for widget protection orders "
            "(WPOs) and the WPOs are reviewed by the Kestrel team.")
    ms = _by_label(_mentions(text, force="Bogshire Constabulary"))
    assert ms["Operation Zephyr"].entity_type == "Initiative"
    assert ms["Kestrel team"].entity_type == "Unit"
    assert ms["Kestrel team"].pref_label == "Kestrel"
    assert ms["Bogshire Constabulary"].entity_type == "Force"
    assert ms["Bogshire Youth Trust"].entity_type == "PartnerOrganisation"
    assert ms["widget protection orders"].entity_type == "Power"
    assert ms["WPOs"].entity_key == ms["widget protection orders"].entity_key
    assert ms["knife crime"].entity_type == "CrimeType"


def test_gazetteer_names_match_across_pdf_line_wraps_and_case_sensitively_for_acronyms():
    text = "The force works with the Crown Prosecution \nService and uses DASH. A dash of luck."
    ms = _mentions(text)
    labels = {" ".join(m.label.split()): m.entity_type for m in ms}
    assert labels["Crown Prosecution Service"] == "PartnerOrganisation"
    assert labels["DASH"] == "RiskAssessmentTool"
    assert "dash" not in labels


def test_short_and_long_forms_and_plurals_share_one_key():
    text = ("The force uses domestic violence protection orders (DVPOs). One DVPO was granted. "
            "The Trident team and Trident unit work with MOPAC.")
    ms = _mentions(text)
    keys = {" ".join(m.label.split()): m.entity_key for m in ms}
    assert keys["domestic violence protection orders"] == keys["DVPOs"] == keys["DVPO"]
    assert keys["Trident team"] == keys["Trident unit"]


def test_the_documents_own_force_uses_its_canonical_name():
    ms = _mentions("The Metropolitan Police is improving. The MPS has a plan.")
    forces = {m.entity_key for m in ms if m.entity_type == "Force"}
    assert forces == {"Force:metropolitan police service"}


def test_people_are_not_crime_types():
    ms = _mentions("The force disrupts organised crime groups and tackles organised crime.")
    crimes = [m.label for m in ms if m.entity_type == "CrimeType"]
    assert crimes == ["organised crime"]


def test_gazetteer_is_data_with_every_type():
    assert {e.entity_type for e in gazetteer()} == set(ENTITY_TYPES)


@pytest.mark.parametrize("name", ["000_b655f950f9e4daba.txt", "004_d9a8730beb81e948.txt"])
def test_corpus_mentions_have_exact_evidence(corpus_texts, name):
    text = corpus_texts[name]
    ms = extract_mentions(parse(text), _doc(text))
    assert len({m.entity_type for m in ms}) >= 6
    for m in ms:
        ev = m.evidence
        assert text[ev.start:ev.end] == ev.text == m.label
        assert ev.rule and ev.sentence
        assert " ".join(ev.text.split())[:20] in ev.sentence or ev.rule == "acronyms.definition"
        assert m.entity_key.split(":")[0] == m.entity_type
