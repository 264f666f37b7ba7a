"""The findings, recurring_findings and grade_changes named queries on the built corpus graph."""

from __future__ import annotations

from collections import Counter

from extraction.records import GRADES

MET = "Metropolitan Police Service"


def test_findings_query_columns_and_counts(peel_graph):
    rows = peel_graph.rows("findings")
    assert rows and set(rows[0]) == {"force", "year", "area", "type", "text", "document"}
    counts = Counter((r["document"][:3], r["type"]) for r in rows)
    assert counts[("000", "area for improvement")] == 11
    assert counts[("000", "cause of concern")] == 1
    assert counts[("000", "recommendation")] == 8
    assert counts[("001", "recommendation")] == 2
    assert counts[("002", "recommendation")] == 4
    assert counts[("004", "area for improvement")] == 12
    # quoted earlier findings are not listed as this year's findings
    assert not any(r["text"].startswith("Last year we said") for r in rows)


def test_findings_query_national_rows_have_empty_force(peel_graph):
    rows = peel_graph.rows("findings")
    national = [r for r in rows if r["document"].startswith("002")]
    assert len(national) == 4 and all(r["force"] in (None, "") and r["year"] == 2017 for r in national)
    assert all(r["force"] == MET for r in rows if not r["document"].startswith("002"))


def test_findings_query_filters_by_parameter(peel_graph):
    rows = peel_graph.rows("findings", type="cause of concern")
    assert {(r["year"], r["area"]) for r in rows} == {(2016, "vulnerability"), (2018, "vulnerability")}


def test_recurring_findings_has_the_qualified_detectives_pair(peel_graph):
    rows = peel_graph.rows("recurring_findings", force=MET)
    assert rows and {"force", "finding", "years", "texts"} <= set(rows[0])
    detectives = [r for r in rows if r["texts"].count("qualified detectives") == 2]
    assert len(detectives) == 1
    assert detectives[0]["years"] == "2017, 2018"
    assert detectives[0]["texts"].startswith("2017: The force should continue to seek to increase")
    # restated problem-solving / effective-practice findings recur from 2016 to 2017
    assert any(r["years"] == "2016, 2017" and "share effective practice" in r["texts"] for r in rows)


def test_grade_changes_for_the_met(peel_graph):
    rows = peel_graph.rows("grade_changes", force=MET)
    by_key = {(r["area"], r["from_year"], r["to_year"]): r for r in rows}
    assert len(by_key) == len(rows), "one row per force, area and pair of years"
    vul = by_key[("vulnerability", 2016, 2017)]
    assert (vul["from_grade"], vul["to_grade"], vul["direction"]) == (
        "Inadequate", "Requires improvement", "improved")
    soc = by_key[("serious-organised-crime", 2017, 2018)]
    assert (soc["from_grade"], soc["to_grade"], soc["direction"]) == ("Good", "Outstanding", "improved")
    assert by_key[("prevention", 2016, 2017)]["direction"] == "same"
    for r in rows:
        assert r["from_grade"] in GRADES and r["to_grade"] in GRADES  # Ungraded is skipped
        rank = GRADES.index(r["to_grade"]) - GRADES.index(r["from_grade"])
        assert r["direction"] == ("improved" if rank > 0 else "declined" if rank < 0 else "same")
    # consecutive inspections only: no row jumps over a graded year in between
    years = sorted({y for r in rows for y in (r["from_year"], r["to_year"])})
    for r in rows:
        between = [y for y in years if r["from_year"] < y < r["to_year"]]
        assert not any((r["area"], r["from_year"], y) in by_key for y in between)
