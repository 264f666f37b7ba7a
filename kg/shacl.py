"""SHACL validation of a built graph (pySHACL) with a report that names the offending nodes.

The shapes (``ontology/shapes.ttl``) run on the data plus the ontology, so ``sh:class``
follows ``rdfs:subClassOf``; no OWL/RDFS inference is run first, which keeps validation of
a corpus graph fast and its result independent of a reasoner. Cross-node checks use
SHACL-AF SPARQL targets (``advanced=True``), evaluated once per graph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from .namespaces import PEEL, PREFIXES
from .paths import ONTOLOGY_FILE, SHAPES_FILE


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong, which shape said so."""

    focus: str
    path: str
    message: str
    shape: str
    value: str = ""
    severity: str = "Violation"

    def text(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{where}: {self.message}{value} [{self.shape}]"


@dataclass
class ShaclReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0

    def text(self, limit: int | None = 50) -> str:
        if self.conforms:
            return f"SHACL: conforms ({self.triples} triples, {self.seconds:.1f}s)"
        shown = self.violations if limit is None else self.violations[:limit]
        lines = [f"SHACL: {len(self.violations)} violation(s)"] + [f"  {v.text()}" for v in shown]
        if len(shown) < len(self.violations):
            lines.append(f"  ... and {len(self.violations) - len(shown)} more")
        return "\n".join(lines)


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    return Graph().parse(path, format="turtle")


def validate_data(
    data: Graph, shapes: Graph | None = None, ontology: Path = ONTOLOGY_FILE
) -> ShaclReport:
    """Validate an rdflib graph; the ontology is added if the graph does not already hold it."""
    from pyshacl import validate

    shapes = shapes if shapes is not None else load_shapes()
    if (PEEL.Judgment, RDF.type, OWL.Class) not in data:  # the shapes need the class tree
        data = data + Graph().parse(ontology, format="turtle")
    started = time.perf_counter()
    conforms, results, _ = validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True,
        inplace=True,
    )
    report = ShaclReport(
        conforms=bool(conforms), triples=len(data), seconds=time.perf_counter() - started
    )
    report.violations = _violations(results, shapes)
    return report


def validate_graph_dir(graph_dir: Path) -> ShaclReport:
    """Validate the current generation of a built graph folder."""
    from .store import current_generation, graph_nquads

    data = Graph().parse(graph_nquads(current_generation(Path(graph_dir))), format="nt")
    data.parse(ONTOLOGY_FILE, format="turtle")  # the current ontology, even if the build is older
    return validate_data(data)


def _violations(results: Graph, shapes: Graph) -> list[Violation]:
    short = _short
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        out.append(
            Violation(
                focus=short(focus),
                path=short(path) if path is not None else "",
                message=str(results.value(result, SH.resultMessage) or "constraint violated"),
                shape=_shape_name(shape, shapes, short),
                value=short(results.value(result, SH.value)) if results.value(result, SH.value) is not None else "",
                severity=short(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
            )
        )
    return sorted(set(out))


def _shape_name(shape, shapes: Graph, short) -> str:
    """The label of the node shape a result came from (property shapes are blank nodes)."""
    if shape is None:
        return "?"
    if isinstance(shape, URIRef):
        return str(shapes.value(shape, RDFS.label) or short(shape))
    owner = shapes.value(predicate=SH.property, object=shape) or shapes.value(
        predicate=SH.sparql, object=shape
    )
    return _shape_name(owner, shapes, short) if owner is not None else "shape"


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(str(item[1])))


def _short(node) -> str:
    """A compact, readable form of a node: ``id:judgment/...`` rather than a full IRI."""
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    if isinstance(node, URIRef):
        for prefix, namespace in _BY_LENGTH:
            if str(node).startswith(str(namespace)):
                return f"{prefix}:{str(node)[len(str(namespace)):]}"
        return f"<{node}>"
    if node is not None and str(node).startswith(str(SH)):
        return "sh:" + str(node)[len(str(SH)):]
    return str(node)


def check_shacl(ctx, report) -> None:
    """A ``kg.validate`` check: the SHACL shapes on the current generation, one error per violation."""
    result = validate_graph_dir(ctx.generation)
    report.checks.append(
        f"SHACL shapes ({SHAPES_FILE.name}) on {result.triples} triples ({result.seconds:.1f}s)"
    )
    report.errors.extend(f"SHACL {v.text()}" for v in result.violations)
