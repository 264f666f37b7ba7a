"""Evidence spans: the exact text a fact was read from, plus its surrounding sentence."""

from __future__ import annotations

import re

from .records import Evidence

_BOUNDARY = re.compile(r"\n[ \t]*\n|(?<=[.?!])[ \t]+(?=[A-Z‘“•])|•")
_MAX_CONTEXT = 400


def context(text: str, start: int, end: int) -> str:
    """The sentence (or table cell block) around ``text[start:end]``, white space collapsed."""
    left = max(0, start - _MAX_CONTEXT)
    before = [m.end() for m in _BOUNDARY.finditer(text, left, start)]
    s = before[-1] if before else left
    after = _BOUNDARY.search(text, end, min(len(text), end + _MAX_CONTEXT))
    e = after.start() if after else min(len(text), end + _MAX_CONTEXT)
    return " ".join(text[s:max(e, end)].split())


def evidence(text: str, doc_id: str, start: int, end: int, rule: str, sentence: str | None = None) -> Evidence:
    """An Evidence for ``text[start:end]``; trailing/leading white space is trimmed from the span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(
        document=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        rule=rule,
        sentence=sentence if sentence is not None else context(text, start, end),
    )
