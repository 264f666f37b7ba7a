"""The graph as a network: a networkx projection of the built RDF graph, and its exports.

Researchers who think in pictures want forces, units, initiatives, powers, partners, crime
types and findings as nodes and the stated relations as edges, with enough provenance on each
edge (predicate, years, evidence sentences) to trust it. Everything is read through SPARQL on
the built store, so the projection follows the modelling in ``kg.builder`` and nothing else.
Node and edge order is sorted, so GraphML written from the same graph is byte-identical.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx

from extraction.records import ENTITY_TYPES

from . import namespaces as ns
from .files import write_atomic
from .queries import run_select

NODE_TYPES = ENTITY_TYPES + ("Finding", "Document", "Inspection")

TYPE_COLOURS = {  # colour-blind-safe (Okabe-Ito) palette, one colour per node type
    "Force": "#000000",
    "Unit": "#E69F00",
    "Initiative": "#56B4E9",
    "Power": "#009E73",
    "RiskAssessmentTool": "#F0E442",
    "PartnerOrganisation": "#0072B2",
    "CrimeType": "#D55E00",
    "Finding": "#CC79A7",
    "Document": "#999999",
    "Inspection": "#BBBBBB",
}

LIST_SEPARATOR = "; "
"""How list-valued attributes are joined for GraphML/GEXF, whose values must be scalars."""

_PREFIX = f"""
PREFIX peel: <{ns.PEEL}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <{ns.NIF}>
"""

_Q_ENTITIES = _PREFIX + """
SELECT DISTINCT ?node ?cls ?label ?alt WHERE {
  { VALUES ?cls { %s } ?node a ?cls }
  UNION
  { ?m peel:mentionOf ?node . ?node a ?cls . FILTER(STRSTARTS(STR(?cls), STR(peel:))) }
  OPTIONAL { ?node skos:prefLabel ?label }
  OPTIONAL { ?node skos:altLabel ?alt }
}"""

_Q_ENTITY_CONTEXT = _PREFIX + """
SELECT DISTINCT ?node ?year ?force WHERE {
  { ?node peel:mentionedIn ?d . ?d peel:year ?year .
    OPTIONAL { ?d dcterms:subject/skos:prefLabel ?force } }
  UNION
  { ?node (peel:force|<http://www.w3.org/ns/org#subOrganizationOf>)/skos:prefLabel ?force }
}"""

_Q_ASSERTIONS = _PREFIX + """
SELECT ?s ?p ?o ?doc ?year ?force ?sentence ?anchor WHERE {
  ?ra a peel:RelationAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      dcterms:source ?d .
  ?d peel:year ?year ; peel:fileName ?doc .
  OPTIONAL { ?d dcterms:subject/skos:prefLabel ?force }
  OPTIONAL { ?ra peel:evidence ?ev .
             OPTIONAL { ?ev peel:sentence ?sentence } OPTIONAL { ?ev nif:anchorOf ?anchor } }
}"""

_Q_PLAIN = _PREFIX + """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?sc { %s } VALUES ?oc { %s }
  ?s a ?sc . ?o a ?oc . ?s ?p ?o .
}"""

_Q_PREDICATE_LABELS = _PREFIX + """
SELECT ?p ?label WHERE { ?p rdfs:label ?label . FILTER(STRSTARTS(STR(?p), STR(peel:))) }"""

_Q_FINDINGS = _PREFIX + """
SELECT ?node ?kind ?text ?area ?year ?force ?forceNode ?doc ?docNode ?insp ?sentence WHERE {
  ?node a peel:Finding ; peel:findingType ?kind ; peel:text ?text ; peel:inspection ?insp ;
        dcterms:source ?docNode .
  ?insp peel:year ?year .
  OPTIONAL { ?insp peel:force ?forceNode . ?forceNode skos:prefLabel ?force }
  OPTIONAL { ?node peel:area/skos:notation ?area }
  ?docNode peel:fileName ?doc .
  OPTIONAL { ?node peel:evidence/peel:sentence ?sentence }
}"""

_Q_FINDING_MENTIONS = _PREFIX + "SELECT ?f ?e WHERE { ?f a peel:Finding ; peel:mentions ?e }"

_Q_RECURRENCES = _PREFIX + """
SELECT ?a ?b ?score WHERE {
  ?a peel:recursAs ?b .
  OPTIONAL { ?r peel:recurringFinding ?a , ?b ; peel:similarity ?score }
}"""

_Q_DOCUMENTS = _PREFIX + """
SELECT ?node ?title ?doc ?year ?force ?forceNode ?insp WHERE {
  ?node peel:fileName ?doc ; peel:year ?year ; peel:reportsOn ?insp .
  OPTIONAL { ?node dcterms:title ?title }
  OPTIONAL { ?node dcterms:subject ?forceNode . ?forceNode skos:prefLabel ?force }
}"""

_Q_INSPECTIONS = _PREFIX + """
SELECT ?node ?label ?year ?force ?forceNode WHERE {
  ?node a ?cls ; peel:year ?year . VALUES ?cls { peel:Inspection peel:NationalInspection }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node peel:force ?forceNode . ?forceNode skos:prefLabel ?force }
}"""

_Q_MENTIONED_IN = _PREFIX + "SELECT DISTINCT ?e ?d WHERE { ?e peel:mentionedIn ?d }"


# --- small helpers ---------------------------------------------------------------------------


def curie(iri: str) -> str:
    """``peel:hasUnit`` for a full IRI in a known namespace, else the IRI itself."""
    for prefix, namespace in sorted(ns.PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


def humanise(name: str) -> str:
    """``hasUnit`` → ``has unit``: a readable label when the ontology gives none."""
    local = name.split(":")[-1].split("#")[-1].split("/")[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _store(graph):
    """Accept a PeelGraph, a pyoxigraph Store or a graph folder."""
    if hasattr(graph, "store"):
        return graph.store
    if isinstance(graph, (str, Path)):
        from .store import open_store

        return open_store(Path(graph))
    return graph


def _select(store, sparql: str) -> list[dict]:
    columns, rows = run_select(store, sparql)
    return [dict(zip(columns, row)) for row in rows]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _iri_list(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(set(iris)))


@dataclass
class _Edge:
    """An edge being accumulated from several assertions of the same triple."""

    predicate: str
    label: str
    years: set
    documents: set
    forces: set
    sentences: set
    weight: float | None = None

    def attrs(self) -> dict:
        attrs = {
            "predicate": self.predicate,
            "label": self.label,
            "years": tuple(sorted(self.years)),
            "documents": tuple(sorted(self.documents)),
            "forces": tuple(sorted(self.forces)),
            "n_evidence": len(self.sentences),
            "evidence": tuple(sorted(self.sentences)),
        }
        if self.weight is not None:
            attrs["similarity"] = self.weight
        return attrs


# --- the projection -------------------------------------------------------------------------


def project(
    graph,
    *,
    node_types: Iterable[str] | None = None,
    force: str | None = None,
    years: Iterable[int] | int | None = None,
    predicates: Iterable[str] | None = None,
    documents: bool = False,
    inspections: bool = False,
    drop_isolates: bool = False,
) -> nx.MultiDiGraph:
    """Project a built graph (``kg.open_graph(dir)``, a folder or a Store) into a MultiDiGraph.

    Nodes are IRIs with ``label``, ``type`` (and ``alt_labels``, ``years``, ``forces``);
    edges are keyed by predicate (CURIE) and carry ``label``, ``years``, ``documents``,
    ``n_evidence`` and the ``evidence`` sentences. Filters: ``node_types`` keeps those types;
    ``force`` keeps what that force's reports state (and its own findings); ``years`` keeps
    what reports of those years state; ``predicates`` (CURIE, local name or label) keeps those
    edges. ``documents``/``inspections`` add those nodes and their links.
    """
    store = _store(graph)
    nodes: dict[str, dict] = {}
    context: dict[str, set[tuple[int | None, str | None]]] = defaultdict(set)
    edges: dict[tuple[str, str, str], _Edge] = {}
    pred_labels = {r["p"]: r["label"] for r in _select(store, _Q_PREDICATE_LABELS)}

    def edge(s: str, p: str, o: str, label: str | None = None) -> _Edge:
        key = (s, o, curie(p))
        if key not in edges:
            edges[key] = _Edge(curie(p), label or pred_labels.get(p) or humanise(curie(p)),
                               set(), set(), set(), set())
        return edges[key]

    # entities
    classes = " ".join(f"peel:{t}" for t in ENTITY_TYPES)
    for r in _select(store, _Q_ENTITIES % classes):
        node = nodes.setdefault(r["node"], {"label": "", "type": _local(r["cls"]), "alt": set()})
        if r["label"] and (not node["label"] or r["label"] < node["label"]):
            node["label"] = r["label"]
        if r["alt"]:
            node["alt"].add(r["alt"])
    for iri, node in nodes.items():
        node["label"] = node["label"] or humanise(_local(iri))
        node["alt_labels"] = tuple(sorted(node.pop("alt") - {node["label"]}))
        if node["type"] == "Force":
            context[iri].add((None, node["label"]))
    for r in _select(store, _Q_ENTITY_CONTEXT):
        if r["node"] in nodes:
            context[r["node"]].add((r["year"], r["force"]))

    # relations between entities: reified assertions (with evidence), then plain triples
    for r in _select(store, _Q_ASSERTIONS):
        if r["s"] not in nodes or r["o"] not in nodes:
            continue
        e = edge(r["s"], r["p"], r["o"])
        e.years.add(r["year"])
        e.documents.add(r["doc"])
        if r["force"]:
            e.forces.add(r["force"])
        if r["sentence"] or r["anchor"]:
            e.sentences.add(r["sentence"] or r["anchor"])
    entity_classes = sorted({f"{ns.PEEL}{n['type']}" for n in nodes.values()})
    if entity_classes:
        values = _iri_list(entity_classes)
        for r in _select(store, _Q_PLAIN % (values, values)):
            if r["s"] in nodes and r["o"] in nodes and r["s"] != r["o"]:
                edge(r["s"], r["p"], r["o"])

    # findings, the entities they mention, their force, and their recurrences
    want_findings = node_types is None or "Finding" in set(node_types)
    if want_findings:
        for r in _select(store, _Q_FINDINGS):
            node = nodes.setdefault(r["node"], {
                "label": _short(r["text"]), "type": "Finding", "finding_type": r["kind"],
                "text": r["text"], "area": r["area"] or "", "year": int(r["year"]),
                "force": r["force"] or "", "document": r["doc"], "alt_labels": (),
                "_sentences": set(), "_insp": r["insp"], "_doc": r["docNode"],
            })
            node["_sentences"].add(r["sentence"] or r["text"])
            context[r["node"]].add((r["year"], r["force"]))
            if r["forceNode"] and not inspections and r["forceNode"] in nodes:
                e = edge(r["node"], str(ns.PEEL.force), r["forceNode"], "about force")
                e.sentences.add(r["sentence"] or r["text"])  # the finding states it
                e.years.add(r["year"])
                e.documents.add(r["doc"])
                if r["force"]:
                    e.forces.add(r["force"])
        for r in _select(store, _Q_FINDING_MENTIONS):
            f = nodes.get(r["f"])
            if f is None or r["e"] not in nodes:
                continue
            e = edge(r["f"], str(ns.PEEL.mentions), r["e"])
            e.years.add(f["year"])
            e.documents.add(f["document"])
            if f["force"]:
                e.forces.add(f["force"])
            e.sentences |= f["_sentences"]
        for r in _select(store, _Q_RECURRENCES):
            if r["a"] in nodes and r["b"] in nodes:
                e = edge(r["a"], str(ns.PEEL.recursAs), r["b"], "recurs as")
                a, b = nodes[r["a"]], nodes[r["b"]]
                e.years |= {a["year"], b["year"]}
                e.documents |= {a["document"], b["document"]}
                e.forces |= {x for x in (a["force"], b["force"]) if x}
                if r["score"] is not None:
                    e.weight = float(r["score"])

    if documents or inspections:
        _add_documents_and_inspections(store, nodes, context, edge, documents, inspections)

    return _assemble(nodes, context, edges, node_types, force, years, predicates, drop_isolates)


def _add_documents_and_inspections(store, nodes, context, edge, documents, inspections) -> None:
    """Optional report and inspection nodes with their structural links."""
    if inspections:
        for r in _select(store, _Q_INSPECTIONS):
            nodes.setdefault(r["node"], {"label": r["label"] or humanise(_local(r["node"])),
                                         "type": "Inspection", "year": int(r["year"]),
                                         "force": r["force"] or "", "alt_labels": ()})
            context[r["node"]].add((r["year"], r["force"]))
            if r["forceNode"] in nodes:
                edge(r["node"], str(ns.PEEL.force), r["forceNode"]).years.add(r["year"])
    docs = _select(store, _Q_DOCUMENTS)
    if documents:
        for r in docs:
            nodes.setdefault(r["node"], {"label": r["title"] or r["doc"], "type": "Document",
                                         "year": int(r["year"]), "force": r["force"] or "",
                                         "document": r["doc"], "alt_labels": ()})
            context[r["node"]].add((r["year"], r["force"]))
            if inspections and r["insp"] in nodes:
                edge(r["node"], str(ns.PEEL.reportsOn), r["insp"]).years.add(r["year"])
            elif r["forceNode"] in nodes:
                edge(r["node"], "http://purl.org/dc/terms/subject", r["forceNode"]).years.add(r["year"])
        doc_year = {r["node"]: (r["year"], r["doc"]) for r in docs}
        for r in _select(store, _Q_MENTIONED_IN):
            if r["e"] in nodes and r["d"] in nodes:
                e = edge(r["e"], str(ns.PEEL.mentionedIn), r["d"])
                e.years.add(doc_year[r["d"]][0])
                e.documents.add(doc_year[r["d"]][1])
    for iri, node in list(nodes.items()):
        if node["type"] != "Finding":
            continue
        if documents and node["_doc"] in nodes:
            e = edge(iri, "http://purl.org/dc/terms/source", node["_doc"], "source")
            e.years.add(node["year"])
            e.documents.add(node["document"])
        if inspections and node["_insp"] in nodes:
            edge(iri, str(ns.PEEL.inspection), node["_insp"]).years.add(node["year"])


def _keeps(ctx: set, force: str | None, years: set | None) -> bool:
    """Whether a node stated in these (year, force) contexts passes the filters (None: timeless)."""
    if force is None and years is None:
        return True
    return any(
        (force is None or f == force) and (years is None or y is None or y in years)
        for y, f in ctx
    )


def _assemble(nodes, context, edges, node_types, force, years, predicates, drop_isolates):
    """Apply the filters and add nodes and edges in sorted order."""
    years_set = None if years is None else ({int(years)} if isinstance(years, int) else
                                            {int(y) for y in years})
    types = set(node_types) if node_types is not None else None
    wanted_preds = None if predicates is None else set(predicates)

    force_iri = next((i for i, n in nodes.items() if force is not None
                      and n["type"] == "Force" and n["label"] == force), None)

    def type_ok(iri: str) -> bool:
        return types is None or nodes[iri]["type"] in types

    def edge_ok(s: str, o: str, e: _Edge) -> bool:
        if wanted_preds is not None and not wanted_preds & {e.predicate, e.predicate.split(":")[-1], e.label}:
            return False
        if force is not None and e.forces and force not in e.forces and force_iri not in (s, o):
            return False
        if years_set is not None and e.years and not e.years & years_set:
            return False
        return True

    keep = {i for i in nodes if type_ok(i) and _keeps(context.get(i, set()), force, years_set)}
    if force_iri in keep:  # what any report (e.g. a national one) states about the force itself
        keep |= {o if s == force_iri else s for (s, o, _), e in edges.items()
                 if force_iri in (s, o) and type_ok(s) and type_ok(o) and edge_ok(s, o, e)}

    g = nx.MultiDiGraph()
    for iri in sorted(keep):
        n = nodes[iri]
        ctx = context.get(iri, set())
        attrs = {k: v for k, v in n.items() if not k.startswith("_")}
        attrs.setdefault("years", tuple(sorted({y for y, _ in ctx if y is not None})))
        attrs.setdefault("forces", tuple(sorted({f for _, f in ctx if f})))
        attrs["iri"] = iri
        g.add_node(iri, **attrs)
    for (s, o, p) in sorted(edges):
        e = edges[(s, o, p)]
        if s in g and o in g and edge_ok(s, o, e):
            g.add_edge(s, o, key=p, **e.attrs())
    if drop_isolates:
        g.remove_nodes_from(sorted(nx.isolates(g)))
    return g


# --- researcher helpers -----------------------------------------------------------------------


def _norm(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "", str(text).casefold())
    return text[:-1] if text.endswith("s") and len(text) > 3 else text


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node for an IRI, a label or an alternative label (case, plural and punctuation ignored)."""
    if name in g:
        return name
    want = _norm(name)
    exact = sorted(
        n for n, d in g.nodes(data=True)
        if want in {_norm(d.get("label", ""))} | {_norm(a) for a in d.get("alt_labels", ())}
    )
    if not exact:
        exact = sorted(n for n, d in g.nodes(data=True)
                       if d.get("type") != "Finding" and want and want in _norm(d.get("label", "")))
    if not exact:
        raise KeyError(f"no node labelled {name!r}")
    entities = [n for n in exact if g.nodes[n].get("type") != "Finding"]
    return (entities or exact)[0]


def ego_network(g: nx.MultiDiGraph, name: str, radius: int = 1) -> nx.MultiDiGraph:
    """The entity and everything within ``radius`` hops of it, in either direction."""
    return nx.ego_graph(g, find_node(g, name), radius=radius, undirected=True)


@dataclass(frozen=True)
class Hop:
    """One edge on a path between two entities, with the evidence that states it."""

    step: int
    source: str
    predicate: str
    target: str
    forward: bool  # False when the edge points from target to source
    years: tuple[int, ...]
    documents: tuple[str, ...]
    evidence: tuple[str, ...]


def connection(g: nx.MultiDiGraph, a: str, b: str) -> list[Hop]:
    """A shortest path between two entities (ignoring direction), every edge of each hop evidenced.

    ``connection(G, "Trident", "SCPOs")`` answers "how is Trident connected to SCPOs?".
    Raises ``nx.NetworkXNoPath`` when they are not connected.
    """
    source, target = find_node(g, a), find_node(g, b)
    path = nx.shortest_path(simple_undirected(g), source, target)
    hops = []
    for step, (u, v) in enumerate(zip(path, path[1:]), start=1):
        for x, y, forward in ((u, v, True), (v, u, False)):
            for key, data in sorted((g.get_edge_data(x, y) or {}).items()):
                hops.append(Hop(step, g.nodes[u]["label"], data["label"], g.nodes[v]["label"],
                                forward, data["years"], data["documents"], data["evidence"]))
    return hops


def hops_frame(hops: list[Hop]):
    """A path as a pandas DataFrame, one row per edge, the first evidence sentence alongside."""
    import pandas as pd

    return pd.DataFrame([
        {"step": h.step, "from": h.source,
         "relation": h.predicate if h.forward else f"(inverse) {h.predicate}",
         "to": h.target, "years": ", ".join(map(str, h.years)),
         "evidence": h.evidence[0] if h.evidence else "", "n_evidence": len(h.evidence)}
        for h in hops
    ], columns=["step", "from", "relation", "to", "years", "evidence", "n_evidence"])


def simple_undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """Collapse parallel and opposite edges into one undirected edge weighted by their count."""
    u = nx.Graph()
    u.add_nodes_from(g.nodes(data=True))
    for s, o in g.edges():
        if s == o:
            continue
        if u.has_edge(s, o):
            u[s][o]["weight"] += 1
        else:
            u.add_edge(s, o, weight=1)
    return u


_CENTRALITY = {
    "degree": lambda u: nx.degree_centrality(u),
    "betweenness": lambda u: nx.betweenness_centrality(u, normalized=True),
    "closeness": lambda u: nx.closeness_centrality(u),
    "pagerank": lambda u: nx.pagerank(u, weight="weight") if len(u) else {},
    "eigenvector": lambda u: nx.eigenvector_centrality(u, weight="weight", max_iter=2000, tol=1e-9)
    if u.number_of_edges() else {n: 0.0 for n in u},
}


def centrality(g: nx.MultiDiGraph, measure: str = "degree", top: int | None = None):
    """Nodes ranked by a centrality measure (degree, betweenness, closeness, pagerank, eigenvector)."""
    import pandas as pd

    if measure not in _CENTRALITY:
        raise ValueError(f"unknown measure {measure!r} (known: {', '.join(_CENTRALITY)})")
    scores = _CENTRALITY[measure](simple_undirected(g))
    rows = sorted(
        ({"node": n, "label": g.nodes[n]["label"], "type": g.nodes[n]["type"],
          measure: round(float(s), 6)} for n, s in scores.items()),
        key=lambda r: (-r[measure], r["label"], r["node"]),
    )
    return pd.DataFrame(rows[:top] if top else rows, columns=["node", "label", "type", measure])


def communities(g: nx.MultiDiGraph, method: str = "greedy", seed: int = 0) -> list[list[str]]:
    """Communities of the undirected network (``greedy`` modularity or ``louvain``), largest first.

    Each node also gets a ``community`` attribute (its index in the returned list).
    """
    u = simple_undirected(g)
    if u.number_of_edges() == 0:
        found = [{n} for n in u]
    elif method == "greedy":
        found = nx.community.greedy_modularity_communities(u, weight="weight")
    elif method == "louvain":
        found = nx.community.louvain_communities(u, weight="weight", seed=seed)
    else:
        raise ValueError(f"unknown method {method!r} (greedy or louvain)")
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    for i, members in enumerate(ordered):
        for n in members:
            g.nodes[n]["community"] = i
    return ordered


# --- exports ------------------------------------------------------------------------------------


def scalar_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are all scalars (lists joined), as GraphML and GEXF require."""

    def scalar(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set, frozenset)):
                v = LIST_SEPARATOR.join(str(x) for x in (sorted(v) if isinstance(v, (set, frozenset)) else v))
            out[k] = v
        return out

    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **scalar(d))
    for s, o, k, d in g.edges(keys=True, data=True):
        h.add_edge(s, o, key=k, **scalar(d))
    return h



def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """GraphML for Gephi/Cytoscape/yEd: byte-identical for the same graph."""
    h = scalar_graph(g)
    return write_atomic(path, lambda fh: nx.write_graphml(h, fh, encoding="utf-8", prettyprint=True))


def write_gexf(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """GEXF 1.2 for Gephi (node ``label`` attributes become Gephi's labels).

    networkx stamps today's date into ``<meta lastmodifieddate>``; it is dropped so the same
    graph always gives the same bytes.
    """
    h = scalar_graph(g)

    def write(fh) -> None:
        writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
        writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
        writer.add_graph(h)
        writer.write(fh)

    return write_atomic(path, write)


WRITERS = {"graphml": write_graphml, "gexf": write_gexf}


def exporter(fmt: str):
    """An entry for ``kg.export.EXPORTERS``: ``(graph_dir, out) -> ExportResult`` (edges counted)."""

    def run(graph_dir, out):
        from .export import ExportResult

        g = project(graph_dir)
        WRITERS[fmt](g, out)
        return ExportResult(Path(out), fmt, g.number_of_edges())

    return run


def export(graph, path: str | Path, fmt: str, **filters) -> Path:
    """Project ``graph`` (with optional :func:`project` filters) and write it as graphml or gexf."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown network format {fmt!r} (known: {', '.join(WRITERS)})")
    return WRITERS[fmt](project(graph, **filters), path)


# --- interactive, offline HTML ----------------------------------------------------------------------


def write_html(g: nx.MultiDiGraph, path: str | Path, height: str = "800px") -> Path:
    """An interactive pyvis page that works offline: vis.js inlined, no CDN link left in it."""
    from pyvis.network import Network

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=_short(d["label"], 40), title=f"{d['type']}: {d['label']}",
                     color=TYPE_COLOURS.get(d["type"], "#777777"), group=d["type"])
    for s, o, k, d in g.edges(keys=True, data=True):
        sentences = d.get("evidence") or ()
        net.add_edge(s, o, label=d["label"],
                     title=d["label"] + (f"\n{sentences[0]}" if sentences else ""))
    net.toggle_physics(True)
    html = net.generate_html()
    html = _EXTERNAL_TAG.sub("", html)
    problems = external_resources(html)
    if problems:
        raise RuntimeError(f"page would load external resources: {problems}")
    path = Path(path)
    path.write_text(html, encoding="utf-8")
    return path


_EXTERNAL_TAG = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*/?>|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.S,
)


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and re.match(r"(https?:)?//", value) and \
                    tag in ("script", "link", "img", "iframe", "style"):
                self.external.append(value)


def external_resources(html: str) -> list[str]:
    """Scripts, styles and images an HTML page would fetch from another host."""
    finder = _ResourceFinder()
    finder.feed(html)
    external = list(finder.external)
    external += re.findall(r"@import\s+(?:url\()?['\"]?(https?://[^'\")\s]+)", html)
    return external
