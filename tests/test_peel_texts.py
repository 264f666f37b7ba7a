"""Grade facts of PEEL texts of every kind, measured against answer keys: the development set
(``../shared/dev-corpus``, when present) and the held-out texts (``tests/data/peel_heldout``).

The floors are measured figures minus a small margin (the integrator sets them): the test fails
when a change makes extraction read fewer of the stated grades, or more wrong ones, or stops
refusing texts that are not about PEEL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.evaluate import NOT_PEEL, AnswersReport, evaluate_answers, load_answers

ROOT = Path(__file__).resolve().parents[1]
DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus"
HELDOUT = ROOT / "tests" / "data" / "peel_heldout"

# Floors per set: (grade-fact recall, grade-fact precision, document kind accuracy), measured
# figures minus a small margin; the integrator re-measures (`peelkg eval --answers <set>/answers.json`)
# and raises them. The first held-out set (26 texts) was read by rule writers during issue 15 (its
# lines are quoted in extraction code), so it is now a regression set: 127/127, 0 wrong, kind 26/26
# at 08:54 UTC on 3 Dec 2026 (89/127, 3 wrong before it was read). set_b (10 texts) was written at
# 08:55 and measured once, unread: 32/51 found, 1 wrong, kind 9/10; its custody-inspection negative
# was not refused.
# "unseen" (tests/data/peel_heldout_b, 24 texts by a writer who wrote no rules) has never been
# read by a rule writer: 102/138 found, 1 wrong, kind 23/24 at integration (3 Dec 2026).
MIN_RECALL = {"dev": 0.93, "heldout": 0.95, "heldout_b": 0.58, "unseen": 0.70}
MIN_PRECISION = {"dev": 0.97, "heldout": 0.95, "heldout_b": 0.92, "unseen": 0.95}
MIN_KIND_ACCURACY = {"dev": 0.95, "heldout": 0.95, "heldout_b": 0.85, "unseen": 0.90}

SETS = {
    "dev": DEV_CORPUS,
    "heldout": HELDOUT,
    "heldout_b": HELDOUT / "set_b",
    "unseen": ROOT / "tests" / "data" / "peel_heldout_b",
}
# Non-PEEL negatives the extractor still reads as PEEL texts (a known defect, reported to the
# integrator): the refusal test of these sets is expected to fail until it is fixed.
REFUSAL_KNOWN_TO_FAIL: set[str] = set()  # every set's non-PEEL negatives are refused since aeb3ca4


@pytest.fixture(scope="module", params=sorted(SETS))
def measured(request) -> tuple[str, AnswersReport, list[dict]]:
    folder = SETS[request.param]
    answers = folder / "answers.json"
    if not answers.exists():
        pytest.skip(f"{answers} not present")
    return request.param, evaluate_answers(folder, answers), load_answers(answers)


def test_grade_facts_recall_and_precision_floors(measured):
    name, report, _ = measured
    grades = report.scores["grades"]
    summary = f"{name}: {grades.tp}/{grades.tp + grades.fn} found, {grades.fp} wrong"
    assert grades.recall >= MIN_RECALL[name], summary
    assert grades.precision >= MIN_PRECISION[name], summary


def test_document_kind_floor(measured):
    name, report, _ = measured
    assert report.accuracy("kind") >= MIN_KIND_ACCURACY[name]


def test_texts_not_about_peel_are_refused_and_graded_nowhere(measured, request):
    name, report, answers = measured
    if name in REFUSAL_KNOWN_TO_FAIL:
        request.applymarker(pytest.mark.xfail(reason=f"{name}: a non-PEEL negative is still read", strict=True))
    negatives = [e["file"] for e in answers if e["kind"] == NOT_PEEL]
    assert negatives, f"{name}: the answer key has no non-PEEL negatives"
    for file in negatives:
        outcome = report.outcome(file)
        assert outcome.refused, f"{name}: {file} was read as a {outcome.predicted_kind}, not refused"
    assert report.scores.get("grades: not peel") is None or report.scores["grades: not peel"].fp == 0


def test_every_answered_file_was_scored_without_a_crash(measured):
    _, report, answers = measured
    assert sorted(f.file for f in report.files) == sorted(e["file"] for e in answers)
    assert [f"{f.file}: {f.failed}" for f in report.files if f.failed] == []
