"""kg.store: loading N-Quads files into the embedded store in pieces."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.store import line_chunks, load_store


def _files(tmp_path, contents: list[bytes]):
    paths = []
    for i, data in enumerate(contents):
        path = tmp_path / f"part-{i}.nq"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("chunk_bytes", [1, 7, 40, 10_000])
def test_line_chunks_cut_at_line_ends_and_lose_nothing(tmp_path, chunk_bytes, monkeypatch):
    monkeypatch.setattr("kg.store._READ_BLOCK", 5)  # blocks that end mid-line
    contents = [b"a1\nbb2\nccc3\n", b"", b"no final newline", b"d4\n" * 9, b"e5"]
    chunks = list(line_chunks(_files(tmp_path, contents), chunk_bytes))
    assert all(c.endswith(b"\n") for c in chunks)
    if chunk_bytes < 40:
        assert len(chunks) > 1
    lines = b"".join(chunks).split(b"\n")[:-1]
    assert lines == [b"a1", b"bb2", b"ccc3", b"no final newline", *[b"d4"] * 9, b"e5"]
    if chunk_bytes >= 10_000:
        assert len(chunks) == 1  # small files are joined into one piece


def test_a_store_loaded_in_small_pieces_holds_every_triple_once(tmp_path):
    triples = [f"<http://x/s{i}> <http://x/p> \"v{i % 50}\" .\n".encode() for i in range(300)]
    shared = b"<http://x/a> <http://x/p> <http://x/b> .\n"
    files = _files(tmp_path, [b"".join(triples[:200]) + shared, shared + b"".join(triples[200:])])
    load_store(tmp_path / "store", files, chunk_bytes=500)
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert len(store) == 301


def test_a_read_only_generation_gets_its_merged_graph_in_the_temporary_folder(built_graph, tmp_path, monkeypatch):
    import errno
    import shutil

    from kg import store

    generation = tmp_path / store.current_generation(built_graph).name
    shutil.copytree(store.current_generation(built_graph), generation, ignore=shutil.ignore_patterns("peel.nq"))
    real_write = store.write_atomic

    def read_only_generation(path, data):
        if generation in path.parents:
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real_write(path, data)

    monkeypatch.setattr(store, "write_atomic", read_only_generation)
    monkeypatch.setattr(store.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    merged = store.graph_nquads(generation)
    assert merged.parent == tmp_path / "tmp" and not (generation / "peel.nq").exists()
    whole = b"".join(p.read_bytes() for p in store.graph_parts(generation).values())
    assert sorted(set(merged.read_bytes().splitlines())) == merged.read_bytes().splitlines()
    assert set(merged.read_bytes().splitlines()) == set(whole.splitlines())
    assert store.graph_nquads(generation) == merged  # reused, not merged again

    monkeypatch.setattr(store, "write_atomic", lambda path, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    (generation / "peel.nq").unlink(missing_ok=True)
    merged.unlink()
    with pytest.raises(OSError):  # any other failure is the caller's to see
        store.graph_nquads(generation)
