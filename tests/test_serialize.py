"""kg.serialize: the shard serialisation is pyoxigraph's N-Triples, sorted, whatever the text."""

from __future__ import annotations

import pyoxigraph as ox

from kg import serialize
from kg.builder import build_graph
from kg.serialize import TripleSet
from tests.sample_records import sample_corpus

TRICKY = ['a "quoted" word', "line\nbreak\r\n", "back\\slash", "tab\there", "café – ‘curly’ 😀", "bell\x07", ""]


def _reference(triples: TripleSet) -> bytes:
    """What pyoxigraph's own N-Triples serializer writes, lines sorted."""
    lines = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).splitlines()
    return b"".join(line + b"\n" for line in sorted(lines))


def test_to_nquads_equals_pyoxigraph_serialize_sorted():
    g = build_graph(sample_corpus())
    subject, predicate = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    for i, text in enumerate(TRICKY):
        g.add((subject, predicate, ox.Literal(text)))
        g.add((subject, predicate, ox.Literal(text, language="en")))
        g.add((ox.NamedNode(f"https://example.org/ü{i}"), predicate, ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    data = serialize.to_nquads(g)
    assert data == _reference(g)
    assert data.count(b"\n") == len(g) > 300
    parsed = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    assert parsed == set(g)


def test_triple_set_is_a_set_and_converts_to_rdflib():
    g = TripleSet()
    a, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
    g.add((a, p, ox.Literal("x")))
    g.add((a, p, ox.Literal("x")))
    assert len(g) == 1 and (a, p, ox.Literal("x")) in g
    assert len(g.to_rdflib()) == 1
    assert serialize.to_nquads(TripleSet()) == b""


def test_the_builders_literals_are_written_as_pyoxigraph_writes_them():
    from kg import builder

    xsd = "http://www.w3.org/2001/XMLSchema#"

    def literal(value: str, datatype: str) -> str:
        return str(ox.Literal(value, datatype=ox.NamedNode(xsd + datatype)))

    assert all(builder._integer(v) == literal(str(v), "integer") for v in (0, -3, 2017, 10**15))
    assert builder._decimal(1e-05) == literal("0.00001", "decimal")
    assert builder._decimal(1200.0) == literal("1200.0", "decimal")
    assert builder._boolean(True) == literal("true", "boolean") and builder._boolean(False) == literal("false", "boolean")
    assert all(builder._text(t) == str(ox.Literal(t)) for t in TRICKY)
