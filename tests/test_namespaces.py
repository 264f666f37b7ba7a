"""kg.namespaces: minted IRIs are stable and valid N-Triples terms whatever the key text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import namespaces as ns

AWKWARD = ["Café – ‘Curly’ Unit 😀", 'a "quoted" <name> {x}', "back\\slash|pipe^caret`", "tab\tand\nline", "", "%20 #frag ?q"]


def _minted(text: str) -> list[str]:
    return [
        ns.document("0123abcd"), ns.force(text), ns.inspection(text, 2017), ns.question(2017, "V", text),
        ns.judgment(text, 2017, "efficiency", "V", "0123abcd", 120), ns.pillar("integrated"), ns.grade(text), ns.summary_cell("d", "V", text),
        ns.finding("d", text), ns.entity(f"Unit:{text}"), ns.mention("d", 1, 5, text),
        ns.relation("d", text, "usesPower", text, 3), ns.statistic("d", 1, 5, text),
        ns.evidence("d", 1, 5, text), ns.rule(text), ns.finding_link(text, text, "b"),
    ]


@pytest.mark.parametrize("text", AWKWARD)
def test_minted_iris_are_valid_iris_for_a_strict_parser(text):
    for term in _minted(text):
        line = f"{term} {term} {term} .\n".encode()
        (quad,) = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)  # strict: IRIs are validated
        assert str(quad.subject) == term and quad.subject.value.startswith(str(ns.ID))


def test_minted_iris_are_stable_and_keyed():
    assert _minted("Jigsaw Team") == _minted("Jigsaw Team")
    assert ns.entity("Unit:Jigsaw") != ns.entity("Initiative:Jigsaw")
    assert ns.node(ns.PEEL.Judgment) == str(ox.NamedNode(str(ns.PEEL.Judgment)))
