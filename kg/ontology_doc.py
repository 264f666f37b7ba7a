"""Generate the class diagram of ``ontology/README.md`` from the ontology (a Mermaid block).

The diagram is never drawn by hand: ``python -m kg.ontology_doc`` rewrites the block between
the markers in the README, and a test fails when the README is out of date with peel.ttl.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .namespaces import PREFIXES
from .paths import ONTOLOGY_DIR, ONTOLOGY_FILE

README = ONTOLOGY_DIR / "README.md"
BEGIN = "<!-- BEGIN GENERATED DIAGRAM: python -m kg.ontology_doc -->"
END = "<!-- END GENERATED DIAGRAM -->"
THING = "Thing"  # stands for "no declared domain/range" in the diagram


def _name(node: URIRef | None) -> str:
    """A Mermaid-safe class name: peel terms by local name, others as prefix_local."""
    if node is None:
        return THING
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(namespace)):
            local = text[len(str(namespace)):]
            return local if prefix == "peel" else f"{prefix}_{local}"
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _is_shown_property(g: Graph, prop: URIRef, peel_ns: str) -> bool:
    """Project properties, plus reused ones whose domain or range the ontology states."""
    if str(prop).startswith(peel_ns):
        return True
    return (prop, RDFS.domain, None) in g or (prop, RDFS.range, None) in g


def mermaid(ontology: Path = ONTOLOGY_FILE) -> str:
    """A Mermaid classDiagram: classes, subclass arrows, object properties as associations,
    datatype properties as attributes (``Thing`` = no declared domain or range)."""
    g = Graph().parse(ontology, format="turtle")
    peel_ns = str(PREFIXES["peel"])
    lines = ["classDiagram", "  direction LR"]
    classes = sorted(set(g.subjects(RDF.type, OWL.Class)), key=_name)
    lines += [f"  class {_name(cls)}" for cls in classes]
    for cls in classes:
        for parent in sorted(g.objects(cls, RDFS.subClassOf), key=_name):
            lines.append(f"  {_name(parent)} <|-- {_name(cls)}")
    for prop in sorted(set(g.subjects(RDF.type, OWL.ObjectProperty)), key=_name):
        if not _is_shown_property(g, prop, peel_ns):
            continue
        domains = sorted(g.objects(prop, RDFS.domain), key=_name) or [None]
        ranges = sorted(g.objects(prop, RDFS.range), key=_name) or [None]
        for d in domains:
            for r in ranges:
                lines.append(f"  {_name(d)} --> {_name(r)} : {_name(prop)}")
    for prop in sorted(set(g.subjects(RDF.type, OWL.DatatypeProperty)), key=_name):
        rng = g.value(prop, RDFS.range)
        dtype = str(rng)[len(str(XSD)):] if rng is not None and str(rng).startswith(str(XSD)) else "literal"
        for d in sorted(g.objects(prop, RDFS.domain), key=_name) or [None]:
            lines.append(f"  {_name(d)} : +{_name(prop)} {dtype}")
    return "\n".join(lines) + "\n"


def readme_block(ontology: Path = ONTOLOGY_FILE) -> str:
    return f"{BEGIN}\n```mermaid\n{mermaid(ontology)}```\n{END}"


def current_block(readme: Path = README) -> str | None:
    """The generated block as it stands in the README (None if the markers are missing)."""
    text = readme.read_text("utf-8")
    if BEGIN not in text or END not in text:
        return None
    start = text.index(BEGIN)
    return text[start : text.index(END, start) + len(END)]


def update_readme(readme: Path = README, ontology: Path = ONTOLOGY_FILE) -> bool:
    """Rewrite the generated block of the README; returns True if it changed."""
    from .files import write_atomic

    text = readme.read_text("utf-8")
    old = current_block(readme)
    if old is None:
        raise ValueError(f"{readme}: markers {BEGIN!r} ... {END!r} not found")
    new = readme_block(ontology)
    if old == new:
        return False
    write_atomic(readme, text.replace(old, new))
    return True


def main() -> None:
    changed = update_readme()
    print(f"{README}: {'updated' if changed else 'already up to date'}", file=sys.stderr)


if __name__ == "__main__":
    main()
