"""Recurring findings: TF-IDF cosine over stemmed content words, same force, different years."""

from __future__ import annotations

from extraction import recurrence
from extraction.digest import digest_document
from extraction.records import FORCE_REPORT, NATIONAL_REPORT, DocumentRecord, Evidence, ExtractionResult, Finding

DETECTIVES_2017 = (
    "The force should continue to seek to increase the number of qualified detectives in order "
    "to improve the quality of its investigations."
)
DETECTIVES_2018 = (
    "The force should continue to seek to increase the capacity and capability of qualified "
    "detectives and senior investigating officers to improve the quality of its investigations."
)
EVIDENCE_2018 = (
    "The force should improve its ability to retrieve digital evidence from mobile phones, "
    "computers and other electronic devices quickly enough to ensure investigations are not delayed."
)
PRACTICE_2016 = (
    "The force should evaluate and share effective practice routinely, both internally and with "
    "partners, in order continually to improve its approach to the prevention of crime."
)
PRACTICE_2017 = (
    "The force should routinely evaluate and share effective practice, both internally and with "
    "partner organisations, continually to improve its approach to the prevention of crime."
)
OTHER = [
    "The force should ensure that those who are circulated as wanted are swiftly located and arrested.",
    "The force should implement a process to get feedback from vulnerable victims of domestic abuse.",
    "The force should map all organised crime groups promptly following identification.",
    "The force should review its allocation policy for incidents involving vulnerability.",
]


def _result(doc_id, year, force, texts, previous=()):
    kind = FORCE_REPORT if force else NATIONAL_REPORT
    doc = DocumentRecord(doc_id, f"{doc_id}.txt", "t", kind, year, force, 100, 10)
    findings = [
        Finding(f"afi-{i + 1}", "area for improvement", t, None, force, year,
                Evidence(doc_id, 0, 1, "x", "findings.test"), previous=(i in previous))
        for i, t in enumerate(texts)
    ]
    return digest_document(ExtractionResult(document=doc, findings=findings))  # what linking reads


def test_content_terms_drop_boilerplate_and_stem():
    terms = recurrence.content_terms("The force should ensure it increases qualified detectives")
    assert terms == ["increas", "qualifi", "detect"]


def test_restated_findings_score_above_threshold_and_unrelated_below():
    corpus = [DETECTIVES_2017, DETECTIVES_2018, EVIDENCE_2018, PRACTICE_2016, PRACTICE_2017, *OTHER]
    same = recurrence.similarity(DETECTIVES_2017, DETECTIVES_2018, corpus)
    practice = recurrence.similarity(PRACTICE_2016, PRACTICE_2017, corpus)
    different = recurrence.similarity(DETECTIVES_2017, EVIDENCE_2018, corpus)
    assert same >= recurrence.THRESHOLD and practice >= recurrence.THRESHOLD
    assert different < recurrence.THRESHOLD
    assert 0.0 <= different < same <= 1.0


def test_links_same_force_across_years_only():
    a = _result("a2017", 2017, "Example Police", [DETECTIVES_2017, PRACTICE_2016, *OTHER[:2]])
    b = _result("b2018", 2018, "Example Police", [EVIDENCE_2018, DETECTIVES_2018, *OTHER[2:]])
    same_year = _result("c2018", 2018, "Example Police", [DETECTIVES_2018])
    c = _result("c2017", 2017, "Other Police", [DETECTIVES_2018])
    national = _result("n2018", 2018, None, [DETECTIVES_2018])
    links = recurrence.link_recurring_findings([b, national, c, a])
    pairs = {(r.doc_a, r.finding_a, r.doc_b, r.finding_b) for r in links}
    assert ("a2017", "afi-1", "b2018", "afi-2") in pairs  # qualified detectives, 2017 -> 2018
    assert all(r.force == "Example Police" for r in links)
    assert not any("n2018" in (r.doc_a, r.doc_b) or "c2017" in (r.doc_a, r.doc_b) for r in links)
    assert all(r.method == "tfidf-cosine" and recurrence.THRESHOLD <= r.score <= 1 for r in links)
    # the detectives finding is linked once (to its best match), not to the evidence finding
    assert not any(r.finding_a == "afi-1" and r.finding_b == "afi-1" for r in links)

    with_same_year = recurrence.link_recurring_findings([a, b, same_year])
    assert not any({r.doc_a, r.doc_b} == {"b2018", "c2018"} for r in with_same_year)


def test_previous_findings_are_not_linked_and_output_is_deterministic():
    a = _result("a2017", 2017, "Example Police", [DETECTIVES_2017, *OTHER[:2]], previous=(0,))
    b = _result("b2018", 2018, "Example Police", [DETECTIVES_2018, *OTHER[2:]])
    assert not any(r.finding_a == "afi-1" for r in recurrence.link_recurring_findings([a, b]))
    a2 = _result("a2017", 2017, "Example Police", [DETECTIVES_2017, *OTHER[:2]])
    assert recurrence.link_recurring_findings([a2, b]) == recurrence.link_recurring_findings([b, a2])
    assert recurrence.link_recurring_findings([a2, b])  # the pair is found either way
