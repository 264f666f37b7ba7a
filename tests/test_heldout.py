"""Extraction on held-out reports: hand-written texts for forces and years not in the corpus.

The files in ``tests/data/heldout/`` imitate the real layouts (PDF text, web pages) for other
forces and years; the expectations below were written from their text by hand (see the README
there), so these tests measure whether the rules generalise, not whether they fit the corpus.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from extraction.pipeline import extract_document
from extraction.reader import read_report
from extraction.records import FORCE_REPORT

HELDOUT = Path(__file__).parent / "data" / "heldout"

RI, GOOD, OUT, INAD, UNG = "Requires improvement", "Good", "Outstanding", "Inadequate", "Ungraded"
AFI, COC, REC = "area for improvement", "cause of concern", "recommendation"

# file -> (force, year)
METADATA = {
    "kent_2016_pdf.txt": ("Kent Police", 2016),
    "dyfed_powys_2015_pdf.txt": ("Dyfed-Powys Police", 2015),
    "devon_cornwall_2017_pdf.txt": ("Devon and Cornwall Police", 2017),
    "greater_manchester_2017_web.txt": ("Greater Manchester Police", 2017),
    "city_of_london_2016_web.txt": ("City of London Police", 2016),
    "avon_somerset_2018_web.txt": ("Avon and Somerset Constabulary", 2018),
}

FIVE = ("prevention", "investigation", "vulnerability", "serious-organised-crime", "specialist-capabilities")


def _grades(overall, *per_question):
    return {"overall": overall, **dict(zip(FIVE, per_question))}


GRADES = {
    "kent_2016_pdf.txt": _grades(GOOD, GOOD, RI, GOOD, GOOD, UNG),
    # 2015: four questions, no specialist capabilities question
    "dyfed_powys_2015_pdf.txt": _grades(GOOD, GOOD, GOOD, RI, GOOD),
    "devon_cornwall_2017_pdf.txt": _grades(RI, GOOD, INAD, RI, GOOD, UNG),
    "greater_manchester_2017_web.txt": _grades(RI, GOOD, RI, INAD, GOOD, UNG),
    "city_of_london_2016_web.txt": _grades(GOOD, GOOD, GOOD, RI, GOOD, UNG),
    "avon_somerset_2018_web.txt": _grades(GOOD, OUT, RI, GOOD, GOOD, UNG),
}

# file -> {(kind, previous): count}
FINDING_COUNTS = {
    "kent_2016_pdf.txt": {(AFI, False): 6, (AFI, True): 2},
    "dyfed_powys_2015_pdf.txt": {(AFI, False): 7},
    "devon_cornwall_2017_pdf.txt": {(AFI, False): 3, (AFI, True): 1, (COC, False): 1, (REC, False): 3},
    "greater_manchester_2017_web.txt": {(AFI, False): 6, (COC, False): 1, (REC, False): 3},
    "city_of_london_2016_web.txt": {(AFI, False): 3},
    "avon_somerset_2018_web.txt": {(AFI, False): 3},
}

# (file, kind, area, full text of the finding)
FINDING_TEXTS = [
    (
        "kent_2016_pdf.txt", AFI, "prevention",
        "The force should evaluate its problem-solving activity routinely, and share what works across "
        "its districts and with partner organisations.",
    ),
    (  # a bullet broken by a page number and a footnote
        "kent_2016_pdf.txt", AFI, "investigation",
        "The force should improve its use of bail and released under investigation, so that suspects are "
        "managed appropriately and victims are kept informed of progress in their cases.",
    ),
    (
        "kent_2016_pdf.txt", AFI, "serious-organised-crime",
        "The force should work with partner organisations to identify young people at risk of being drawn "
        "into serious and organised crime.",
    ),
    (
        "dyfed_powys_2015_pdf.txt", AFI, "investigation",
        "The force should ensure that victims are updated regularly about the progress of their cases, in "
        "line with the Code of Practice for Victims of Crime.",
    ),
    (
        "dyfed_powys_2015_pdf.txt", AFI, "serious-organised-crime",
        "The force should develop its serious and organised crime local profiles with partner organisations.",
    ),
    (
        "devon_cornwall_2017_pdf.txt", COC, "investigation",
        "Devon and Cornwall Police’s approach to investigating crime is a cause of concern. Investigations are "
        "not always allocated to officers with the right skills, they are not supervised effectively, and "
        "victims are not kept informed.",
    ),
    (
        "devon_cornwall_2017_pdf.txt", REC, "investigation",
        "reduce the backlog of digital devices awaiting examination.",
    ),
    (
        "devon_cornwall_2017_pdf.txt", AFI, "prevention",
        "The force should make sure that its neighbourhood officers are not routinely taken away from "
        "neighbourhood duties to cover response shifts.",
    ),
    (
        "greater_manchester_2017_web.txt", REC, "vulnerability",
        "The force should ensure that supervisors review the risk assessments of missing children.",
    ),
    (
        "greater_manchester_2017_web.txt", AFI, "serious-organised-crime",
        "The force should improve its understanding of the threat posed by cyber-dependent crime.",
    ),
    (
        "city_of_london_2016_web.txt", AFI, "vulnerability",
        "The force should improve how it identifies repeat victims of domestic abuse.",
    ),
    (
        "avon_somerset_2018_web.txt", AFI, "vulnerability",
        "The constabulary should make better use of stalking protection orders (SPOs) to protect victims of "
        "stalking.",
    ),
]

# (file, entity type, a label that must be the entity's preferred or an alternative label)
ENTITIES = [
    ("kent_2016_pdf.txt", "Initiative", "Operation Lapwing"),
    ("kent_2016_pdf.txt", "Initiative", "Operation Fennel"),  # wrapped: "Operation\nFennel"
    ("kent_2016_pdf.txt", "Unit", "Investigation Management Unit"),
    ("kent_2016_pdf.txt", "Unit", "Serious Crime Directorate"),
    ("kent_2016_pdf.txt", "Unit", "VIT"),
    ("kent_2016_pdf.txt", "Unit", "Vulnerability Investigation Team"),
    ("kent_2016_pdf.txt", "Unit", "SEROCU"),
    ("kent_2016_pdf.txt", "Power", "PSPO"),
    ("kent_2016_pdf.txt", "Power", "community protection notice"),
    ("kent_2016_pdf.txt", "Force", "Essex Police"),
    ("kent_2016_pdf.txt", "Initiative", "Brighter Futures Project"),
    ("kent_2016_pdf.txt", "Initiative", "Detective Pathway Programme"),
    ("dyfed_powys_2015_pdf.txt", "Unit", "Rural Crime Team"),
    ("dyfed_powys_2015_pdf.txt", "Initiative", "Operation Dyfal"),
    ("dyfed_powys_2015_pdf.txt", "Initiative", "Project Adfer"),
    ("dyfed_powys_2015_pdf.txt", "Unit", "Digital Forensics Unit"),
    ("dyfed_powys_2015_pdf.txt", "Unit", "Vulnerability Hub"),
    ("dyfed_powys_2015_pdf.txt", "Power", "SCPO"),
    ("dyfed_powys_2015_pdf.txt", "Force", "Gwent Police"),
    ("devon_cornwall_2017_pdf.txt", "Initiative", "Operation Seabird"),
    ("devon_cornwall_2017_pdf.txt", "Unit", "Digital Examination Unit"),
    ("devon_cornwall_2017_pdf.txt", "Unit", "Alliance Major Crime Investigation Team"),
    ("devon_cornwall_2017_pdf.txt", "RiskAssessmentTool", "DART"),
    ("devon_cornwall_2017_pdf.txt", "RiskAssessmentTool", "Devon Adult Risk Tool"),
    ("devon_cornwall_2017_pdf.txt", "Power", "DVPO"),
    ("devon_cornwall_2017_pdf.txt", "Force", "Dorset Police"),
    ("greater_manchester_2017_web.txt", "Initiative", "Operation Marlin"),
    ("greater_manchester_2017_web.txt", "Initiative", "Project Harbour"),
    ("greater_manchester_2017_web.txt", "Unit", "Neighbourhood Problem Solving Team"),
    ("greater_manchester_2017_web.txt", "Unit", "Complex Safeguarding Hub"),
    ("greater_manchester_2017_web.txt", "RiskAssessmentTool", "MHRT"),
    ("greater_manchester_2017_web.txt", "Power", "CBO"),
    ("greater_manchester_2017_web.txt", "Initiative", "Programme Challenger"),
    ("city_of_london_2016_web.txt", "Initiative", "Project Servator"),
    ("city_of_london_2016_web.txt", "Initiative", "Operation Broadway"),
    ("city_of_london_2016_web.txt", "Unit", "Community Policing Team"),
    ("city_of_london_2016_web.txt", "Unit", "ECD"),
    ("city_of_london_2016_web.txt", "Unit", "Economic Crime Directorate"),
    ("city_of_london_2016_web.txt", "Unit", "NFIB"),
    ("city_of_london_2016_web.txt", "Initiative", "Cyber Griffin programme"),
    ("city_of_london_2016_web.txt", "Force", "Metropolitan Police Service"),
    ("avon_somerset_2018_web.txt", "Initiative", "Operation Remedy"),
    ("avon_somerset_2018_web.txt", "Initiative", "Operation Tallow"),
    ("avon_somerset_2018_web.txt", "Unit", "IAT"),
    ("avon_somerset_2018_web.txt", "Unit", "Insight Analytics Team"),
    ("avon_somerset_2018_web.txt", "Unit", "Bluebell Safeguarding Team"),
    ("avon_somerset_2018_web.txt", "Unit", "Digital Investigation Unit"),
    ("avon_somerset_2018_web.txt", "Power", "SPO"),
    ("avon_somerset_2018_web.txt", "RiskAssessmentTool", "VIST"),
]


@lru_cache(maxsize=None)
def _extract(name: str):
    return extract_document(read_report(HELDOUT / name))


def _norm(label: str) -> str:
    return " ".join(label.split()).lower()


def test_every_heldout_file_has_expectations():
    files = {p.name for p in HELDOUT.glob("*.txt")}
    assert files == set(METADATA) == set(GRADES) == set(FINDING_COUNTS)


@pytest.mark.parametrize("name", sorted(METADATA))
def test_metadata(name):
    doc = _extract(name).document
    force, year = METADATA[name]
    assert (doc.kind, doc.force, doc.year) == (FORCE_REPORT, force, year)
    assert force in doc.title and str(year) in doc.title


@pytest.mark.parametrize("name", sorted(GRADES))
def test_every_grade(name):
    result = _extract(name)
    badges = [j for j in result.judgments if j.source == "force report"]  # sentences restating them: below
    got = {j.area: j.grade for j in badges}
    assert got == GRADES[name]
    stated = {(j.year, j.area, j.grade) for j in result.judgments if j.source != "force report"}
    assert stated <= {(j.year, j.area, j.grade) for j in badges}  # the prose agrees with the badges
    text = (HELDOUT / name).read_text("utf-8")
    for j in badges:
        assert j.force == METADATA[name][0] and j.year == METADATA[name][1]
        assert text[j.evidence.start : j.evidence.end] == j.evidence.text
        assert " ".join(j.evidence.text.split()).lower() == j.grade.lower()


@pytest.mark.parametrize(
    "name,area,question",
    [
        (
            "dyfed_powys_2015_pdf.txt", "serious-organised-crime",
            "How effective is the force at tackling serious and organised crime, including its arrangements "
            "for fulfilling its national policing responsibilities?",
        ),
        (
            "avon_somerset_2018_web.txt", "prevention",
            "How effective is the constabulary at preventing crime, tackling anti-social behaviour and keeping "
            "people safe?",
        ),
        (
            "avon_somerset_2018_web.txt", "overall",
            "How effectively does the constabulary reduce crime and keep people safe?",
        ),
        (
            "greater_manchester_2017_web.txt", "investigation",
            "How effective is Greater Manchester Police at investigating crime and reducing re-offending?",
        ),
    ],
)
def test_questions_worded_as_the_report_words_them(name, area, question):
    got = {j.area: j.question for j in _extract(name).judgments if j.source == "force report"}
    assert got[area] == question


@pytest.mark.parametrize("name", sorted(FINDING_COUNTS))
def test_finding_counts(name):
    findings = _extract(name).findings
    assert dict(Counter((f.kind, f.previous) for f in findings)) == FINDING_COUNTS[name]
    text = (HELDOUT / name).read_text("utf-8")
    for f in findings:
        assert f.force == METADATA[name][0] and f.year == METADATA[name][1]
        assert text[f.evidence.start : f.evidence.end] == f.evidence.text


@pytest.mark.parametrize("name,kind,area,text", FINDING_TEXTS)
def test_finding_texts(name, kind, area, text):
    found = [f for f in _extract(name).findings if f.text == text]
    assert found, f"no finding with text {text!r}"
    assert (found[0].kind, found[0].area, found[0].previous) == (kind, area, False)


@pytest.mark.parametrize("name", ["devon_cornwall_2017_pdf.txt", "greater_manchester_2017_web.txt"])
def test_recommendations_belong_to_their_cause_of_concern(name):
    findings = _extract(name).findings
    (coc,) = [f for f in findings if f.kind == COC]
    recs = [f for f in findings if f.kind == REC]
    assert recs and all(r.parent == coc.finding_id and r.area == coc.area for r in recs)


def test_previous_finding_quoted_and_not_addressed():
    (prev,) = [f for f in _extract("devon_cornwall_2017_pdf.txt").findings if f.previous]
    assert prev.text.startswith("Last year we said that the force should improve the supervision of investigations.")
    assert (prev.kind, prev.area, prev.addressed) == (AFI, "investigation", False)


def test_quoted_2015_areas_for_improvement_are_previous():
    prev = [f for f in _extract("kent_2016_pdf.txt").findings if f.previous]
    assert [f.text[:40] for f in prev] == [
        "improve the way it identifies repeat and",
        "ensure that all domestic abuse risk asse",
    ]
    assert all(f.area == "vulnerability" for f in prev)


@pytest.mark.parametrize("name,etype,label", ENTITIES)
def test_entities_discovered(name, etype, label):
    mentions = _extract(name).mentions
    hits = [
        m for m in mentions
        if m.entity_type == etype and _norm(label) in {_norm(x) for x in (m.pref_label, *m.alt_labels, m.label)}
    ]
    assert hits, f"{etype} {label!r} not found; {etype} mentions: {sorted({m.pref_label for m in mentions if m.entity_type == etype})}"


@pytest.mark.parametrize("name", sorted(METADATA))
def test_own_force_is_one_canonical_entity(name):
    force = METADATA[name][0]
    forces = {m.pref_label for m in _extract(name).mentions if m.entity_type == "Force"}
    assert force in forces
    # no fragment of the own force's name as a separate force ("Police", "Cornwall Police")
    assert all(f == force or force_words_disjoint(f, force) for f in forces), forces


def force_words_disjoint(other: str, own: str) -> bool:
    generic = {"police", "constabulary", "service", "and", "of", "the"}
    return not ({w.lower() for w in other.split()} - generic) <= ({w.lower() for w in own.split()} - generic)


def test_contents_page_numbers_are_not_statistics():
    text = (HELDOUT / "kent_2016_pdf.txt").read_text("utf-8")
    contents_end = text.index(" Introduction  \n")
    stats = _extract("kent_2016_pdf.txt").statistics
    assert all(s.evidence.start >= contents_end for s in stats), [s.measure for s in stats]
    assert any(s.value == 212 and s.unit == "count" for s in stats)  # "applied for 212 DVPOs"


def test_long_form_of_a_defined_acronym_is_the_same_entity():
    # "stalking protection orders (SPOs)" ... "31 stalking protection orders"
    keys = {m.entity_key for m in _extract("avon_somerset_2018_web.txt").mentions if "stalking protection" in m.label}
    assert len(keys) == 1


def test_people_are_not_units():
    # "Its Neighbourhood Enquiry Officers support neighbourhood teams": officers, not a team
    units = {m.pref_label for m in _extract("avon_somerset_2018_web.txt").mentions if m.entity_type == "Unit"}
    assert not any("Officers" in u for u in units), units
