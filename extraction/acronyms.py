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


def _candidate_long(doc: Doc, open_i: int, n_short: int) -> Span | None:
    """Up to min(|A|+5, 2|A|) words before the bracket, inside the sentence, stopping at punctuation
    that separates clauses."""
    limit = min(n_short + 5, 2 * n_short)
    sent_start = doc[open_i].sent.start
    i = open_i - 1
    words = 0
    while i >= sent_start and words < limit:
        tok = doc[i]
        if tok.is_space or tok._.is_footnote:
            i -= 1
            continue
        if tok.text in {"(", ")", ";", ":", "’", "‘", "“", "”", "–"} or (tok.text == "," and words >= 3):
            break
        words += 1
        i -= 1
    start = i + 1
    while start < open_i and (doc[start].is_space or doc[start].is_punct):
        start += 1
    return doc[start:open_i] if start < open_i else None


def _trim(doc: Doc, span: Span, start_char: int) -> Span | None:
    sub = doc.char_span(span.start_char + start_char, span.end_char, alignment_mode="expand")
    if sub is None:
        return None
    end = sub.end
    while end > sub.start and (doc[end - 1].is_space or doc[end - 1]._.is_footnote):
        end -= 1
    return doc[sub.start:end]


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """All (short, long) definitions in the doc, both bracket directions."""
    from .nlp import token_table

    pairs: list[tuple[Span, Span]] = []
    n = len(doc)
    words, _ = token_table(doc)
    for i in [k for k, w in enumerate(words) if w == "("]:
        tok = doc[i]
        close = None
        for j in range(tok.i + 1, min(tok.i + 14, n)):
            if doc[j].text == ")":
                close = j
                break
            if doc[j].text == "(" or (doc[j].is_space and "\n\n" in doc[j].text):
                break
        if close is None or close == tok.i + 1:
            continue
        inner = doc[tok.i + 1:close]
        inner_text = inner.text.strip()
        if close - tok.i - 1 == 1 and is_short_form(inner_text):
            # long form (SHORT)
            cand = _candidate_long(doc, tok.i, len(singular_short(inner_text)))
            if cand is None:
                continue
            off = best_long_form(singular_short(inner_text), cand.text)
            if off is None:
                continue
            long_span = _trim(doc, cand, off)
            if long_span is not None and _valid(inner_text, long_span.text):
                pairs.append((inner, long_span))
        elif tok.i > 0:
            # SHORT (long form)
            prev = tok.i - 1
            while prev >= 0 and (doc[prev].is_space or doc[prev]._.is_footnote):
                prev -= 1
            if prev < 0 or not is_short_form(doc[prev].text) or len(inner) < 2:
                continue
            short = doc[prev:prev + 1]
            off = best_long_form(singular_short(short.text), inner_text)
            if off == 0 and _valid(short.text, inner_text):
                lead = len(inner.text) - len(inner.text.lstrip())
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
        amap.setdefault(normalise_short(short.text), re.sub(r"\s+", " ", long.text))
    doc._.acronym_map = amap
    return doc
