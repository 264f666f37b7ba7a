"""Shared fixtures: the corpus, and the corpus graph built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.paths import DEFAULT_CORPUS

CORPUS = DEFAULT_CORPUS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.exists():
        pytest.fail(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_texts(corpus_dir) -> dict[str, str]:
    """File name -> text of every corpus report."""
    from extraction.reader import read_report

    return {p.name: read_report(p).text for p in sorted(corpus_dir.glob("*.txt")) if p.stem != "README"}


@pytest.fixture(scope="session")
def built_graph(corpus_dir, tmp_path_factory) -> Path:
    """The corpus graph, built once; tests must treat it as read-only."""
    from kg.build import build

    out = tmp_path_factory.mktemp("graph")
    build(corpus_dir, out)
    return out


@pytest.fixture(scope="session")
def peel_graph(built_graph):
    import kg

    return kg.open_graph(built_graph)
