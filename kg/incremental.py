"""The graph change a build makes, computed from the parts (shards) that changed alone.

A generation's graph is the union of its parts: one sorted N-Triples shard per document, the
corpus-level facts and the ontology. A triple can be in several parts (a force's label is in
every report of that force), so dropping it from one part removes it from the graph only if no
other part still has it. Each generation keeps the lines more than one part has, with the
number of parts having each (``serialize.count_shared``); the change is then reference
counting over the changed parts' line diffs, and a one-document change costs that document's
lines, not a pass over the whole graph.
"""

from __future__ import annotations

import filecmp
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from . import serialize


def changed_parts(old: dict[str, Path], new: dict[str, Path]) -> list[tuple[Path | None, Path | None]]:
    """(old file, new file) of every part whose content differs; None where a part is absent.

    Shards are hard links into the build cache, so an unchanged shard is the same file.
    """
    pairs = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is not None and b is not None and (_same_file(a, b) or filecmp.cmp(a, b, shallow=False)):
            continue
        pairs.append((a, b))
    return pairs


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def part_diffs(pairs: Iterable[tuple[Path | None, Path | None]], limit: int) -> list[tuple[list[bytes], list[bytes]]]:
    """The (removed, added) lines of each changed part; raises ``serialize.DiffTooLarge`` past
    ``limit`` changed lines in all."""
    diffs = []
    for a, b in pairs:
        removed, added = serialize.diff_sorted(a or os.devnull, b or os.devnull, limit)
        limit -= len(removed) + len(added)
        if limit < 0:
            raise serialize.DiffTooLarge("too many lines differ")
        diffs.append((removed, added))
    return diffs


def net_change(
    shared: dict[bytes, int],
    diffs: Iterable[tuple[list[bytes], list[bytes]]],
    in_graph: Callable[[list[bytes]], list[bool]],
) -> tuple[list[bytes], list[bytes]]:
    """The lines that leave and join the graph, given each changed part's (removed, added)
    lines; ``shared`` (line -> parts having it, for lines in two or more) is updated in place.

    ``in_graph`` says which lines the previous graph has; it is asked only about lines that
    some part gains and that no two parts had.
    """
    delta: Counter[bytes] = Counter()
    for removed, added in diffs:
        delta.subtract(removed)
        delta.update(added)
    unknown = sorted(line for line, d in delta.items() if d > 0 and line not in shared)
    had = dict(zip(unknown, in_graph(unknown))) if unknown else {}
    leave, join = [], []
    for line in sorted(delta):
        d = delta[line]
        if d == 0:
            continue
        # a line some part dropped was in the graph; one only gained was there if in_graph says so
        before = shared.get(line) or (1 if d < 0 else int(had[line]))
        after = max(0, before + d)  # (never below 0, even with damaged counts)
        if after >= 2:
            shared[line] = after
        else:
            shared.pop(line, None)
        if before and not after:
            leave.append(line)
        elif after and not before:
            join.append(line)
    return leave, join
