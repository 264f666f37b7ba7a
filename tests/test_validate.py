"""Validation: the national report's annex counted against its own summary table."""

from __future__ import annotations

import pytest

from kg import validate as v
from kg.store import GraphNotFound

RI = "Requires improvement"


def disagreements(report: v.ValidationReport) -> list[str]:
    return [m for m in report.warnings + report.errors if "summary table says" in m]


@pytest.fixture
def only_cross_check(monkeypatch):
    """Run just the national cross-check (SHACL has its own tests and takes seconds)."""
    monkeypatch.setattr(v, "CHECKS", [v.check_national_annex_against_summary])


def test_corpus_national_report_cross_check(built_graph, only_cross_check):
    report = v.validate_graph(built_graph)
    assert any("annex grades of 43 forces" in c for c in report.checks)
    # The 2017 report's summary table says 34 forces were good and 7 required improvement at
    # crime prevention; its own annex lists 35 and 6. Every other cell agrees.
    assert sorted(disagreements(report)) == sorted(
        [
            "002_f15031c82e741ba6.txt (2017): prevention / Good: summary table says 34, annex counts 35 (difference +1)",
            f"002_f15031c82e741ba6.txt (2017): prevention / {RI}: summary table says 7, annex counts 6 (difference -1)",
        ]
    )
    assert "summary table says 34, annex counts 35" in report.text()


def test_compare_counts_names_both_numbers():
    summary = {("overall", "Good"): 3, ("overall", RI): 1, ("overall", "Declined"): 2}
    assert v.compare_counts({("overall", "Good"): 3, ("overall", RI): 1}, summary) == []
    messages = v.compare_counts({("overall", "Good"): 2, ("overall", RI): 1, ("overall", "Inadequate"): 1}, summary)
    assert messages == [
        "overall / Inadequate: annex has 1 forces, the summary table has no such cell",
        "overall / Good: summary table says 3, annex counts 2 (difference -1)",
    ]
    assert v.compare_counts({("vulnerability", "Good"): 4}, summary)[-1].endswith("no row for vulnerability")


CONSISTENT = """HMICFRS PEEL: Police effectiveness 2019

Our effectiveness inspection graded every police force in England and Wales.

Question Outstanding Good Requires improvement Inadequate

Crime prevention

1 1 0 0

Overall

0 1 1 0

Annex B – Individual force judgments from 2019 inspection

Crime prevention Overall

Kent Good Good
Durham Outstanding Requires
improvement
"""


def test_consistent_report_has_no_disagreement(tmp_path, only_cross_check):
    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "national.txt").write_text(CONSISTENT, encoding="utf-8")
    build(corpus, tmp_path / "graph")
    report = v.validate_graph(tmp_path / "graph")
    assert any("annex grades of 2 forces" in c for c in report.checks)
    assert disagreements(report) == []
    assert not [w for w in report.warnings if "adds up to" in w]


def test_checks_are_a_list_to_extend(built_graph, only_cross_check, monkeypatch):
    def failing_check(ctx: v.CheckContext, report: v.ValidationReport) -> None:
        assert ctx.store is not None and ctx.generation.exists()
        report.errors.append("something is wrong")

    monkeypatch.setattr(v, "CHECKS", [*v.CHECKS, failing_check])
    report = v.validate_graph(built_graph)
    assert not report.ok and "ERROR: something is wrong" in report.text()


def test_missing_graph(tmp_path):
    with pytest.raises(GraphNotFound):
        v.validate_graph(tmp_path)
