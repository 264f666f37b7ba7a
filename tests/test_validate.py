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


# --- sources that disagree ---------------------------------------------------------------


def _sample_context(folder) -> v.CheckContext:
    """The sample corpus (tests/sample_records.py) in a store, as a check sees a built graph."""
    import pyoxigraph as ox
    from sample_records import sample_graph

    from kg.serialize import to_nquads

    store = ox.Store()
    store.load(to_nquads(sample_graph()), format=ox.RdfFormat.N_TRIPLES)
    return v.CheckContext(folder, folder, store)


@pytest.fixture(scope="module")
def sample_ctx(tmp_path_factory) -> v.CheckContext:
    return _sample_context(tmp_path_factory.mktemp("sample"))


def test_disagreeing_sources_are_reported_with_both_documents_and_spans(sample_ctx):
    from sample_records import FORCE, PRESS_TEXT, TEXT

    report = v.ValidationReport()
    v.check_grade_disagreements(sample_ctx, report)
    assert report.ok  # a disagreement is a warning: the graph keeps every statement
    (message,) = report.warnings
    good = TEXT.index("good at protecting vulnerable people")
    sentence = PRESS_TEXT.index("requires improvement at protecting")
    line = PRESS_TEXT.index("Protecting vulnerable people: Requires")
    assert message == (
        f"sources disagree on {FORCE} 2016 effectiveness / vulnerability: "
        f'Good in report-2016.txt [{good}-{good + 36}] "good at protecting vulnerable people"; '
        f'{RI} in press-release.txt [{sentence}-{sentence + 52}] "requires improvement at protecting vulnerable people"; '
        f'{RI} in press-release.txt [{line}-{line + 50}] "Protecting vulnerable people: Requires improvement"'
    )
    # agreeing keys and the two pillars' "overall" grades of 2016 (effectiveness RI,
    # efficiency Good) are not disagreements
    (checked,) = [c for c in report.checks if c.startswith("grade agreement")]
    assert checked.endswith("1 stated by several sources, 1 with sources that disagree")


def test_disagreement_check_is_in_the_validation_run():
    assert v.check_grade_disagreements in v.CHECKS


def _statement(grade: str, file: str = "a.txt", start: int = 0, **key) -> v.GradeStatement:
    fields = {"force": "Kent Police", "year": 2016, "pillar": "effectiveness", "area": "overall", **key}
    return v.GradeStatement(grade=grade, file=file, start=start, end=start + 4, quote=grade.lower(), **fields)


def test_disagreement_messages_only_for_keys_with_different_grades():
    agree = [_statement("Good", "a.txt"), _statement("Good", "b.txt", 9)]
    other_pillar = [_statement("Inadequate", "c.txt", pillar="efficiency")]
    other_year = [_statement("Outstanding", "d.txt", year=2017)]
    assert v.disagreement_messages(agree + other_pillar + other_year) == []
    differ = agree + [_statement("Ungraded", "e.txt", 3), _statement(RI, "f.txt", 7)]
    (message,) = v.disagreement_messages(differ)
    assert message == (
        "sources disagree on Kent Police 2016 effectiveness / overall: "
        'Good in a.txt [0-4] "good"; Good in b.txt [9-13] "good"; '
        f'{RI} in f.txt [7-11] "requires improvement"; Ungraded in e.txt [3-7] "ungraded"'
    )
    assert v.disagreement_messages(list(reversed(differ))) == [message]  # order of rows is irrelevant


def test_corpus_sources_agree(built_graph, monkeypatch):
    monkeypatch.setattr(v, "CHECKS", [v.check_grade_disagreements])
    report = v.validate_graph(built_graph)
    # The reports agree with each other (the 2017 annex and the 2017 Met report; grades of
    # earlier years restated by later reports): a disagreement here is a misread statement.
    assert report.warnings == [] and report.ok
    (checked,) = report.checks
    assert "stated by several sources, 0 with sources that disagree" in checked


def test_a_round_up_without_annex_is_not_a_warning(sample_ctx):
    report = v.ValidationReport()
    v.check_national_annex_against_summary(sample_ctx, report)
    assert "roundup-2021.txt (2021): 2 grades of a round-up or release, no annex to cross-check" in report.checks
    assert not [w for w in report.warnings if "roundup-2021.txt" in w]


def test_a_national_document_without_any_grade_is_a_warning(tmp_path):
    ctx = _sample_context(tmp_path)
    ctx.store.update("""
        PREFIX peel: <https://w3id.org/peel-kg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        DELETE { ?j ?p ?o } WHERE { ?j a peel:Judgment ; dcterms:source ?d ; ?p ?o . ?d peel:fileName "roundup-2021.txt" }""")
    report = v.ValidationReport()
    v.check_national_annex_against_summary(ctx, report)
    assert "roundup-2021.txt (2021): national report with neither a per-force annex nor a summary table" in report.warnings
