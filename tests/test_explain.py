"""`peelkg explain` and the entities/relations named queries, on the corpus graph."""

from __future__ import annotations

from typer.testing import CliRunner

from extraction.explain import explain


def test_explain_trident_lists_mentions_relations_with_sentences(built_graph):
    found = explain(built_graph, "trident")
    assert [e.label for e in found] == ["Trident"]
    e = found[0]
    assert e.type == "Unit"
    assert any("team" in a for a in e.aliases)
    assert sum(m["mentions"] for m in e.mentions) >= 5 and len(e.mentions) >= 2
    preds = {(r["subject"], r["predicate"]) for r in e.relations}
    assert ("Metropolitan Police Service", "hasUnit") in preds
    assert all("Trident" in r["sentence"] for r in e.relations)


def test_explain_finds_an_alias_and_says_when_nothing_matches(built_graph):
    assert [e.label for e in explain(built_graph, "DVPOs")] == ["domestic violence protection order"]
    assert explain(built_graph, "no such thing at all") == []


def test_explain_command(built_graph):
    from kg.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["explain", "MetTrace", "--graph", str(built_graph)])
    assert ok.exit_code == 0, ok.output
    assert "MetTrace" in ok.output and "runsInitiative" in ok.output
    missing = runner.invoke(app, ["explain", "Nonexistent Thing", "--graph", str(built_graph)])
    assert missing.exit_code == 1


def test_entities_query_contract(peel_graph):
    rows = peel_graph.rows("entities")
    assert rows and list(rows[0]) == ["entity", "label", "type", "aliases", "mentions", "documents"]
    by_label = {r["label"]: r for r in rows}
    assert by_label["MetTrace"]["type"] == "Initiative" and by_label["MetTrace"]["documents"] >= 2
    assert by_label["Metropolitan Police Service"]["type"] == "Force"
    dvpo = by_label["domestic violence protection order"]
    assert "DVPO" in dvpo["aliases"].split(" | ")
    types = {r["type"] for r in rows}
    assert types == {"Force", "Unit", "Initiative", "Power", "RiskAssessmentTool", "PartnerOrganisation", "CrimeType"}


def test_relations_query_contract(peel_graph):
    rows = peel_graph.rows("relations")
    assert rows and list(rows[0]) == ["subject", "predicate", "object", "document", "sentence"]
    assert {"hasUnit", "runsInitiative", "usesPower", "worksWith", "tackles", "targets"} <= {r["predicate"] for r in rows}
    assert any(r["subject"] == "Metropolitan Police Service" and r["object"] == "Trident" and r["predicate"] == "hasUnit" for r in rows)
