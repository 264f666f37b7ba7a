"""Run the same queries against any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, QLever, ...).

Parameters are sent as a VALUES block of RDF terms serialised by pyoxigraph, placed first in
the query's WHERE group (``kg.sparql_text.inject_values``): the portable equivalent of the
embedded store's substitutions, with no string pasting of user values. Answers are parsed
back into pyoxigraph terms, so remote and embedded results format identically.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from . import queries as q
from . import sparql_text
from .results import Result

ACCEPT = {
    "graph": "application/n-triples, text/turtle;q=0.9",
    "table": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
}
RESULT_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_PARSERS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}


class RemoteError(q.QueryError):
    """The endpoint could not be reached or refused the query."""


def prepare(sparql: str, params: dict[str, object] | None) -> str:
    """The query text to send: parameters bound by an injected VALUES block."""
    bindings = q.bind(sparql, params)
    try:
        return sparql_text.inject_values(sparql, bindings)
    except sparql_text.InjectionError as exc:
        raise RemoteError(str(exc)) from None


def post(endpoint: str, sparql: str, accept: str, timeout_s: float = 60.0) -> tuple[str, bytes]:
    """POST a query (SPARQL 1.1 Protocol, form encoding); returns (content type, body)."""
    body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
    request = urllib.request.Request(
        endpoint, data=body, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept,
                 "User-Agent": "peel-kg"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            ctype = response.headers.get_content_type()
            return ctype, response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:2000]
        raise RemoteError(f"{endpoint} answered HTTP {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteError(f"cannot reach {endpoint}: {getattr(exc, 'reason', exc)}") from None


def run(endpoint: str, sparql: str, params: dict[str, object] | None = None,
        timeout_s: float = 60.0) -> Result:
    """Run a query on a remote endpoint and return the same Result the embedded store gives."""
    form = sparql_text.query_form(sparql)
    if form in sparql_text.UPDATE_KEYWORDS:
        raise RemoteError("only queries are sent to endpoints, not SPARQL Update")
    text = prepare(sparql, params)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    ctype, body = post(endpoint, text, ACCEPT["graph" if graph else "table"], timeout_s)
    if ctype in GRAPH_PARSERS:
        triples = [quad.triple for quad in ox.parse(body, format=GRAPH_PARSERS[ctype])]
        return Result("graph", triples=triples)
    if ctype not in RESULT_PARSERS:
        raise RemoteError(f"{endpoint} answered with unsupported content type {ctype}")
    return Result.from_pyoxigraph(ox.parse_query_results(body, format=RESULT_PARSERS[ctype]))
