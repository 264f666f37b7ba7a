"""Document metadata read from the text: force, inspection year, kind, title, evidence."""

from __future__ import annotations

import pytest

from extraction.metadata import NotAReport, read_metadata
from extraction.reader import content_id
from extraction.records import FORCE_REPORT, NATIONAL_REPORT

MET = "Metropolitan Police Service"

# What each corpus file is (the corpus README describes them; the code must not know this).
EXPECTED = {
    "000_b655f950f9e4daba.txt": (FORCE_REPORT, 2016, MET),
    "001_174d17988d4d6e4f.txt": (FORCE_REPORT, 2018, MET),
    "002_f15031c82e741ba6.txt": (NATIONAL_REPORT, 2017, None),
    "003_457220dca10d38e6.txt": (FORCE_REPORT, 2014, MET),
    "004_d9a8730beb81e948.txt": (FORCE_REPORT, 2017, MET),
}


def meta(text: str, name: str = "x.txt"):
    return read_metadata(text, name, content_id(text))


@pytest.mark.parametrize("file_name", sorted(EXPECTED))
def test_corpus_metadata(corpus_texts, file_name):
    text = corpus_texts[file_name]
    doc = meta(text, file_name)
    assert (doc.kind, doc.year, doc.force) == EXPECTED[file_name]
    assert doc.file_name == file_name
    assert doc.n_chars == len(text)
    assert doc.n_words == len(text.split())
    assert str(doc.year) in doc.title
    if doc.force:
        assert doc.force in doc.title
    assert doc.evidence, "metadata must say where it was read"
    for ev in doc.evidence:
        assert text[ev.start : ev.end] == ev.text
        assert ev.document == doc.doc_id and ev.rule.startswith("metadata.")


def test_metadata_does_not_depend_on_file_name(corpus_texts):
    text = corpus_texts["001_174d17988d4d6e4f.txt"]
    a, b = meta(text, "001.txt"), meta(text, "national_2017_annex.txt")
    assert (a.kind, a.year, a.force) == (b.kind, b.year, b.force)


def test_web_page_year_is_the_peel_year_not_the_update_date(corpus_texts):
    doc = meta(corpus_texts["001_174d17988d4d6e4f.txt"])
    assert doc.year == 2018  # "PEEL 2018", although "Last updated 09/09/2019"
    assert any(ev.rule == "metadata.year.title_line" and ev.text == "2018" for ev in doc.evidence)


PAGE = """Skip to content

{force} PEEL {year}

Effectiveness

How effectively does the force reduce crime and keep people safe?

Last updated 01/02/{later}
Good

Overall, {long} is good at keeping people safe. {long} works well with partners.
"""


@pytest.mark.parametrize(
    "force,long,canonical",
    [
        ("Avon and Somerset", "Avon and Somerset Constabulary", "Avon and Somerset Constabulary"),
        ("Devon & Cornwall", "Devon and Cornwall Police", "Devon and Cornwall Police"),
        ("Dyfed-Powys", "Dyfed-Powys Police", "Dyfed-Powys Police"),
        # a force missing from the gazetteer: the title's short name becomes its written full name
        ("Ruritania", "Ruritania Constabulary", "Ruritania Constabulary"),
    ],
)
def test_unseen_force_web_pages(force, long, canonical):
    doc = meta(PAGE.format(force=force, long=long, year=2019, later=2020))
    assert (doc.kind, doc.year, doc.force) == (FORCE_REPORT, 2019, canonical)


def test_pdf_force_report_year_from_assessment_sentence():
    text = (
        "As part of our annual inspections of police effectiveness, efficiency and legitimacy (PEEL), "
        "HMIC assesses the effectiveness of police forces.\n\n"
        "HMIC's effectiveness inspection assessed all of these areas during 2015. This report sets "
        "out our findings for Kent Police.\n\nKent Police is good. Crime recorded in the 12 months "
        "to 31 March 2014 fell.\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.year, doc.force) == (FORCE_REPORT, 2015, "Kent Police")


def test_force_named_most_often_when_no_title():
    text = (
        "How effective is the force at cutting crime?\n\nHMIC found that Lancashire Constabulary is "
        "good. Lancashire Constabulary works with Cumbria Constabulary. In the year to June 2014 "
        "crime fell in Lancashire Constabulary.\n"
    )
    doc = meta(text)
    assert (doc.force, doc.year) == ("Lancashire Constabulary", 2014)


@pytest.mark.parametrize(
    "text,reason",
    [
        ("It was a bright cold day in April, and the clocks were striking thirteen. " * 20, "PEEL"),
        ("HMIC PEEL: police efficiency 2016\n\nHow efficient is the force at keeping people safe? "
         "The force's effectiveness is covered elsewhere. Police forces in 2016.\n", "efficiency"),
        ("HMIC inspects police effectiveness. The force is good.\n", "year"),
    ],
)
def test_not_a_report(text, reason):
    with pytest.raises(NotAReport, match=reason):
        meta(text)
