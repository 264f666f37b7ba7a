"""The ``peelkg`` command line: thin wrappers over library functions.

Exit codes: 0 success; 1 the command ran but found problems (validation errors, no report
could be read); 2 bad usage or input (unknown query, malformed SPARQL, missing graph);
3 another build holds the output folder's lock.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .paths import DEFAULT_CORPUS, DEFAULT_OUT

app = typer.Typer(
    help="peel-kg: a knowledge graph of PEEL police effectiveness inspections.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


def fail(message: str, code: int = EXIT_USAGE) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


CorpusOpt = typer.Option(DEFAULT_CORPUS, "--corpus", "-c", help="Folder (or file) of report texts.")
OutOpt = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder for the built graph.")
GraphOpt = typer.Option(DEFAULT_OUT, "--graph", "-g", help="Folder of a built graph.")


@app.command()
def build(
    corpus: Path = CorpusOpt,
    out_dir: Path = OutOpt,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parallel extraction processes."),
) -> None:
    """Read every report in CORPUS and build the graph under OUT."""
    from rich.progress import Progress

    from .build import BuildError, BuildLocked, build as run_build, discover

    try:
        files = discover(corpus)
    except BuildError as exc:
        fail(str(exc))
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=len(files))

        def on_document(name: str) -> None:
            progress.update(task, advance=1, description=f"extracting {name}")

        try:
            summary = run_build(corpus, out_dir, on_document=on_document, files=files, jobs=jobs)
        except BuildLocked as exc:
            fail(str(exc), EXIT_LOCKED)
        except BuildError as exc:
            progress.stop()
            _print_skipped(getattr(exc, "skipped", []))
            fail(str(exc), EXIT_PROBLEMS)
    table = Table(title=f"peelkg build → {summary.generation}", show_header=False)
    for label, value in [
        ("documents read", len(summary.read)),
        ("  of which extracted now (rest cached)", summary.extracted),
        ("documents skipped", len(summary.skipped)),
        ("duplicate documents", len(summary.duplicates)),
        ("triples", summary.triples),
        ("judgments", summary.judgments),
        ("findings", summary.findings),
        ("entities", summary.entities),
        ("relations", summary.relations),
        ("statistics", summary.statistics),
    ]:
        table.add_row(label, str(value))
    out.print(table)
    _print_skipped(summary.skipped + summary.duplicates)


def _print_skipped(skipped) -> None:
    for s in skipped:
        err.print(f"[yellow]skipped[/] {s.file}: {s.reason}", highlight=False)


@app.command("queries")
def list_named_queries() -> None:
    """List the named queries with their one-line descriptions."""
    from .queries import list_queries

    table = Table("name", "description")
    for q in list_queries():
        table.add_row(q.name, q.description)
    out.print(table)


@app.command()
def query(
    name: str = typer.Argument(..., help="A named query, a path to a .rq file, or - for stdin."),
    graph: Path = GraphOpt,
    fmt: str = typer.Option("table", "--format", "-f", help="table|csv|tsv|json (ttl|nt|jsonld for CONSTRUCT)."),
    param: list[str] = typer.Option([], "--param", "-p", help="Bind a variable: key=value."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query a remote SPARQL endpoint instead."),
) -> None:
    """Run a named query (or a .rq file, or SPARQL from stdin) and print the result."""
    from . import api

    params = {}
    for item in param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param takes key=value, got {item!r}")
        params[key.strip()] = value
    try:
        text = api.run_and_format(
            name, graph=graph, fmt=fmt, params=params, endpoint=endpoint,
            stdin=sys.stdin if name == "-" else None,
        )
    except api.UserError as exc:
        fail(str(exc))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def validate(graph: Path = GraphOpt) -> None:
    """Check the built graph (SHACL shapes and consistency checks); non-zero exit on errors."""
    from .store import GraphNotFound
    from .validate import validate_graph

    try:
        report = validate_graph(graph)
    except GraphNotFound as exc:
        fail(str(exc))
    out.print(report.text(), highlight=False)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEMS)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
