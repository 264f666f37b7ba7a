"""Determinism: the same corpus gives byte-identical exports whatever the file order or --jobs."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from kg import build as kb
from kg.export import export
from kg.store import current_generation, graph_nquads

EXPORTS = ("corpus.nq", "ontology.nq")


@pytest.fixture(scope="module")
def shuffled_build(corpus_dir, tmp_path_factory) -> dict:
    """The corpus copied file by file in a shuffled order, built fresh with two processes."""
    folder = tmp_path_factory.mktemp("shuffled")
    files = kb.discover(corpus_dir)
    random.Random(7).shuffle(files)
    for p in files:  # creation order differs from the original, so does directory order
        shutil.copyfile(p, folder / p.name)
    out = tmp_path_factory.mktemp("shuffled_out")
    summary = kb.build(folder, out, jobs=2)
    return {"folder": folder, "out": out, "summary": summary}


def test_parallel_build_of_a_shuffled_copy_is_byte_identical(built_graph, shuffled_build, tmp_path):
    assert shuffled_build["summary"].extracted == len(shuffled_build["summary"].read) > 0
    a, b = current_generation(built_graph), current_generation(shuffled_build["out"])
    assert a.name == b.name, "the generation name is a digest of its parts"
    for name in EXPORTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert graph_nquads(a).read_bytes() == graph_nquads(b).read_bytes()
    for fmt in ("ttl", "trig", "jsonld"):
        got = [export(out, fmt, tmp_path / f"{i}.{fmt}").path.read_bytes() for i, out in
               enumerate((built_graph, shuffled_build["out"]))]
        assert got[0] == got[1] and len(got[0]) > 1000, fmt
    shards_a = {p.name: p.read_bytes() for p in (a / "shards").iterdir()}
    shards_b = {p.name: p.read_bytes() for p in (b / "shards").iterdir()}
    assert shards_a == shards_b


def test_graphml_export_is_byte_identical(built_graph, shuffled_build, tmp_path):
    network = pytest.importorskip("kg.network")
    one = network.export(built_graph, tmp_path / "a.graphml", "graphml")
    two = network.export(shuffled_build["out"], tmp_path / "b.graphml", "graphml")
    assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 0


def test_renaming_files_changes_only_their_file_names(built_graph, shuffled_build):
    folder, out = shuffled_build["folder"], shuffled_build["out"]
    for p in sorted(folder.iterdir()):
        p.rename(p.with_name("x-" + p.name))
    renamed = kb.build(folder, out)
    assert renamed.extracted == 0, "same texts: nothing is re-extracted"

    def lines(gen: Path) -> set[bytes]:
        return {l for l in graph_nquads(gen).read_bytes().splitlines() if b"ontology#fileName>" not in l}

    assert lines(current_generation(built_graph)) == lines(renamed.generation)
    assert b'"x-' in graph_nquads(renamed.generation).read_bytes()
