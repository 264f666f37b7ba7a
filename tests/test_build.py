"""kg/build.py: generations, per-document shards, the merge, and incremental rebuilds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from extraction import pipeline
from kg import build as kb
from kg import serialize
from kg.builder import build_graph
from kg.paths import ONTOLOGY_FILE
from kg.store import current_generation, graph_nquads, load_shards, open_store


def _manifest(graph_dir: Path) -> dict:
    return json.loads((current_generation(graph_dir) / "manifest.json").read_text())


def test_generation_holds_one_shard_per_document(built_graph):
    gen = current_generation(built_graph)
    manifest = _manifest(built_graph)
    assert manifest["documents"], "the corpus build read no document"
    assert len(manifest["shards"]) == len(manifest["documents"])
    for doc_id, rel in manifest["shards"].items():
        shard = gen / rel
        assert shard.exists() and shard.stat().st_size > 0
        lines = shard.read_bytes().splitlines()
        assert lines == sorted(set(lines)), "a shard must be sorted, de-duplicated N-Quads"
        assert any(doc_id.encode() in line for line in lines)
    for name in ("corpus.nq", "ontology.nq", "store", kb.SHARED_LINES):
        assert (gen / name).exists(), name
    assert not (gen / "peel.nq").exists() or manifest["triples"] == (gen / "peel.nq").read_bytes().count(b"\n")
    assert manifest["triples"] == graph_nquads(gen).read_bytes().count(b"\n") == len(open_store(built_graph))


def test_shards_loaded_into_a_store_give_the_build_store(built_graph):
    """The merged graph is the union of the shards: what a cluster would load into a server."""
    from_shards = load_shards(ox.Store(), current_generation(built_graph))
    built = open_store(built_graph)
    assert len(from_shards) == len(built) > 0
    assert set(from_shards) == set(built)


def test_merged_graph_equals_the_builder_graph_of_the_corpus(built_graph):
    """Sharding changes nothing: shards + corpus + ontology == kg.builder.build_graph(corpus) + ontology."""
    manifest = _manifest(built_graph)
    cache = Path(built_graph) / "cache"
    results = [
        kb._load_cached(cache, doc_id, manifest["code_fingerprint"])
        for doc_id in manifest["shards"]
    ]
    whole = serialize.with_ontology(build_graph(pipeline.link_corpus(results)), ONTOLOGY_FILE)
    assert serialize.to_nquads(whole) == graph_nquads(current_generation(built_graph)).read_bytes()


def test_turtle_and_trig_exports_hold_the_same_triples(built_graph, tmp_path):
    """The build writes N-Quads only; Turtle and TriG are exported on demand from them."""
    from kg.export import export

    gen = current_generation(built_graph)
    assert not (gen / "peel.ttl").exists()  # not written by every build: ~15% of its time at 100x
    nq = {q.triple for q in ox.parse(path=str(graph_nquads(gen)), format=ox.RdfFormat.N_QUADS)}
    export(built_graph, "ttl", tmp_path / "g.ttl")
    export(built_graph, "trig", tmp_path / "g.trig")
    assert {q.triple for q in ox.parse(path=str(tmp_path / "g.ttl"), format=ox.RdfFormat.TURTLE)} == nq
    assert {q.triple for q in ox.parse(path=str(tmp_path / "g.trig"), format=ox.RdfFormat.TRIG)} == nq
    assert b"@prefix peel:" in (tmp_path / "g.ttl").read_bytes()


@pytest.mark.parametrize("with_sort", [True, False], ids=["sort -m", "heapq"])
def test_merge_sorted_is_a_sorted_union_whatever_the_fan_in(tmp_path, monkeypatch, with_sort):
    if not with_sort:
        monkeypatch.setattr(serialize.shutil, "which", lambda name: None)
    elif serialize.shutil.which("sort") is None:
        pytest.skip("no sort command")
    parts = []
    for i, lines in enumerate([[b"<a> <p> <c> .", b"<b> <p> <c> ."], [b"<a> <p> <c> .", b"<c> <p> <d> ."], [b"<0> <p> <z> ."]]):
        p = tmp_path / f"{i}.nq"
        p.write_bytes(b"\n".join(sorted(lines)) + b"\n")
        parts.append(p)
    (tmp_path / "empty.nq").write_bytes(b"")
    parts.append(tmp_path / "empty.nq")
    out1, out2 = tmp_path / "o1", tmp_path / "o2"
    with out1.open("wb") as fh:
        n1, sha1 = serialize.merge_sorted(parts, fh)
    monkeypatch.setattr(serialize, "MAX_OPEN_SHARDS", 2)  # forces intermediate merge files
    monkeypatch.setattr(serialize, "_sort_fan_in", lambda: 2)  # in sort -m too
    with out2.open("wb") as fh:
        n2, sha2 = serialize.merge_sorted(reversed(parts), fh)
    assert n1 == n2 == 4 and sha1 == sha2
    lines = out1.read_bytes().splitlines()
    assert lines == sorted(set(lines)) and out1.read_bytes() == out2.read_bytes()


def test_sort_merges_as_many_files_at_once_as_the_open_file_limit_allows(monkeypatch):
    import resource

    monkeypatch.setattr(resource, "getrlimit", lambda _: (1024, 4096))
    assert serialize._sort_fan_in() == 1024 - 64
    monkeypatch.setattr(resource, "getrlimit", lambda _: (100, 4096))
    assert serialize._sort_fan_in() == serialize.MAX_OPEN_SHARDS


@pytest.fixture()
def small_corpus(corpus_dir, tmp_path) -> Path:
    """The three smallest corpus reports, copied so a test may change them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    reports = sorted(kb.discover(corpus_dir), key=lambda p: p.stat().st_size)[:3]
    for p in reports:
        shutil.copyfile(p, folder / p.name)
    return folder


def test_incremental_rebuilds_extract_only_what_changed(small_corpus, tmp_path):
    out = tmp_path / "out"
    full = kb.build(small_corpus, out)
    assert full.extracted == len(full.read) == 3 and not full.reused

    again = kb.build(small_corpus, out)
    assert again.reused and again.extracted == 0
    assert again.generation == full.generation and again.triples == full.triples
    assert again.timings["total"] < 0.05 * full.timings["total"] + 0.25, again.timings

    changed = sorted(small_corpus.iterdir())[0]
    changed.write_text(changed.read_text("utf-8") + "\n\nThe force has since reviewed its approach.\n", "utf-8")
    one = kb.build(small_corpus, out)
    assert one.extracted == 1 and not one.reused
    assert one.generation != full.generation
    assert full.generation.exists(), "the previous generation stays for readers that still have it open"

    renamed = sorted(small_corpus.iterdir())[1]
    renamed.rename(renamed.with_name("renamed-" + renamed.name))
    moved = kb.build(small_corpus, out)
    assert moved.extracted == 0, "a renamed file is not re-extracted"
    assert "renamed-" + renamed.name in moved.read
    assert b"renamed-" + renamed.name.encode() in graph_nquads(moved.generation).read_bytes()


def _store_triples(store_dir: Path) -> set:
    return set(ox.Store.read_only(str(store_dir)))


def _fresh_load(nquads: Path, tmp: Path) -> set:
    """What a store loaded from scratch with ``nquads`` holds (the store canonicalises literals)."""
    from kg.store import load_store

    load_store(tmp, nquads)
    return _store_triples(tmp)


def test_the_store_is_updated_with_the_diff_and_equals_a_fresh_load(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(kb, "INCREMENTAL_STORE_MAX_CHANGE", 1.0)  # one of three documents is a big share
    out = tmp_path / "out"
    full = kb.build(small_corpus, out)
    assert full.store_update.startswith("full load (first build")
    changed = sorted(small_corpus.iterdir())[0]
    changed.write_text(changed.read_text("utf-8") + "\n\nThe force has since reviewed its approach.\n", "utf-8")
    one = kb.build(small_corpus, out)
    assert one.store_update.startswith("incremental: -"), one.store_update
    assert _store_triples(one.generation / "store") == _fresh_load(graph_nquads(one.generation), tmp_path / "a")
    assert _store_triples(full.generation / "store") == _fresh_load(graph_nquads(full.generation), tmp_path / "b"), \
        "updating a copy must leave the previous generation's store as it was"

    changed.unlink()  # a document removed: its triples leave the store
    gone = kb.build(small_corpus, out)
    removed, added = map(int, re.fullmatch(r"incremental: -(\d+) \+(\d+) triples", gone.store_update).groups())
    assert removed > 1000 and added < 10, gone.store_update  # corpus-level labels may change a little
    assert _store_triples(gone.generation / "store") == _fresh_load(graph_nquads(gone.generation), tmp_path / "c")


def test_a_large_change_reloads_the_store_from_scratch(small_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    kb.build(small_corpus, out)
    monkeypatch.setattr(kb, "INCREMENTAL_STORE_MAX_CHANGE", 0.0)
    changed = sorted(small_corpus.iterdir())[0]
    changed.write_text(changed.read_text("utf-8") + "\n\nA change.\n", "utf-8")
    again = kb.build(small_corpus, out)
    assert again.store_update.startswith("full load (more than"), again.store_update
    assert _store_triples(again.generation / "store") == _fresh_load(graph_nquads(again.generation), tmp_path / "a")


def test_an_unreadable_previous_graph_falls_back_to_a_full_load(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(kb, "INCREMENTAL_STORE_MAX_CHANGE", 1.0)
    out = tmp_path / "out"
    first = kb.build(small_corpus, out)
    shard = next((first.generation / "shards").iterdir())
    shard.unlink()  # e.g. a damaged disk (the file is a hard link: the cache keeps its copy)
    shard.write_bytes(b"<not a triple\n")
    changed = sorted(small_corpus.iterdir())[0]
    changed.write_text(changed.read_text("utf-8") + "\n\nA change.\n", "utf-8")
    again = kb.build(small_corpus, out)
    assert again.store_update.startswith("full load ("), again.store_update
    assert _store_triples(again.generation / "store") == _fresh_load(graph_nquads(again.generation), tmp_path / "a")


def test_diff_sorted_finds_removed_and_added_lines(tmp_path):
    old, new = tmp_path / "old.nt", tmp_path / "new.nt"
    old.write_bytes(b"a\nb\nd\n")
    new.write_bytes(b"b\nc\nd\ne\n")
    assert serialize.diff_sorted(old, new, limit=10) == ([b"a\n"], [b"c\n", b"e\n"])
    with pytest.raises(serialize.DiffTooLarge):
        serialize.diff_sorted(old, new, limit=2)


def test_stale_and_corrupt_cache_entries_are_handled(small_corpus, tmp_path):
    out = tmp_path / "out"
    first = kb.build(small_corpus, out)
    cache = out / "cache"
    victim = sorted(cache.glob("*.digest"))[0]  # the part of an entry every build reads
    stale = cache / "0123456789abcdef-oldversion00.pickle"
    stale.write_text("{}")
    victim.write_bytes(victim.read_bytes()[:100])  # truncated, as by a crash mid-write
    second = kb.build(small_corpus, out, force=True)
    assert second.extracted == 1, "only the corrupt entry is recomputed"
    assert second.generation == first.generation, "same inputs give the same generation"
    assert not stale.exists(), "entries of other code versions are pruned"


def test_resolved_shards_are_cached_and_pruned(corpus_dir, tmp_path, monkeypatch):
    """A document whose keys entity resolution rewrote is serialised once, not at every build."""
    out = tmp_path / "out"
    first = kb.build(corpus_dir, out)
    assert first.rekeyed >= 1, "the corpus has a document whose entity keys resolution rewrites"
    resolved = sorted((out / "cache").glob(f"*{kb.RESOLVED_MARK}*.nq"))
    assert len(resolved) == first.rekeyed
    calls = []
    real = kb.document_graph
    monkeypatch.setattr(kb, "document_graph", lambda result: calls.append(result) or real(result))
    again = kb.build(corpus_dir, out, force=True)
    assert calls == [] and again.generation == first.generation
    stale = resolved[0].with_name(resolved[0].name.replace(kb.RESOLVED_MARK, kb.RESOLVED_MARK + "0"))
    stale.write_bytes(b"")
    kb.build(corpus_dir, out, force=True)
    assert not stale.exists(), "resolved shards no generation uses are pruned"
    assert sorted((out / "cache").glob(f"*{kb.RESOLVED_MARK}*.nq")) == resolved


def test_a_corrupt_record_is_re_extracted_when_resolution_needs_it(corpus_dir, tmp_path):
    """A build reads a document's record only to rewrite its keys; if it is damaged by then, the
    document is extracted again and the graph is the same."""
    out = tmp_path / "out"
    first = kb.build(corpus_dir, out)
    resolved = sorted((out / "cache").glob(f"*{kb.RESOLVED_MARK}*.nq"))[0]
    doc_id = resolved.name.split("-")[0]
    record = next((out / "cache").glob(f"{doc_id}-*.pickle"))
    resolved.unlink()
    record.write_bytes(record.read_bytes()[:50])
    again = kb.build(corpus_dir, out, force=True)
    assert again.extracted == 1 and again.generation == first.generation
    assert resolved.exists() and kb._load_cached(out / "cache", doc_id, kb.code_fingerprint()) is not None


def test_unchanged_files_are_not_read_again(small_corpus, tmp_path, monkeypatch):
    """A rebuild hashes only the files whose stat signature changed (size, inode, mtime, ctime)."""
    out = tmp_path / "out"
    first = kb.build(small_corpus, out)
    read = []
    real = kb.read_report
    monkeypatch.setattr(kb, "read_report", lambda path: read.append(path.name) or real(path))
    assert kb.build(small_corpus, out).reused and read == []
    changed = sorted(small_corpus.iterdir())[0]
    changed.write_text(changed.read_text("utf-8") + "\n\nThe force has since changed.\n", "utf-8")
    again = kb.build(small_corpus, out)
    assert read.count(changed.name) == 2, "hashed once when read, once when extracted"
    assert set(read) == {changed.name} and again.extracted == 1 and again.generation != first.generation


def test_a_record_that_cannot_be_remade_is_a_clear_error(corpus_dir, tmp_path, monkeypatch):
    """If the damaged record's file cannot be extracted again either, the build names the file
    and stops, leaving the previous graph."""
    out = tmp_path / "out"
    first = kb.build(corpus_dir, out)
    resolved = sorted((out / "cache").glob(f"*{kb.RESOLVED_MARK}*.nq"))[0]
    doc_id = resolved.name.split("-")[0]
    next((out / "cache").glob(f"{doc_id}-*.pickle")).write_bytes(b"")
    resolved.unlink()
    monkeypatch.setattr(kb, "_extract_job", lambda path, *a: ("skip", None, "cannot read: gone", 0.0))
    with pytest.raises(kb.BuildError, match=r"\.txt: cannot read: gone"):
        kb.build(corpus_dir, out, force=True)
    assert current_generation(out) == first.generation


def test_extraction_in_process_tunes_the_collector_and_restores_it(small_corpus, tmp_path, monkeypatch):
    """While documents are extracted in this process the warm pipeline is frozen out of the
    cyclic collector and young collections are rarer; afterwards the caller's settings are back."""
    import gc

    seen = []
    real_job = kb._extract_job

    def spying_job(*args):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return real_job(*args)

    monkeypatch.setattr(kb, "_extract_job", spying_job)
    before = (gc.get_threshold(), gc.get_freeze_count())
    kb.build(small_corpus, tmp_path / "out", jobs=1)
    assert seen and all(threshold == kb.GC_YOUNG_THRESHOLD and frozen > 0 for threshold, frozen in seen)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
