"""kg.network: the networkx projection, its helpers and its GraphML/GEXF/HTML exports.

Most tests use a small graph built by the real builder from hand-made records, so every
expected node and edge is known; the corpus graph tests check the projection agrees with the
named queries whatever the extractors currently find.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

import kg
from extraction.records import (
    NATIONAL_REPORT,
    CorpusResult,
    DocumentRecord,
    Evidence,
    ExtractionResult,
    Finding,
    FindingRecurrence,
    Mention,
    Relation,
    ResolvedEntity,
)
from kg import network
from kg.builder import build_graph
from kg.paths import ONTOLOGY_FILE
from kg.store import load_store

MET = "Metropolitan Police Service"
KENT = "Kent Police"

ENTITIES = {
    "Force:metropolitan police service": ("Force", MET, ()),
    "Force:kent police": ("Force", KENT, ()),
    "Unit:trident": ("Unit", "Trident", ("Trident Gang Crime Command",)),
    "Unit:jigsaw": ("Unit", "Jigsaw", ()),
    "Power:serious crime prevention order": ("Power", "serious crime prevention order", ("SCPO", "SCPOs")),
    "CrimeType:gang crime": ("CrimeType", "gang crime", ()),
    "PartnerOrganisation:national crime agency": ("PartnerOrganisation", "National Crime Agency", ("NCA",)),
    "Initiative:mettrace": ("Initiative", "MetTrace", ()),
}


def _ev(doc: str, start: int, text: str, sentence: str, rule: str = "test.hand") -> Evidence:
    return Evidence(doc, start, start + len(text), text, rule, sentence)


def _doc(doc_id, year, force, kind="force report") -> DocumentRecord:
    return DocumentRecord(doc_id, f"{doc_id}.txt", f"PEEL {year} {force or 'national'}", kind,
                          year, force, 1000, 200)


def _rel(doc, s, p, o, start, sentence) -> Relation:
    return Relation(s, p, o, _ev(doc, start, sentence[:10], sentence))


def _mentions(doc, keys) -> list[Mention]:
    out = []
    for i, key in enumerate(keys):
        etype, label, alts = ENTITIES[key]
        out.append(Mention(key, etype, label, label, alts, _ev(doc, 500 + i * 20, label, "")))
    return out


def small_corpus() -> CorpusResult:
    """Met 2016 and 2018 force reports plus a 2017 national report, with known relations."""
    met16 = ExtractionResult(_doc("aaaa2016", 2016, MET))
    met16.mentions = _mentions("aaaa2016", ["Unit:trident", "CrimeType:gang crime", "Power:serious crime prevention order", "Initiative:mettrace"])
    met16.relations = [
        _rel("aaaa2016", "Force:metropolitan police service", "hasUnit", "Unit:trident", 10,
             "The force's Trident unit leads on gang crime."),
        _rel("aaaa2016", "Unit:trident", "tacklesCrimeType", "CrimeType:gang crime", 10,
             "The force's Trident unit leads on gang crime."),
        _rel("aaaa2016", "Force:metropolitan police service", "runsInitiative", "Initiative:mettrace", 90,
             "MetTrace is run across London."),
    ]
    met16.findings = [Finding("afi-1", "area for improvement",
                              "The force should make more use of SCPOs against gang leaders.",
                              "serious-organised-crime", MET, 2016,
                              _ev("aaaa2016", 200, "The force should", "The force should make more use of SCPOs."),
                              mentions=("Power:serious crime prevention order",))]
    met18 = ExtractionResult(_doc("bbbb2018", 2018, MET))
    met18.mentions = _mentions("bbbb2018", ["Unit:trident", "Unit:jigsaw", "Power:serious crime prevention order"])
    met18.relations = [
        _rel("bbbb2018", "Force:metropolitan police service", "hasUnit", "Unit:trident", 10,
             "Trident remains the force's gang unit."),
        _rel("bbbb2018", "Force:metropolitan police service", "hasUnit", "Unit:jigsaw", 60,
             "The Jigsaw team manages registered sex offenders."),
        _rel("bbbb2018", "Unit:jigsaw", "usesPower", "Power:serious crime prevention order", 120,
             "Jigsaw officers apply for SCPOs."),
    ]
    met18.findings = [Finding("afi-1", "area for improvement",
                              "The force should increase its use of SCPOs.",
                              "serious-organised-crime", MET, 2018,
                              _ev("bbbb2018", 300, "The force should", "The force should increase its use of SCPOs."),
                              mentions=("Power:serious crime prevention order",))]
    nat = ExtractionResult(_doc("cccc2017", 2017, None, NATIONAL_REPORT))
    nat.mentions = _mentions("cccc2017", ["Force:kent police", "PartnerOrganisation:national crime agency"])
    nat.relations = [
        _rel("cccc2017", "Force:kent police", "worksWith", "PartnerOrganisation:national crime agency", 5,
             "Kent Police works closely with the NCA."),
    ]
    entities = [ResolvedEntity(k, t, label, alts, MET if k == "Unit:trident" else None)
                for k, (t, label, alts) in sorted(ENTITIES.items())]
    recurrences = [FindingRecurrence(MET, "aaaa2016", "afi-1", "bbbb2018", "afi-1", 0.71, "tfidf-cosine")]
    return CorpusResult([met16, met18, nat], entities, recurrences)


def write_small_graph(out: Path) -> Path:
    """A graph folder (manifest + store) holding the builder's triples for ``small_corpus``."""
    out.mkdir(parents=True, exist_ok=True)
    graph = build_graph(small_corpus()).to_rdflib()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    nquads = graph.serialize(format="nt", encoding="utf-8")
    (out / "peel.nq").write_bytes(nquads)
    load_store(out / "store", nquads)
    (out / "manifest.json").write_text(json.dumps({"documents": ["test"]}))
    return out


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> Path:
    return write_small_graph(tmp_path_factory.mktemp("small-network"))


@pytest.fixture(scope="module")
def net(small_graph) -> nx.MultiDiGraph:
    return network.project(kg.open_graph(small_graph))


def _labels(g) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True)}


def _triples(g) -> set[tuple[str, str, str]]:
    return {(g.nodes[s]["label"], k, g.nodes[o]["label"]) for s, o, k in g.edges(keys=True)}


# --- projection ------------------------------------------------------------------------


def test_nodes_carry_label_and_type(net):
    types = {d["label"]: d["type"] for _, d in net.nodes(data=True) if d["type"] != "Finding"}
    assert types == {label: t for t, label, _ in ENTITIES.values()}
    findings = [d for _, d in net.nodes(data=True) if d["type"] == "Finding"]
    assert sorted(f["year"] for f in findings) == [2016, 2018]
    assert all(f["finding_type"] == "area for improvement" and f["force"] == MET for f in findings)
    scpo = net.nodes[network.find_node(net, "SCPOs")]
    assert scpo["alt_labels"] == ("SCPO", "SCPOs")


def test_relation_edges_aggregate_years_and_evidence(net):
    met, trident = network.find_node(net, MET), network.find_node(net, "Trident")
    edge = net.get_edge_data(met, trident)["peel:hasUnit"]
    assert edge["label"] == "has unit"
    assert edge["years"] == (2016, 2018)
    assert edge["n_evidence"] == 2
    assert "Trident remains the force's gang unit." in edge["evidence"]
    assert edge["documents"] == ("aaaa2016.txt", "bbbb2018.txt")
    assert (MET, "peel:hasUnit", "Jigsaw") in _triples(net)
    assert ("Jigsaw", "peel:usesPower", "serious crime prevention order") in _triples(net)


def test_findings_link_to_mentions_force_and_recurrence(net):
    triples = _triples(net)
    mentions = [t for t in triples if t[1] == "peel:mentions"]
    assert len(mentions) == 2 and all(t[2] == "serious crime prevention order" for t in mentions)
    assert sum(1 for t in triples if t[1] == "peel:force" and t[2] == MET) >= 2
    recur = [d for _, _, k, d in net.edges(keys=True, data=True) if k == "peel:recursAs"]
    assert len(recur) == 1 and recur[0]["similarity"] == pytest.approx(0.71)
    assert recur[0]["years"] == (2016, 2018)


def test_filter_by_node_type(small_graph):
    g = network.project(small_graph, node_types=["Unit", "Power"])
    assert {d["type"] for _, d in g.nodes(data=True)} == {"Unit", "Power"}
    assert _triples(g) == {("Jigsaw", "peel:usesPower", "serious crime prevention order")}


def test_filter_by_force(small_graph):
    g = network.project(small_graph, force=MET)
    assert KENT not in _labels(g) and "National Crime Agency" not in _labels(g)
    assert {"Trident", "Jigsaw", MET} <= _labels(g)
    kent = network.project(small_graph, force=KENT)
    assert _triples(kent) == {(KENT, "peel:worksWith", "National Crime Agency")}


def test_filter_by_year(small_graph):
    g = network.project(small_graph, years=2018)
    assert "Jigsaw" in _labels(g) and "MetTrace" not in _labels(g)
    edge = g.get_edge_data(network.find_node(g, MET), network.find_node(g, "Trident"))
    assert edge is not None  # stated in 2018 too
    assert all(2018 in d["years"] for *_, d in g.edges(data=True) if d["years"])
    g16 = network.project(small_graph, years=[2016], node_types=network.ENTITY_TYPES)
    assert ("Jigsaw", "peel:usesPower", "serious crime prevention order") not in _triples(g16)


def test_filter_by_predicate(small_graph):
    g = network.project(small_graph, predicates=["hasUnit"], drop_isolates=True)
    assert {k for *_, k in g.edges(keys=True)} == {"peel:hasUnit"}
    assert _labels(g) == {MET, "Trident", "Jigsaw"}
    by_label = network.project(small_graph, predicates=["uses power"], drop_isolates=True)
    assert _labels(by_label) == {"Jigsaw", "serious crime prevention order"}


def test_documents_and_inspections_optional(small_graph, net):
    assert {"Document", "Inspection"}.isdisjoint({d["type"] for _, d in net.nodes(data=True)})
    g = network.project(small_graph, documents=True, inspections=True)
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"Document", "Inspection"} <= types
    keys = {k for *_, k in g.edges(keys=True)}
    assert {"peel:mentionedIn", "peel:reportsOn", "peel:inspection"} <= keys


# --- helpers ----------------------------------------------------------------------------


def test_ego_network(net):
    ego = network.ego_network(net, "Jigsaw")
    assert _labels(ego) == {"Jigsaw", MET, "serious crime prevention order"}
    wider = network.ego_network(net, "Jigsaw", radius=2)
    assert "Trident" in _labels(wider) and len(wider) > len(ego)


def test_connection_gives_evidence_for_each_hop(small_graph):
    g = network.project(small_graph, node_types=network.ENTITY_TYPES)
    hops = network.connection(g, "Trident", "SCPOs")
    steps = sorted({(h.step, h.source, h.target) for h in hops})
    assert steps == [(1, "Trident", MET), (2, MET, "Jigsaw"), (3, "Jigsaw", "serious crime prevention order")]
    by_step = {step: [h for h in hops if h.step == step] for step, *_ in steps}
    # Trident-Met: the stated relation (Met has unit Trident, inverse) and its owning-force link
    assert {(h.predicate, h.forward) for h in by_step[1]} == {("has unit", False), ("sub organization of", True)}
    assert all(any(h.evidence for h in group) for group in by_step.values())
    assert by_step[3][0].evidence == ("Jigsaw officers apply for SCPOs.",)
    frame = network.hops_frame(hops)
    assert sorted(set(frame["step"])) == [1, 2, 3] and len(frame) == len(hops)
    with pytest.raises(nx.NetworkXNoPath):
        network.connection(g, "Trident", "NCA")
    with pytest.raises(KeyError):
        network.find_node(g, "no such unit")


def test_centrality_ranks_the_hub_first(net):
    for measure in ("degree", "betweenness", "pagerank", "eigenvector", "closeness"):
        ranking = network.centrality(net, measure)
        assert list(ranking.columns) == ["node", "label", "type", measure]
        assert ranking.iloc[0]["label"] == MET, measure
        assert list(ranking[measure]) == sorted(ranking[measure], reverse=True)
    assert len(network.centrality(net, top=3)) == 3
    with pytest.raises(ValueError):
        network.centrality(net, "nonsense")


def test_communities_separate_unconnected_parts(net):
    for method in ("greedy", "louvain"):
        found = network.communities(net, method)
        assert sorted(n for c in found for n in c) == sorted(net)
        kent = network.find_node(net, KENT)
        nca = network.find_node(net, "NCA")
        together = [c for c in found if kent in c]
        assert nca in together[0] and network.find_node(net, MET) not in together[0]
        assert net.nodes[kent]["community"] == net.nodes[nca]["community"]


# --- exports ----------------------------------------------------------------------------


def _same_network(original: nx.MultiDiGraph, reread: nx.MultiDiGraph) -> None:
    assert sorted(reread.nodes) == sorted(original.nodes)
    assert sorted((s, o, str(k)) for s, o, k in reread.edges(keys=True)) == \
        sorted((s, o, k) for s, o, k in original.edges(keys=True))
    for n, d in original.nodes(data=True):
        assert reread.nodes[n]["label"] == d["label"]
        assert reread.nodes[n]["type"] == d["type"]


def test_graphml_rereads_and_is_byte_identical(small_graph, tmp_path):
    net = network.project(small_graph)  # fresh: other tests add attributes (community) to theirs
    path = network.write_graphml(net, tmp_path / "a.graphml")
    reread = nx.read_graphml(path, force_multigraph=True)
    _same_network(net, reread)
    edge = reread.get_edge_data(network.find_node(net, MET), network.find_node(net, "Trident"))
    assert edge["peel:hasUnit"]["years"] == "2016; 2018"
    assert edge["peel:hasUnit"]["n_evidence"] == 2
    again = network.export(kg.open_graph(small_graph), tmp_path / "b.graphml", "graphml")
    assert again.read_bytes() == path.read_bytes()
    rebuilt = write_small_graph(tmp_path / "rebuilt")  # a second, independent build
    third = network.export(rebuilt, tmp_path / "c.graphml", "graphml")
    assert third.read_bytes() == path.read_bytes()


def test_gexf_rereads(net, tmp_path):
    path = network.write_gexf(net, tmp_path / "a.gexf")
    reread = nx.read_gexf(path)
    assert sorted(reread.nodes) == sorted(net.nodes)
    assert reread.number_of_edges() == net.number_of_edges()
    for n, d in net.nodes(data=True):
        assert reread.nodes[n]["label"] == d["label"]
    with pytest.raises(ValueError):
        network.export(net, tmp_path / "x", "dot")


def test_gexf_carries_no_date_so_it_is_byte_identical(net, tmp_path):
    a = network.write_gexf(net, tmp_path / "a.gexf").read_bytes()
    b = network.write_gexf(net, tmp_path / "b.gexf").read_bytes()
    assert a == b
    assert b"lastmodifieddate" not in a  # networkx would stamp today's date here


def test_scalar_graph_has_only_scalar_values(net):
    h = network.scalar_graph(net)
    values = [v for _, d in h.nodes(data=True) for v in d.values()]
    values += [v for *_, d in h.edges(data=True) for v in d.values()]
    assert all(isinstance(v, (str, int, float, bool)) for v in values)


def test_cli_network_command(small_graph, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "met.graphml"
    result = CliRunner().invoke(app, ["network", "--graph", str(small_graph), "--format", "graphml",
                                      "--output", str(out), "--force", MET, "--year", "2018"])
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out, force_multigraph=True)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "Jigsaw" in labels and KENT not in labels
    bad = CliRunner().invoke(app, ["network", "--graph", str(small_graph), "--format", "dot",
                                   "--output", str(tmp_path / "x")])
    assert bad.exit_code == 2


# --- offline interactive page -----------------------------------------------------------


def test_html_is_offline(net, tmp_path):
    page = network.write_html(net, tmp_path / "net.html")
    html = page.read_text("utf-8")
    assert network.external_resources(html) == []
    assert "vis-network" in html or "vis.Network" in html  # the library is inlined
    assert "Trident" in html
    assert network.external_resources('<script src="https://cdn.example/x.js"></script>') != []


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (.ci/run installs it)")
def test_html_renders_in_headless_chromium(net, tmp_path):
    page = network.write_html(net, tmp_path / "net.html")
    shot = tmp_path / "net.png"
    dom = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
         "--window-size=1000,800", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 10_000, dom.stderr[-2000:]
    dump = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile2'}", "--virtual-time-budget=5000", "--dump-dom",
         page.as_uri()],
        capture_output=True, timeout=120, text=True,
    )
    assert "<canvas" in dump.stdout  # vis.js ran and drew the network


# --- the corpus graph -------------------------------------------------------------------


def test_corpus_projection_matches_queries(peel_graph, tmp_path):
    g = network.project(peel_graph)
    n_findings = len(peel_graph.rows(
        "PREFIX peel: <https://w3id.org/peel-kg/ontology#> SELECT ?f WHERE { ?f a peel:Finding }"))
    assert sum(1 for _, d in g.nodes(data=True) if d["type"] == "Finding") == n_findings
    n_rel = len(peel_graph.rows(
        "PREFIX peel: <https://w3id.org/peel-kg/ontology#> PREFIX rdf: "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT DISTINCT ?s ?p ?o WHERE "
        "{ ?r a peel:RelationAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"))
    n_assert = sum(1 for *_, d in g.edges(data=True) if d["n_evidence"] and d["predicate"] not in (
        "peel:mentions", "peel:recursAs", "peel:force"))
    assert n_assert <= n_rel
    forces = {d["label"] for _, d in g.nodes(data=True) if d["type"] == "Force"}
    graded = {r["force"] for r in peel_graph.rows("grades")}
    assert graded <= forces
    for _, d in g.nodes(data=True):
        assert d["label"] and d["type"] in network.NODE_TYPES
    path = network.write_graphml(g, tmp_path / "corpus.graphml")
    _same_network(g, nx.read_graphml(path, force_multigraph=True))
    again = network.write_graphml(network.project(peel_graph), tmp_path / "again.graphml")
    assert again.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_peelkg_export_network_formats(small_graph, tmp_path, fmt):
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / f"net.{fmt}"
    result = CliRunner().invoke(app, ["export", "--graph", str(small_graph), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    reread = nx.read_graphml(out, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(out)
    expected = network.project(small_graph)
    assert sorted(reread.nodes) == sorted(expected.nodes)
    assert reread.number_of_edges() == expected.number_of_edges()
