"""Canonical force names: one spelling per force, gazetteer plus discovery by shape."""

from __future__ import annotations

import pytest

from extraction.forces import canonical_force, find_forces, force_key, load_forces, lookup


def test_gazetteer_has_the_43_territorial_forces():
    forces = load_forces()
    assert len(forces) == 43 == len({f.name for f in forces})
    assert {f.country for f in forces} == {"England", "Wales"}
    assert sum(f.country == "Wales" for f in forces) == 4


@pytest.mark.parametrize(
    "written,canonical",
    [
        ("Metropolitan", "Metropolitan Police Service"),
        ("the Metropolitan Police Service", "Metropolitan Police Service"),
        ("MPS", "Metropolitan Police Service"),
        ("Avon & Somerset", "Avon and Somerset Constabulary"),
        ("Avon and Somerset Constabulary", "Avon and Somerset Constabulary"),
        ("Devon &\n\nCornwall", "Devon and Cornwall Police"),
        ("Dyfed-Powys ", "Dyfed-Powys Police"),
        ("Greater \nManchester", "Greater Manchester Police"),
    ],
)
def test_variants_resolve_to_one_name(written, canonical):
    assert lookup(written) == canonical == canonical_force(written)


def test_unknown_names_are_kept_as_written():
    assert lookup("Ruritania Constabulary") is None
    assert canonical_force("the  Ruritania\nConstabulary") == "Ruritania Constabulary"
    assert force_key("Ruritania Constabulary") == force_key("Ruritania") == "ruritania"


def test_find_forces_known_and_unseen():
    text = (
        "The Metropolitan Police Service works with British Transport Police and City of London "
        "Police. The Police and Crime Commissioner uses the Police National Computer. Ruritania "
        "Constabulary and Avon & Somerset Constabulary were inspected."
    )
    found = [(m.name, m.known, text[m.start : m.end] == m.surface) for m in find_forces(text)]
    names = sorted((n, k) for n, k, _ in found)
    assert names == [
        ("Avon and Somerset Constabulary", True),
        ("British Transport Police", False),
        ("City of London Police", True),
        ("Metropolitan Police Service", True),
        ("Ruritania Constabulary", False),
    ]
    assert all(ok for *_, ok in found)


@pytest.mark.parametrize(
    "written,canonical",
    [
        ("Met Police", "Metropolitan Police Service"),
        ("The Met", "Metropolitan Police Service"),
        ("Avon & Somerset", "Avon and Somerset Constabulary"),
        ("Devon and Cornwall", "Devon and Cornwall Police"),
        ("Dyfed-Powys", "Dyfed-Powys Police"),
        ("Northants Police", "Northamptonshire Police"),
        ("Cheshire", "Cheshire Constabulary"),
        ("Thames Valley", "Thames Valley Police"),
    ],
)
def test_informal_names_are_found_in_text(written, canonical):
    found = list(find_forces(f"Inspectors rated {written} good at preventing crime."))
    assert [(m.name, m.surface) for m in found] == [(canonical, written)]


def test_every_force_has_an_informal_short_name():
    for force in load_forces():
        assert any(force_key(a) == force_key(force.name) for a in force.aliases), force.name


def test_round_up_list_of_short_names():
    text = "Graded good: Cheshire, Durham, Lancashire, Norfolk and West Midlands."
    assert [m.name for m in find_forces(text)] == [
        "Cheshire Constabulary", "Durham Constabulary", "Lancashire Constabulary", "Norfolk Constabulary",
        "West Midlands Police",
    ]


def test_the_inspectorate_and_near_misses_are_not_forces():
    text = ("Her Majesty's Inspectorate of Constabulary met the Metropolitan Borough. The Methodist "
            "church and Kentish Town were visited; the Met Office forecast rain.")
    assert [m.surface for m in find_forces(text)] == []
