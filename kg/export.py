"""Export a built graph together with the ontology, in standard RDF formats.

``EXPORTERS`` maps a format name to a function ``(graph_dir, out_file) -> ExportResult`` so
``peelkg export --format`` dispatches through one dict; another format (e.g. a networkx
projection) is added by registering one function. Dataset formats (TriG, N-Quads, JSON-LD)
put the data in the default graph and the ontology in the named graph
``namespaces.ONTOLOGY_GRAPH``; Turtle, a single-graph format, holds both. Turtle, TriG and
N-Quads are written by pyoxigraph (streamed from the build's sorted ``peel.nq``), JSON-LD
by rdflib. Every file is written atomically.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .files import write_atomic
from .namespaces import ONTOLOGY_GRAPH, PREFIXES
from .paths import ONTOLOGY_FILE
from .store import current_generation, graph_nquads


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    statements: int  # triples (Turtle) or quads (dataset formats) written


class UnknownFormat(ValueError):
    """The requested export format is not one of ``EXPORTERS``."""


def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


def ontology_triples(ontology: Path = ONTOLOGY_FILE) -> list[ox.Triple]:
    """The ontology's triples, sorted for a deterministic output."""
    return sorted(
        (q.triple for q in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)), key=str
    )


def dataset_quads(graph_dir: Path, ontology: Path = ONTOLOGY_FILE) -> Iterator[ox.Quad]:
    """The built graph as quads: data in the default graph, then the ontology in its named graph.

    The build stores data and ontology together in its default graph (``peel.nq``); triples that
    are the ontology's are moved to the ontology graph.
    """
    onto = ontology_triples(ontology)
    onto_set = set(onto)
    nq = graph_nquads(current_generation(Path(graph_dir)))
    for quad in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        if quad.triple not in onto_set:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())
    ontology_graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for t in onto:
        yield ox.Quad(t.subject, t.predicate, t.object, ontology_graph)


def _write_ox(graph_dir: Path, out: Path, fmt: ox.RdfFormat, name: str, as_triples: bool) -> ExportResult:
    quads = list(dataset_quads(graph_dir))
    items = [q.triple for q in quads] if as_triples else quads
    prefixes = None if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) else _prefixes()
    data = ox.serialize(items, None, fmt, prefixes=prefixes) if prefixes else ox.serialize(items, None, fmt)
    write_atomic(Path(out), data)
    return ExportResult(Path(out), name, len(items))


def export_turtle(graph_dir: Path, out: Path) -> ExportResult:
    """Turtle: data and ontology in one graph (what most RDF tools load directly)."""
    return _write_ox(graph_dir, out, ox.RdfFormat.TURTLE, "ttl", as_triples=True)


def export_trig(graph_dir: Path, out: Path) -> ExportResult:
    return _write_ox(graph_dir, out, ox.RdfFormat.TRIG, "trig", as_triples=False)


def export_nquads(graph_dir: Path, out: Path) -> ExportResult:
    return _write_ox(graph_dir, out, ox.RdfFormat.N_QUADS, "nq", as_triples=False)


def export_jsonld(graph_dir: Path, out: Path) -> ExportResult:
    """JSON-LD (rdflib), compacted with the project's prefixes; the ontology is a named graph."""
    from rdflib import Dataset, Graph

    nq = ox.serialize(dataset_quads(graph_dir), None, ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=nq, format="nquads")
    with warnings.catch_warnings():  # rdflib's JSON-LD writer uses its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        data = dataset.serialize(format="json-ld", context=_prefixes(), indent=1, encoding="utf-8")
    write_atomic(Path(out), data)
    statements = sum(len(g) for g in dataset.graphs() if isinstance(g, Graph))
    return ExportResult(Path(out), "jsonld", statements)


Exporter = Callable[[Path, Path], ExportResult]

EXPORTERS: dict[str, Exporter] = {
    "ttl": export_turtle,
    "trig": export_trig,
    "nq": export_nquads,
    "jsonld": export_jsonld,
}

# The networkx projection (kg.network) for Gephi/Cytoscape: statements = edges written.
from .network import exporter as _network_exporter  # noqa: E402

EXPORTERS.update({"graphml": _network_exporter("graphml"), "gexf": _network_exporter("gexf")})


def export(graph_dir: Path, fmt: str, out: Path) -> ExportResult:
    """Write the built graph at ``graph_dir`` (and the ontology) to ``out`` in format ``fmt``."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}") from None
    return exporter(Path(graph_dir), Path(out))
