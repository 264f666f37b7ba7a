"""Named queries against an external SPARQL server (the Oxigraph server from PyPI) give the
same answers as the embedded store, with parameters bound through an injected VALUES block."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import remote
from kg.cli import app
from kg.queries import list_queries, load_query, run
from kg.store import current_generation, graph_parts, open_store

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
MET = "Metropolitan Police Service"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(built_graph, tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server (PyPI package `oxigraph`, a dev dependency) is not installed")
    location = tmp_path_factory.mktemp("oxigraph-server")
    parts = graph_parts(current_generation(built_graph)).values()  # the shards, as a cluster would load them
    subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", *map(str, parts)],
                   check=True, capture_output=True, timeout=300)
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("oxigraph server exited: " + proc.stderr.read().decode())
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _key(result):
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return sorted(str(t) for t in result.triples)
    return result.variables, sorted(tuple(str(t) for t in row) for row in result.rows)


@pytest.mark.parametrize("name", [nq.name for nq in list_queries()])
def test_every_named_query_same_on_oxigraph_server(oxigraph_server, built_graph, name):
    sparql = load_query(name).sparql
    embedded = run(open_store(built_graph), sparql)
    remote_result = remote.run(oxigraph_server, sparql)
    assert remote_result.kind == embedded.kind
    assert _key(remote_result) == _key(embedded)


@pytest.mark.parametrize(
    "name, params",
    [
        ("grade_history", {"force": MET, "area": "vulnerability"}),
        ("grades", {"force": MET}),
        ("any_inadequate", {"year": "2017"}),
        ("any_inadequate", {"year": "2018"}),
        ("grade_distribution", {"year": 2017, "area": "overall"}),
        ("force_profile", {"force": MET}),
        ("causes_of_concern", {"force": MET, "year": 2016}),
    ],
)
def test_parameters_bind_the_same_remotely(oxigraph_server, built_graph, name, params):
    sparql = load_query(name).sparql
    embedded = run(open_store(built_graph), sparql, params)
    remote_result = remote.run(oxigraph_server, sparql, params)
    assert _key(remote_result) == _key(embedded)
    if embedded.kind == "select":
        assert embedded.rows  # the parameters select something


def test_cli_endpoint_option(oxigraph_server, built_graph):
    runner = CliRunner()
    args = ["query", "grade_history", "-f", "csv", "-p", f"force={MET}"]
    local = runner.invoke(app, args + ["-g", str(built_graph)])
    far = runner.invoke(app, args + ["--endpoint", oxigraph_server])
    assert far.exit_code == 0, far.output
    assert sorted(far.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert "Inadequate" in far.stdout


def test_unreachable_endpoint_is_a_clear_error():
    port = _free_port()
    res = CliRunner().invoke(app, ["query", "documents", "--endpoint", f"http://127.0.0.1:{port}/sparql"])
    assert res.exit_code == 2 and "cannot reach" in res.output


def test_remote_errors_carry_the_server_message(oxigraph_server):
    with pytest.raises(remote.RemoteError, match="HTTP 400"):
        remote.run(oxigraph_server, "SELECT * WHERE { ?s ?p }")
