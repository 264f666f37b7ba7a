"""The SPARQL endpoint: protocol, negotiation, CORS, read-only refusals, limits, and load.

The server runs on a free loopback port (waitress in a thread, query workers in processes)
and is queried with SPARQLWrapper, a real SPARQL client, and with plain HTTP.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
import requests
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.queries import load_query
from kg.server import Limits, create_app, serve

TIMEOUT_S = 2.0
MAX_ROWS = 50
MAX_BODY = 20_000
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(built_graph):
    from waitress import create_server

    limits = Limits(timeout_s=TIMEOUT_S, max_rows=MAX_ROWS, max_body_bytes=MAX_BODY, workers=2, wait_s=20)
    app = create_app(built_graph, limits)
    server = create_server(app, host="127.0.0.1", port=0, threads=24,
                           max_request_body_size=MAX_BODY * 4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/sparql"
    server.close()
    app.extensions["peel_pool"].close()


def _wrapper(url: str, query: str, fmt=JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod("POST")
    return client


def test_sparqlwrapper_select_matches_embedded(endpoint, peel_graph):
    data = _wrapper(endpoint, load_query("documents").sparql).query().convert()
    remote = sorted((b["document"]["value"], int(b["year"]["value"])) for b in data["results"]["bindings"])
    embedded = sorted((r["document"], r["year"]) for r in peel_graph.rows("documents"))
    assert remote == embedded and len(remote) == 5


def test_sparqlwrapper_ask_construct_and_get(endpoint):
    ask = _wrapper(endpoint, "PREFIX peel: <https://w3id.org/peel-kg/ontology#> ASK { ?j a peel:Judgment }")
    ask.setMethod("GET")
    assert ask.query().convert()["boolean"] is True
    graph = _wrapper(endpoint, load_query("force_profile").sparql, TURTLE).query().convert()
    triples = list(ox.parse(graph, format=ox.RdfFormat.TURTLE))
    assert 0 < len(triples) <= MAX_ROWS  # capped


def test_sparqlwrapper_malformed_query(endpoint):
    with pytest.raises(QueryBadFormed) as info:
        _wrapper(endpoint, "SELECT * WHERE { ?s ?p }").query()
    assert "error at 1:" in str(info.value)


def test_http_methods_and_negotiation(endpoint):
    query = "PREFIX peel: <https://w3id.org/peel-kg/ontology#> SELECT ?f ?y WHERE { ?d peel:fileName ?f ; peel:year ?y } ORDER BY ?f"
    get = requests.get(endpoint, params={"query": query}, headers={"Accept": "text/csv"}, timeout=10)
    assert get.status_code == 200 and get.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(get.text)))
    assert rows[0] == ["f", "y"] and len(rows) == 6
    form = requests.post(endpoint, data={"query": query},
                         headers={"Accept": "application/sparql-results+xml"}, timeout=10)
    assert form.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert len(ET.fromstring(form.content).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 5
    direct = requests.post(endpoint, data=query.encode(), timeout=10,
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "text/tab-separated-values"})
    assert direct.text.splitlines()[0] == "?f\t?y"
    default = requests.post(endpoint, data={"query": query}, timeout=10)
    assert default.headers["Content-Type"].startswith("application/sparql-results+json")
    construct = "CONSTRUCT { ?d ?p ?o } WHERE { ?d <https://w3id.org/peel-kg/ontology#fileName> ?o ; ?p ?o }"
    nt = requests.post(endpoint, data={"query": construct}, headers={"Accept": "application/n-triples"}, timeout=10)
    assert nt.headers["Content-Type"].startswith("application/n-triples") and len(nt.text.splitlines()) == 5
    jsonld = requests.post(endpoint, data={"query": construct}, headers={"Accept": "application/ld+json"}, timeout=10)
    assert len(json.loads(jsonld.text)) == 5


def test_cors(endpoint):
    pre = requests.options(endpoint, headers={"Origin": "http://example.org",
                                              "Access-Control-Request-Method": "POST"}, timeout=10)
    assert pre.status_code in (200, 204) and pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    get = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": "http://example.org"}, timeout=10)
    assert get.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "data, needle",
    [
        ({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, "read-only"),
        ({"query": "LOAD <http://example.org/data.ttl>"}, "Load"),
        ({"query": "CLEAR ALL"}, "Clear"),
        ({"query": "DROP DEFAULT"}, "read-only"),
        ({"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, "SERVICE"),
    ],
)
def test_read_only_refusals(endpoint, data, needle):
    res = requests.post(endpoint, data=data, timeout=10)
    assert res.status_code == 403 and needle in res.text


def test_sparql_update_content_type_refused(endpoint):
    res = requests.post(endpoint, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}, timeout=10)
    assert res.status_code == 403


def test_malformed_is_400_with_parser_message(endpoint):
    res = requests.get(endpoint, params={"query": "SELECT * WHERE {\n ?s ?p\n}"}, timeout=10)
    assert res.status_code == 400 and "line 3" in res.text and "error at 3:" in res.text
    assert requests.get(endpoint, timeout=10, headers={"Accept": "application/json"}).status_code == 400


def test_slow_query_stopped_at_time_limit_and_server_recovers(endpoint):
    t0 = time.perf_counter()
    res = requests.post(endpoint, data={"query": SLOW}, timeout=30)
    elapsed = time.perf_counter() - t0
    assert res.status_code == 503 and "time limit" in res.text
    assert elapsed < TIMEOUT_S + 3
    for _ in range(3):  # the killed worker is replaced; queries keep working
        ok = requests.post(endpoint, data={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_result_cap(endpoint):
    res = requests.post(endpoint, data={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert res.status_code == 200 and len(res.json()["results"]["bindings"]) == MAX_ROWS
    assert res.headers["X-Result-Truncated"].startswith("true")
    small = requests.post(endpoint, data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, timeout=30)
    assert "X-Result-Truncated" not in small.headers


def test_oversized_body_is_413(endpoint):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (MAX_BODY + 10)
    assert requests.post(endpoint, data={"query": big}, timeout=10).status_code == 413
    raw = requests.post(endpoint, data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert raw.status_code == 413


def test_html_page_is_offline(endpoint):
    page = requests.get(endpoint.rsplit("/", 1)[0] + "/", timeout=10)
    assert page.status_code == 200 and "<textarea" in page.text and "fetch(" in page.text
    assert "src=" not in page.text and "href=\"http" not in page.text  # nothing loaded from elsewhere


def test_binds_loopback_by_default():
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_load_20_clients(endpoint):
    """20 concurrent clients for 3 s of mixed named queries: zero failures, latency printed."""
    queries = [load_query("documents").sparql, load_query("grade_distribution").sparql,
               load_query("inadequate_vulnerability_2017").sparql,
               "PREFIX peel: <https://w3id.org/peel-kg/ontology#> ASK { ?j a peel:Judgment }"]
    deadline = time.perf_counter() + 3.0

    def client(i: int) -> tuple[list[float], int]:
        latencies, failures = [], 0
        with requests.Session() as session:
            n = i
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                res = session.post(endpoint, data={"query": queries[n % len(queries)]}, timeout=30)
                latencies.append(time.perf_counter() - t0)
                failures += res.status_code != 200
                n += 1
        return latencies, failures

    t0 = time.perf_counter()
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(client, range(20)))
    wall = time.perf_counter() - t0
    latencies = sorted(l for ls, _ in results for l in ls)
    failures = sum(f for _, f in results)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    print(f"\nload: 20 clients, {len(latencies)} requests in {wall:.1f}s "
          f"({len(latencies) / wall:.0f} req/s), p50 {p50:.1f} ms, p99 {p99:.1f} ms, failures {failures}")
    assert failures == 0 and len(latencies) >= 20
    assert requests.post(endpoint, data={"query": "ASK {}"}, timeout=10).status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serve(built_graph):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--graph", str(built_graph), "--port", str(port),
         "--timeout", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        for _ in range(100):
            try:
                res = requests.get(url, timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail("peelkg serve did not start: " + proc.stderr.read1().decode())
        assert res.status_code == 200 and res.json()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_endpoint_follows_a_rebuild_without_restart(corpus_dir, tmp_path):
    """A build that switches CURRENT is served from the next query on; no restart needed."""
    import shutil

    from kg import build as kb

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    reports = sorted(kb.discover(corpus_dir), key=lambda p: p.stat().st_size)[:3]
    for p in reports[:2]:
        shutil.copyfile(p, corpus / p.name)
    kb.build(corpus, out)
    app = create_app(out, Limits(workers=1))
    client = app.test_client()
    count = "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT (COUNT(?d) AS ?n) WHERE { ?d dcterms:identifier ?id }"

    def documents() -> int:
        reply = client.post("/sparql", data={"query": count}, headers={"Accept": "application/sparql-results+json"})
        assert reply.status_code == 200, reply.data
        return int(reply.get_json()["results"]["bindings"][0]["n"]["value"])

    try:
        assert documents() == 2
        shutil.copyfile(reports[2], corpus / reports[2].name)
        kb.build(corpus, out)
        time.sleep(app.extensions["peel_pool"].check_every_s + 0.1)
        assert documents() == 3
        assert app.extensions["peel_pool"].switches == 1
    finally:
        app.extensions["peel_pool"].close()
