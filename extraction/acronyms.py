"""Acronym definitions in both directions, as a registered spaCy component.

"domestic violence protection orders (DVPOs)" (long form, then short form in brackets) and
"FALCON (Fraud and Linked Crime Online)" (short form, then long form in brackets) are both
found with the algorithm of Schwartz & Hearst (2003), "A simple algorithm for identifying
abbreviation definitions in biomedical text" (PSB 2003), as scispacy's ``abbreviation.py``
implements it: the short form's characters are matched right to left against the candidate
long form, the first one at the start of a word. Results are Doc extensions:

* ``doc._.abbreviations``: list of ``(short Span, long Span)`` definitions, in text order;
* ``doc._.acronym_map``: normalised short form -> long form text (first definition wins).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .nlp import footnotes, positions_of, span_text, token_table

if not Doc.has_extension("abbreviations"):
    Doc.set_extension("abbreviations", default=[])
if not Doc.has_extension("acronym_map"):
    Doc.set_extension("acronym_map", default={})

_MAX_SHORT = 10


def is_short_form(text: str) -> bool:
    """An acronym candidate: one word of 2-10 characters with at least two capitals ("DVPOs", "MoRiLE")."""
    if not (2 <= len(text) <= _MAX_SHORT) or " " in text or not text[0].isalnum():
        return False
    return sum(c.isupper() for c in text) >= 2 and any(c.isalpha() for c in text)


def singular_short(text: str) -> str:
    """ "DVPOs" -> "DVPO", "MASHs" -> "MASH": a lower-case s after capitals marks a plural."""
    if len(text) > 2 and text.endswith("s") and text[-2].isupper():
        return text[:-1]
    return text


def best_long_form(short: str, long: str) -> int | None:
    """Schwartz & Hearst: the start offset in ``long`` of the shortest matching long form, or None.

    Each alphanumeric character of the short form, right to left, must occur in the long
    form in order; the first character must also begin a word.
    """
    s_idx = len(short) - 1
    l_idx = len(long) - 1
    while s_idx >= 0:
        c = short[s_idx].lower()
        if not c.isalnum():
            s_idx -= 1
            continue
        while l_idx >= 0 and (
            long[l_idx].lower() != c or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    return long.rfind(" ", 0, l_idx + 1) + 1


def _valid(short: str, long: str) -> bool:
    words = long.split()
    return (
        len(long) > len(short)
        and short.lower() not in long.lower().split()
        and len(words) <= min(len(short) + 5, 2 * len(short))
        and long[0].isalnum()
    )


_CLAUSE_BREAKS = frozenset({"(", ")", ";", ":", "’", "‘", "“", "”", "–"})


def _candidate_long(doc: Doc, open_i: int, n_short: int) -> Span | None:
    """Up to min(|A|+5, 2|A|) words before the bracket, inside the sentence, stopping at punctuation
    that separates clauses."""
    limit = min(n_short + 5, 2 * n_short)
    sent_start = doc[open_i].sent.start
    texts, notes = token_table(doc)[0], footnotes(doc)  # no Token objects in the walk
    i = open_i - 1
    words = 0
    while i >= sent_start and words < limit:
        text = texts[i]
        if text.isspace() or i in notes:  # Token.is_space is str.isspace
            i -= 1
            continue
        if text in _CLAUSE_BREAKS or (text == "," and words >= 3):
            break
        words += 1
        i -= 1
    start = i + 1
    while start < open_i and (doc[start].is_space or doc[start].is_punct):
        start += 1
    return doc[start:open_i] if start < open_i else None


def _trim(doc: Doc, span: Span, start_char: int) -> Span | None:
    """``span`` from ``start_char`` characters in, less trailing white space and footnote markers."""
    sub = doc.char_span(span.start_char + start_char, span.end_char, alignment_mode="expand")
    if sub is None:
        return None
    words, notes = token_table(doc)[0], footnotes(doc)
    end = sub.end
    while end > sub.start and (words[end - 1].isspace() or end - 1 in notes):
        end -= 1
    return doc[sub.start:end]


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """All (short, long) definitions in the doc, both bracket directions."""
    pairs: list[tuple[Span, Span]] = []
    n = len(doc)
    words, _ = token_table(doc)  # token texts, not Token objects, in the walks
    notes = footnotes(doc)
    for i in positions_of(doc, ["("]):
        if words[i] != "(":
            continue
        close = None
        for j in range(i + 1, min(i + 14, n)):
            if words[j] == ")":
                close = j
                break
            if words[j] == "(" or (words[j].isspace() and "\n\n" in words[j]):
                break
        if close is None or close == i + 1:
            continue
        inner = doc[i + 1:close]
        inner_text = span_text(inner).strip()
        if close - i - 1 == 1 and is_short_form(inner_text):
            # long form (SHORT)
            cand = _candidate_long(doc, i, len(singular_short(inner_text)))
            if cand is None:
                continue
            off = best_long_form(singular_short(inner_text), span_text(cand))
            if off is None:
                continue
            long_span = _trim(doc, cand, off)
            if long_span is not None and _valid(inner_text, span_text(long_span)):
                pairs.append((inner, long_span))
        elif i > 0:
            # SHORT (long form)
            prev = i - 1
            while prev >= 0 and (words[prev].isspace() or prev in notes):  # Token.is_space: str.isspace
                prev -= 1
            if prev < 0 or not is_short_form(words[prev]) or len(inner) < 2:
                continue
            short = doc[prev:prev + 1]
            off = best_long_form(singular_short(words[prev]), inner_text)
            if off == 0 and _valid(words[prev], inner_text):
                inner_full = span_text(inner)
                lead = len(inner_full) - len(inner_full.lstrip())
                long_span = _trim(doc, inner, lead)
                if long_span is not None:
                    pairs.append((short, long_span))
    return pairs


def normalise_short(text: str) -> str:
    return singular_short(text).lower()


@Language.component("peel_abbreviations")
def peel_abbreviations(doc: Doc) -> Doc:
    """Store acronym definitions on the doc (see the module docstring)."""
    pairs = find_abbreviations(doc)
    doc._.abbreviations = pairs
    amap: dict[str, str] = {}
    for short, long in pairs:
        amap.setdefault(normalise_short(span_text(short)), re.sub(r"\s+", " ", span_text(long)))
    doc._.acronym_map = amap
    return doc
