"""The ``peelkg`` command line end to end: build, query (csv/json/.rq/table), validate, defaults."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
GRADE_COLUMNS = ["force", "year", "area", "grade", "question", "document", "pillar"]
MET = "Metropolitan Police Service"


def flat(output: str) -> str:
    """Output with rich's table borders and line wrapping undone."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", output).split())


def json_records(output: str) -> list[dict[str, object]]:
    """Rows of JSON output: SPARQL 1.1 results JSON, or a plain list of records."""
    data = json.loads(output)
    if isinstance(data, dict):
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    return data


def test_build_small_corpus_skips_bad_files_by_name(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("004_d9a8730beb81e948.txt", "003_457220dca10d38e6.txt"):
        shutil.copy(corpus_dir / name, corpus / name)
    (corpus / "empty.txt").write_text("")
    (corpus / "novel.txt").write_text("It was the best of times, it was the worst of times. " * 50)
    (corpus / "latin1.txt").write_bytes("Caf\xe9 PEEL report".encode("latin-1"))
    out = tmp_path / "graph"
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "documents read 2" in text and "documents skipped 3" in text
    assert "skipped empty.txt: empty file" in text
    assert "skipped novel.txt: not a PEEL report" in text
    assert "skipped latin1.txt: not valid UTF-8" in text
    assert "judgments 8" in text  # 2014: three questions; 2017 page: four graded, and a sentence restating its overall grade
    grades = runner.invoke(app, ["query", "grades", "--graph", str(out), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(grades.stdout)))
    assert {(r["year"], r["area"], r["grade"]) for r in rows} == {
        ("2014", "prevention", "Good"),
        ("2014", "investigation", "Requires improvement"),
        ("2014", "anti-social-behaviour", "Good"),
        ("2017", "overall", "Requires improvement"),
        ("2017", "investigation", "Requires improvement"),
        ("2017", "vulnerability", "Requires improvement"),
        ("2017", "serious-organised-crime", "Good"),
    }


def test_build_with_nothing_readable_fails_and_names_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("   \n")
    (corpus / "recipe.txt").write_text("Whisk two eggs with sugar. Bake for 20 minutes in 2019.\n")
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--out", str(tmp_path / "graph")])
    assert result.exit_code == 1
    text = flat(result.output)
    assert "empty.txt" in text and "recipe.txt: not a PEEL report" in text
    assert not (tmp_path / "graph" / "CURRENT").exists()


def test_query_grades_csv(built_graph):
    result = runner.invoke(app, ["query", "grades", "--graph", str(built_graph), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == GRADE_COLUMNS
    assert len(rows) == 43 * 5 + 6 + 6 + 3 + 4 + 10 + 4 + 1  # annex + the four force reports + their sentences stating grades
    met_2016 = {r["area"]: r["grade"] for r in rows if r["force"] == MET and r["year"] == "2016"}
    assert met_2016["vulnerability"] == "Inadequate" and met_2016["specialist-capabilities"] == "Ungraded"


def test_query_grades_json_and_tsv(built_graph):
    result = runner.invoke(app, ["query", "grades", "-g", str(built_graph), "-f", "json"])
    assert result.exit_code == 0, result.output
    records = json_records(result.stdout)
    assert set(records[0]) == set(GRADE_COLUMNS)
    annex_met = [r for r in records if r["force"] == MET and r["document"].startswith("002_")]
    assert {r["area"]: r["grade"] for r in annex_met}["serious-organised-crime"] == "Good"
    assert {int(r["year"]) for r in records} == {2014, 2015, 2016, 2017, 2018}  # 2015: earlier grades the 2016 report restates
    tsv = runner.invoke(app, ["query", "grades", "-g", str(built_graph), "-f", "tsv"])
    assert tsv.stdout.splitlines()[0].split("\t") == GRADE_COLUMNS


def test_query_table_and_rq_file(built_graph, tmp_path):
    table = runner.invoke(app, ["query", "documents", "--graph", str(built_graph)])
    assert table.exit_code == 0 and "national report" in table.stdout
    rq = tmp_path / "outstanding.rq"
    rq.write_text(
        "# Forces graded outstanding overall.\n"
        "PREFIX peel: <https://w3id.org/peel-kg/ontology#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT DISTINCT ?force WHERE { ?j a peel:Judgment ; peel:area/skos:notation 'overall' ;\n"
        "  peel:grade/skos:prefLabel 'Outstanding' ; peel:inspection/peel:force/skos:prefLabel ?force }\n"
    )
    result = runner.invoke(app, ["query", str(rq), "--graph", str(built_graph), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["force", "Durham", "Constabulary"]


def test_validate_reports_the_disagreeing_cells(built_graph):
    result = runner.invoke(app, ["validate", "--graph", str(built_graph)])
    text = flat(result.output)
    assert "prevention / Good: summary table says 34, annex counts 35" in text
    assert "prevention / Requires improvement: summary table says 7, annex counts 6" in text


def test_validate_without_graph_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["validate", "--graph", str(tmp_path)])
    assert result.exit_code == 2 and "peelkg build" in flat(result.output)


def test_default_corpus_and_out(built_graph, tmp_path, monkeypatch):
    """`peelkg build` then `peelkg query grades` with no options, from a working folder."""
    monkeypatch.chdir(tmp_path)
    # seed the default output's cache from the session build, so only writing is redone
    shutil.copytree(built_graph / "cache", tmp_path / "build" / "cache")
    build = runner.invoke(app, ["build"])
    assert build.exit_code == 0, build.output
    assert "documents read 5" in flat(build.output)
    assert (tmp_path / "build" / "CURRENT").exists()
    grades = runner.invoke(app, ["query", "grades", "--format", "csv"])
    assert grades.exit_code == 0, grades.output
    assert f"{MET},2018,serious-organised-crime,Outstanding" in grades.stdout


@pytest.mark.parametrize("args", [["query", "grades"], ["validate"]])
def test_defaults_point_at_build_folder(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "build" in flat(result.output)
