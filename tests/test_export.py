"""Exports: each format re-parsed by the other RDF library with the same statement count."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.export import EXPORTERS, UnknownFormat, export, ontology_triples
from kg.namespaces import ONTOLOGY_GRAPH
from kg.store import current_generation

RDFLIB_FORMAT = {"ttl": "turtle", "trig": "trig", "nq": "nquads"}


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    """A graph folder holding the sample corpus as a build writes it (peel.nq + manifest)."""
    from sample_records import sample_graph

    from kg.serialize import to_nquads

    folder = tmp_path_factory.mktemp("sample-graph")
    nquads = to_nquads(sample_graph())
    (folder / "peel.nq").write_bytes(nquads)
    (folder / "manifest.json").write_text(json.dumps({"triples": nquads.count(b"\n")}))
    return folder


def expected_counts(folder):
    """(data triples, ontology triples) of a graph folder; the build embeds an ontology
    (perhaps an older one) in peel.nq, exports use the current one."""
    nq = current_generation(folder) / "peel.nq"
    built = {q.triple for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)}
    onto = set(ontology_triples())
    return len(built - onto), len(onto)


def reparse_with_rdflib(path, fmt) -> Dataset:
    ds = Dataset()
    ds.parse(path, format=RDFLIB_FORMAT[fmt])
    return ds


def count_by_graph(ds: Dataset) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def test_formats_dispatch_through_one_dict():
    assert set(EXPORTERS) >= {"ttl", "trig", "nq", "jsonld"}
    with pytest.raises(UnknownFormat):
        export("unused", "xml", "unused")


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_dataset_formats_put_the_ontology_in_its_named_graph(sample_dir, tmp_path, fmt):
    result = export(sample_dir, fmt, tmp_path / f"out.{fmt}")
    data, onto = expected_counts(sample_dir)
    assert result.statements == data + onto
    counts = count_by_graph(reparse_with_rdflib(result.path, fmt))  # written by pyoxigraph
    assert counts[str(ONTOLOGY_GRAPH)] == onto
    assert sum(counts.values()) == data + onto
    assert data > 0


def test_turtle_holds_data_and_ontology_in_one_graph(sample_dir, tmp_path):
    result = export(sample_dir, "ttl", tmp_path / "out.ttl")
    data, onto = expected_counts(sample_dir)
    g = Graph().parse(result.path, format="turtle")
    assert len(g) == result.statements == data + onto
    assert (URIRef("https://w3id.org/peel-kg/ontology#Judgment"), None, None) in g


def test_jsonld_written_by_rdflib_is_read_by_pyoxigraph(sample_dir, tmp_path):
    result = export(sample_dir, "jsonld", tmp_path / "out.jsonld")
    data, onto = expected_counts(sample_dir)
    quads = list(ox.parse(path=str(result.path), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == result.statements == data + onto
    in_onto = [q for q in quads if q.graph_name == ox.NamedNode(str(ONTOLOGY_GRAPH))]
    assert len(in_onto) == onto


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq"])
def test_exports_are_deterministic_and_leave_no_temp_files(sample_dir, tmp_path, fmt):
    first = export(sample_dir, fmt, tmp_path / f"a.{fmt}").path.read_bytes()
    second = export(sample_dir, fmt, tmp_path / f"b.{fmt}").path.read_bytes()
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"a.{fmt}", f"b.{fmt}"]


def test_cli_export(sample_dir, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "graph.nq"
    result = CliRunner().invoke(app, ["export", "--graph", str(sample_dir), "--format", "nq", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "statements" in result.output and out.exists()
    bad = CliRunner().invoke(app, ["export", "--graph", str(sample_dir), "--format", "xml", "--out", str(out)])
    assert bad.exit_code == 2
    missing = CliRunner().invoke(app, ["export", "--graph", str(tmp_path / "none"), "--out", str(out)])
    assert missing.exit_code == 2


def test_corpus_graph_exports_in_every_format(built_graph, tmp_path):
    data, onto = expected_counts(built_graph)
    for fmt in ("nq", "trig", "ttl"):
        result = export(built_graph, fmt, tmp_path / f"corpus.{fmt}")
        assert result.statements == data + onto
        assert sum(count_by_graph(reparse_with_rdflib(result.path, fmt)).values()) == data + onto
