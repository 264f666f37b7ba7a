"""Reference counting of lines shared by parts: the graph change from the changed parts alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import incremental, serialize

X, Y, Z, W = (f"<http://e/{c}> <http://e/p> <http://e/o> .\n".encode() for c in "xyzw")


def _part(tmp_path: Path, name: str, *lines: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(sorted(set(lines))))
    return path


def _graph(parts) -> set[bytes]:
    return {line for p in parts if p for line in p.read_bytes().splitlines(keepends=True)}


def test_a_line_leaves_the_graph_only_when_no_part_has_it(tmp_path):
    a = _part(tmp_path, "a", X, Y)
    b = _part(tmp_path, "b", X, Z)
    shared, distinct = serialize.count_shared([a, b])
    assert shared == {X: 2} and distinct == 3
    graph = _graph([a, b])
    a2 = _part(tmp_path, "a2", Y, W)  # a drops X (b still has it) and gains W
    diffs = incremental.part_diffs(incremental.changed_parts({"a": a, "b": b}, {"a": a2, "b": b}), limit=10)
    leave, join = incremental.net_change(shared, diffs, lambda lines: [line in graph for line in lines])
    assert (leave, join) == ([], [W]) and shared == {}
    graph = (graph - set(leave)) | set(join)
    assert graph == _graph([a2, b])
    # b goes: X and Z leave, since no other part has them any more
    diffs = incremental.part_diffs(incremental.changed_parts({"a": a2, "b": b}, {"a": a2}), limit=10)
    leave, join = incremental.net_change(shared, diffs, lambda lines: [line in graph for line in lines])
    assert sorted(leave) == sorted([X, Z]) and join == []


def test_a_line_another_part_has_joins_its_count_not_the_graph(tmp_path):
    a = _part(tmp_path, "a", X)
    b = _part(tmp_path, "b", Y)
    shared, _ = serialize.count_shared([a, b])
    graph = _graph([a, b])
    b2 = _part(tmp_path, "b2", X, Y)
    diffs = incremental.part_diffs(incremental.changed_parts({"a": a, "b": b}, {"a": a, "b": b2}), limit=10)
    asked = []
    leave, join = incremental.net_change(shared, diffs, lambda lines: asked.extend(lines) or [x in graph for x in lines])
    assert (leave, join) == ([], []) and shared == {X: 2} and asked == [X]
    # now a drops X: b2 still has it, so it stays
    a2 = _part(tmp_path, "a2", W)
    diffs = incremental.part_diffs(incremental.changed_parts({"a": a, "b": b2}, {"a": a2, "b": b2}), limit=10)
    leave, join = incremental.net_change(shared, diffs, lambda lines: [x in graph for x in lines])
    assert (leave, join) == ([], [W]) and shared == {}


def test_unchanged_parts_are_not_read_and_large_changes_are_refused(tmp_path):
    a = _part(tmp_path, "a", X, Y)
    link = tmp_path / "link"
    link.hardlink_to(a)
    copy = _part(tmp_path, "copy", X, Y)
    assert incremental.changed_parts({"a": a, "c": a}, {"a": link, "c": copy}) == []
    b = _part(tmp_path, "b", Z, W)
    with pytest.raises(serialize.DiffTooLarge):  # 4 changed lines
        incremental.part_diffs(incremental.changed_parts({"a": a}, {"a": b}), limit=3)


def test_count_shared_without_sort_gives_the_same(tmp_path, monkeypatch):
    parts = [_part(tmp_path, "a", X, Y), _part(tmp_path, "b", X, Z), _part(tmp_path, "c", X, Z, W)]
    with_sort = serialize.count_shared(parts)
    monkeypatch.setattr(serialize.shutil, "which", lambda name: None)
    assert serialize.count_shared(parts) == with_sort == ({X: 3, Z: 2}, 4)
    monkeypatch.setattr(serialize, "MAX_OPEN_SHARDS", 2)  # merged in batches through temporary files
    assert serialize.count_shared(parts) == with_sort
