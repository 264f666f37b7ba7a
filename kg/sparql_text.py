"""Token-level reading of SPARQL text: query form, variables, SERVICE, and VALUES injection.

The execution engines (pyoxigraph, remote servers) do the real parsing; this lexer only needs
to tell keywords from strings, IRIs and comments so that a word inside a literal is never
mistaken for ``SERVICE``, and so that parameters sent to a remote endpoint are injected as a
``VALUES`` block of serialised RDF terms rather than pasted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

_PN_CHARS = r"[A-Za-z0-9_\u00B7\u00C0-\uFFFF\-]"
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
   |(?P<comment>\#[^\n]*)
   |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"
              |'(?:[^'\\\n]|\\.)*')
   |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
   |(?P<var>[?$]""" + _PN_CHARS + r"""+)
   |(?P<pname>(?:[A-Za-z][\w\-.]*)?:(?:[^\s{}()\[\],;'"<>\#]*[^\s{}()\[\],;'"<>\#.])?)
   |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
   |(?P<open>\{)
   |(?P<close>\})
   |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(sparql: str) -> Iterator[Token]:
    """Significant tokens (no whitespace or comments) with their offsets."""
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, m.group(), m.start())


def keywords(sparql: str) -> list[str]:
    """Upper-cased bare words (keywords and function names) outside strings, IRIs and comments."""
    return [t.text.upper() for t in tokens(sparql) if t.kind == "word"]


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; an update keyword for an update; None if neither."""
    for word in keywords(sparql):
        if word in QUERY_FORMS or word in UPDATE_KEYWORDS:
            return word
    return None


def variables(sparql: str) -> set[str]:
    """Names of every variable used in the query (without ``?``/``$``)."""
    return {t.text[1:] for t in tokens(sparql) if t.kind == "var"}


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (federation: it would reach another host)."""
    if "service" not in sparql.lower():  # fast path: no such word anywhere
        return False
    return "SERVICE" in keywords(sparql)


class InjectionError(ValueError):
    """Parameters cannot be injected into this query text."""


def _where_brace(sparql: str) -> int:
    """Offset of the ``{`` that opens the outermost WHERE group."""
    toks = list(tokens(sparql))
    form = None
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else None
        if form is None and word in QUERY_FORMS:
            form = word
            if word == "CONSTRUCT":
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if nxt is not None and nxt.kind == "open":
                    return _after_group(toks, i + 1)
                raise InjectionError("parameters cannot be bound in the short form CONSTRUCT WHERE { }")
            continue
        if form is not None and tok.kind == "open":
            return tok.start
    raise InjectionError("no WHERE group found to bind parameters in")


def _after_group(toks: list[Token], i: int) -> int:
    """The first ``{`` after the balanced group that opens at ``toks[i]`` (CONSTRUCT template)."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "open":
            if depth == 0 and j > i:
                return toks[j].start
            depth += 1
        elif toks[j].kind == "close":
            depth -= 1
    raise InjectionError("no WHERE group found after the CONSTRUCT template")


def values_block(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """A one-row ``VALUES`` block; terms are written by pyoxigraph (N-Triples syntax, escaped)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def inject_values(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a VALUES block first in its WHERE group: the portable form of substitution."""
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(_PN_CHARS + "+", name):
            raise InjectionError(f"not a variable name: {name!r}")
    brace = _where_brace(sparql)
    return f"{sparql[:brace + 1]} {values_block(bindings)} {sparql[brace + 1:]}"
