"""Acronym definitions in both directions (Schwartz & Hearst)."""

from __future__ import annotations

from extraction.acronyms import best_long_form, is_short_form, singular_short
from extraction.nlp import blank_pipeline


def _pairs(text):
    nlp = blank_pipeline()
    nlp.add_pipe("peel_abbreviations")
    doc = nlp(text)
    return [(s.text, " ".join(l.text.split())) for s, l in doc._.abbreviations], doc


def test_long_form_then_short_form_with_plural():
    pairs, doc = _pairs("The force uses few domestic violence protection orders (DVPOs) each year.")
    assert pairs == [("DVPOs", "domestic violence protection orders")]
    assert doc._.acronym_map == {"dvpo": "domestic violence protection orders"}


def test_short_form_then_long_form():
    pairs, _ = _pairs("It is the work of FALCON (Fraud and Linked Crime Online) in the force.")
    assert pairs == [("FALCON", "Fraud and Linked Crime Online")]


def test_long_form_broken_by_a_line_wrap_and_mixed_case_short_form():
    pairs, _ = _pairs("It uses the management of risk \nin law enforcement (MoRiLE) process.")
    assert pairs == [("MoRiLE", "management of risk in law enforcement")]


def test_brackets_that_are_not_definitions_are_ignored():
    pairs, _ = _pairs("It has a firearms threat desk (Viper) and a system (Airspace) and figures (see annex A).")
    assert pairs == []


def test_schwartz_hearst_matching():
    long = "officers use domestic violence protection orders"
    assert long[best_long_form("DVPO", long):] == "domestic violence protection orders"
    assert best_long_form("XYZ", "nothing matches here") is None
    assert is_short_form("MASHs") and is_short_form("MoRiLE") and not is_short_form("Viper")
    assert singular_short("ROCUs") == "ROCU" and singular_short("NCA") == "NCA"


def test_corpus_definitions_are_found(corpus_texts):
    pairs, _ = _pairs(corpus_texts["001_174d17988d4d6e4f.txt"])
    found = dict(pairs)
    assert found["DVPOs"] == "domestic violence protection orders"
    assert found["VCTF"] == "violent crime task force"
    assert found["MOPAC"] == "Mayor’s Office for Policing and Crime"
