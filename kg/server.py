"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (Flask app, waitress server).

GET and POST (form or ``application/sparql-query``) on ``/sparql``; content negotiation for
SPARQL JSON/XML/CSV/TSV results and Turtle/N-Triples/JSON-LD/RDF-XML graphs; CORS; a small
offline HTML page at ``/``. Read-only by construction: updates (INSERT, LOAD, CLEAR, ...) and
SERVICE are refused before anything runs, queries run in killable worker processes with a
time limit and a row cap (``kg.query_worker``), and oversized bodies get 413.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, request

from . import sparql_text
from .query_worker import EndpointBusy, Job, LivePool, QueryTimeout, WorkerPool
from .results import GRAPH_FORMATS, RESULT_FORMATS
from .store import current_generation

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
# values of a ``format``/``output`` request parameter (as sent by SPARQLWrapper and browsers)
FORMAT_PARAM = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", "nt"), "tsv": ("tsv", "nt"),
    "turtle": ("json", "ttl"), "ttl": ("json", "ttl"), "n3": ("json", "ttl"),
    "nt": ("json", "nt"), "ntriples": ("json", "nt"), "n-triples": ("json", "nt"),
    "jsonld": ("json", "jsonld"), "json-ld": ("json", "jsonld"), "rdfxml": ("xml", "rdfxml"),
    "rdf+xml": ("xml", "rdfxml"),
}


@dataclass(frozen=True)
class Limits:
    """Configurable protections of the endpoint."""

    timeout_s: float = 10.0  # per-query time limit
    max_rows: int = 10_000  # rows (or triples) returned at most; more is cut and flagged
    max_body_bytes: int = 1_000_000  # larger request bodies get 413
    workers: int = 2  # query worker processes
    wait_s: float = 30.0  # how long a request may wait for a free worker


def _negotiate() -> tuple[str, str]:
    """(results format, graph format) from ``format``/``output`` or the Accept header."""
    for key in ("format", "output"):
        value = (request.values.get(key) or "").strip().lower()
        if value in FORMAT_PARAM:
            return FORMAT_PARAM[value]
        for mime, fmt in {**RESULT_TYPES, **GRAPH_TYPES}.items():
            if value == mime:
                return (fmt, "ttl") if mime in RESULT_TYPES else ("json", fmt)
    accept = request.accept_mimetypes
    result = accept.best_match(list(RESULT_TYPES), default="application/sparql-results+json")
    graph = accept.best_match(list(GRAPH_TYPES), default="text/turtle")
    return RESULT_TYPES.get(result, "json"), GRAPH_TYPES.get(graph, "ttl")


def _update_operation(text: str) -> str | None:
    """The name of the SPARQL Update operation in ``text`` if it parses as an update (rdflib)."""
    try:
        from rdflib.plugins.sparql.parser import parseUpdate

        parsed = parseUpdate(text)
    except Exception:
        form = sparql_text.query_form(text)
        return form if form in sparql_text.UPDATE_KEYWORDS else None
    names = [getattr(op, "name", "") for op in parsed.request]
    return ", ".join(n for n in names if n) or "update"


def _error(status: int, message: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")


def create_app(graph_dir: Path | str, limits: Limits | None = None, pool: WorkerPool | None = None) -> Flask:
    """The endpoint as a WSGI app over the current generation of ``graph_dir`` (followed
    across rebuilds: see ``kg.query_worker.LivePool``)."""
    limits = limits or Limits()
    current_generation(Path(graph_dir))  # fail now, with a clear message, if nothing is built
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = limits.max_body_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = limits.max_body_bytes
    app.extensions["peel_pool"] = pool or LivePool(
        Path(graph_dir),
        lambda generation: WorkerPool(
            generation / "store", size=limits.workers, timeout_s=limits.timeout_s, wait_s=limits.wait_s
        ),
    )
    app.extensions["peel_limits"] = limits

    @app.after_request
    def cors(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Expose-Headers"] = "X-Result-Truncated"
        return response

    @app.errorhandler(413)
    def too_large(_exc) -> Response:
        return _error(413, f"request body larger than {limits.max_body_bytes} bytes")

    @app.route("/", methods=["GET"])
    def index() -> Response:
        if "query" in request.args:
            return sparql()
        return Response(_PAGE, mimetype="text/html")

    @app.route("/sparql", methods=["GET", "POST", "OPTIONS"])
    def sparql() -> Response:
        if request.method == "OPTIONS":
            return Response(status=204)
        if request.content_length is not None and request.content_length > limits.max_body_bytes:
            return too_large(None)
        ctype = (request.mimetype or "").lower()
        if ctype == "application/sparql-update" or "update" in request.values:
            return _error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        if request.method == "POST" and ctype == "application/sparql-query":
            text = request.get_data(as_text=True)
        else:
            text = request.values.get("query")
        if text is None:
            if request.method == "GET" and request.accept_mimetypes.best == "text/html":
                return Response(_PAGE, mimetype="text/html")
            return _error(400, "missing the 'query' parameter")
        if request.values.getlist("default-graph-uri") or request.values.getlist("named-graph-uri"):
            return _error(400, "default-graph-uri and named-graph-uri are not supported (one default graph)")
        if sparql_text.uses_service(text):
            return _error(403, "SERVICE is not allowed: this endpoint does not query other hosts")
        result_fmt, graph_fmt = _negotiate()
        try:
            reply = app.extensions["peel_pool"].run(Job(text, result_fmt, graph_fmt, limits.max_rows))
        except QueryTimeout as exc:
            return _error(503, str(exc))
        except EndpointBusy as exc:
            return _error(503, str(exc))
        if not reply.ok:
            if reply.error.startswith("malformed SPARQL"):
                operation = _update_operation(text)
                if operation:
                    return _error(403, f"SPARQL Update ({operation}) is not allowed: this endpoint is read-only")
                return _error(400, reply.error)
            if reply.error.startswith("internal error"):
                return _error(500, reply.error)
            return _error(400, reply.error)
        mime = (GRAPH_FORMATS if reply.kind == "graph" else RESULT_FORMATS)[reply.fmt][1]
        response = Response(reply.body, mimetype=mime)
        if mime.startswith("text/") or mime.endswith("json"):
            response.headers["Content-Type"] = f"{mime}; charset=utf-8"
        if reply.truncated:
            response.headers["X-Result-Truncated"] = f"true; limit={limits.max_rows}"
        return response

    return app


def serve(graph_dir: Path | str, host: str = "127.0.0.1", port: int = 7878,
          limits: Limits | None = None, threads: int = 16) -> None:
    """Serve the endpoint with waitress until interrupted."""
    from waitress import serve as waitress_serve

    limits = limits or Limits()
    app = create_app(graph_dir, limits)
    try:
        waitress_serve(app, host=host, port=port, threads=threads,
                       max_request_body_size=limits.max_body_bytes + 1024, ident="peel-kg")
    finally:
        app.extensions["peel_pool"].close()


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>peel-kg SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}
textarea{width:100%;height:14em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
#msg{color:#a00;white-space:pre-wrap;font-family:monospace}
</style></head><body>
<h1>peel-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the PEEL knowledge graph. Endpoint: <code>/sparql</code>.</p>
<textarea id="q">PREFIX peel: <https://w3id.org/peel-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?force ?year ?area ?grade WHERE {
  ?j a peel:Judgment ; peel:inspection ?i ; peel:area/skos:notation ?area ;
     peel:grade/skos:prefLabel ?grade .
  ?i peel:force/skos:prefLabel ?force ; peel:year ?year .
} ORDER BY ?force ?year ?area LIMIT 100</textarea>
<p><button id="run">Run query</button> <span id="info"></span></p>
<div id="msg"></div><div id="out"></div>
<script>
function cell(b){if(!b)return "";return b.value;}
document.getElementById("run").onclick=async function(){
  const msg=document.getElementById("msg"),out=document.getElementById("out"),info=document.getElementById("info");
  msg.textContent="";out.textContent="";info.textContent="running...";
  const t0=performance.now();
  const r=await fetch("sparql",{method:"POST",headers:{"Content-Type":"application/sparql-query",
    "Accept":"application/sparql-results+json, text/turtle;q=0.9"},body:document.getElementById("q").value});
  const text=await r.text();
  info.textContent=r.status+" in "+Math.round(performance.now()-t0)+" ms"+
    (r.headers.get("X-Result-Truncated")?" (truncated)":"");
  if(!r.ok){msg.textContent=text;return;}
  if(!(r.headers.get("Content-Type")||"").includes("sparql-results+json")){
    const pre=document.createElement("pre");pre.textContent=text;out.appendChild(pre);return;}
  const data=JSON.parse(text);
  if("boolean" in data){out.textContent=String(data.boolean);return;}
  const table=document.createElement("table"),head=table.insertRow();
  for(const v of data.head.vars){const th=document.createElement("th");th.textContent=v;head.appendChild(th);}
  for(const b of data.results.bindings){const row=table.insertRow();
    for(const v of data.head.vars){row.insertCell().textContent=cell(b[v]);}}
  out.appendChild(table);
};
</script></body></html>
"""
