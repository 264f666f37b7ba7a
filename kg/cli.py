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
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)  # paths stay on one line
    raise typer.Exit(code)


CorpusOpt = typer.Option(DEFAULT_CORPUS, "--corpus", "-c", help="Folder (or file) of report texts.")
OutOpt = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder for the built graph.")
GraphOpt = typer.Option(DEFAULT_OUT, "--graph", "-g", help="Folder of a built graph.")


@app.command()
def build(
    corpus: Path = CorpusOpt,
    out_dir: Path = OutOpt,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parallel extraction processes."),
    max_file_mb: float = typer.Option(20.0, "--max-file-mb", min=0.001, help="Skip files larger than this."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if nothing changed."),
) -> None:
    """Read every report in CORPUS and build the graph under OUT (only changed documents are re-extracted)."""
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
            summary = run_build(
                corpus, out_dir, on_document=on_document, files=files, jobs=jobs,
                max_file_bytes=int(max_file_mb * 1024 * 1024), force=force,
            )
        except OSError as exc:  # e.g. --out is a file, or not writable
            progress.stop()
            fail(f"cannot write {out_dir}: {exc.strerror or exc}", EXIT_USAGE)
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
        ("unchanged: current graph kept", "yes" if summary.reused else "no"),
        ("seconds", f"{summary.timings.get('total', 0.0):.2f}"),
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
        err.print(f"[yellow]skipped[/] {s.file}: {s.reason}", highlight=False, soft_wrap=True)


@app.command("queries")
def list_named_queries(
    details: bool = typer.Option(False, "--details", "-d", help="Show every header line and the variables."),
) -> None:
    """List the named queries with their one-line descriptions."""
    from .queries import list_queries

    if details:
        for q in list_queries():
            out.print(f"[bold]{q.name}[/]", highlight=False)
            for line in q.header:
                out.print(f"  {line}", highlight=False, markup=False)
            out.print(f"  variables: {', '.join(q.parameters)}", highlight=False, markup=False)
        return
    table = Table("name", "description")
    for q in list_queries():
        table.add_row(q.name, q.description)
    out.print(table)


@app.command()
def query(
    name: str = typer.Argument(..., help="A named query, a path to a .rq file, or - for stdin."),
    graph: Path = GraphOpt,
    fmt: str = typer.Option(
        "table", "--format", "-f",
        help="table|csv|tsv|json|xml (json/xml: SPARQL 1.1 results); ttl|nt|jsonld for CONSTRUCT/DESCRIBE.",
    ),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="Bind a variable: key=value (2018 → integer, http://… → IRI, else text)."
    ),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query a remote SPARQL 1.1 endpoint URL instead."),
) -> None:
    """Run a named query (or a .rq file, or SPARQL from stdin with -) and print the result."""
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
def serve(
    graph: Path = GraphOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (loopback unless told otherwise)."),
    port: int = typer.Option(7878, "--port", help="TCP port."),
    timeout: float = typer.Option(10.0, "--timeout", help="Per-query time limit in seconds."),
    max_rows: int = typer.Option(10_000, "--max-rows", help="Rows/triples returned at most (more are cut)."),
    max_body: int = typer.Option(1_000_000, "--max-body", help="Largest request body in bytes (else 413)."),
    workers: int = typer.Option(2, "--workers", min=1, help="Query worker processes."),
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (GET/POST /sparql, HTML page at /)."""
    from .server import Limits, serve as run_server
    from .store import GraphNotFound

    limits = Limits(timeout_s=timeout, max_rows=max_rows, max_body_bytes=max_body, workers=workers)
    err.print(f"peel-kg SPARQL endpoint on http://{host}:{port}/sparql (Ctrl-C to stop)", highlight=False)
    try:
        run_server(graph, host=host, port=port, limits=limits)
    except GraphNotFound as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc}")


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


@app.command()
def network(
    graph: Path = GraphOpt,
    fmt: str = typer.Option("graphml", "--format", "-f", help="graphml|gexf (for Gephi, Cytoscape)."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    force: Optional[str] = typer.Option(None, "--force", help="Only what this force's reports state."),
    year: list[int] = typer.Option([], "--year", help="Only what reports of this year state (repeatable)."),
    node_type: list[str] = typer.Option([], "--type", help="Keep this node type (repeatable)."),
    predicate: list[str] = typer.Option([], "--predicate", help="Keep this relation (repeatable)."),
) -> None:
    """Write the graph as a network (entities, findings, relations) in GraphML or GEXF."""
    from . import network as net
    from .store import GraphNotFound

    if fmt not in net.WRITERS:
        fail(f"unknown network format {fmt!r} (known: {', '.join(net.WRITERS)})")
    try:
        g = net.project(graph, force=force, years=year or None, node_types=node_type or None,
                        predicates=predicate or None)
    except GraphNotFound as exc:
        fail(str(exc))
    net.WRITERS[fmt](g, output)
    out.print(f"{output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", highlight=False)


@app.command("eval")
def eval_(
    corpus: Optional[Path] = typer.Option(
        None, "--corpus", "-c",
        help="Folder of report texts (default: ../shared/corpus; with --answers, the answers file's folder)."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Folder of the gold sample (default: tests/data/gold)."),
    answers: Optional[Path] = typer.Option(
        None, "--answers", "-a", help="Score grade facts and document metadata against this answers.json instead."),
    errors: bool = typer.Option(False, "--errors", help="Also list every missed and extra item."),
) -> None:
    """Precision, recall and F1 of entities, relations and statistics against the gold sample,
    or (--answers) of grade facts per kind of text and document metadata against an answers file."""
    if answers is not None:
        _eval_answers(corpus or answers.parent, answers, errors)
        return
    from extraction.evaluate import GOLD_DIR, evaluate

    try:
        report = evaluate(corpus or DEFAULT_CORPUS, gold or GOLD_DIR)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    table = Table("type", "gold", "predicted", "matched", "precision", "recall", "F1", title="peelkg eval")
    for name, n_gold, n_pred, tp, p, r, f in report.table():
        table.add_row(name, str(n_gold), str(n_pred), str(tp), f"{p:.2f}", f"{r:.2f}", f"{f:.2f}")
    out.print(table)
    if errors:
        for line in report.errors:
            out.print(line, highlight=False, markup=False)


def _eval_answers(corpus: Path, answers: Path, errors: bool) -> None:
    """Print grade-fact P/R/F1 (overall, per kind of text, findings) and metadata accuracy."""
    from extraction.evaluate import METADATA_FIELDS, evaluate_answers

    try:
        report = evaluate_answers(corpus, answers)
    except (FileNotFoundError, ValueError, OSError) as exc:
        fail(str(exc))
    table = Table("facts", "answers", "predicted", "matched", "precision", "recall", "F1",
                  title=f"peelkg eval --answers {answers}")
    for name, n_gold, n_pred, tp, p, r, f in report.table():
        table.add_row(name, str(n_gold), str(n_pred), str(tp), f"{p:.2f}", f"{r:.2f}", f"{f:.2f}")
    out.print(table)
    meta = Table("document field", "correct", "files", "accuracy", title="document metadata")
    for name in METADATA_FIELDS:
        correct, total = report.metadata.get(name, (0, 0))
        meta.add_row(name, str(correct), str(total), f"{report.accuracy(name):.2f}")
    out.print(meta)
    refused = [f for f in report.files if f.refused]
    crashed = [f for f in report.files if f.failed]
    out.print(f"{len(report.files)} files: {len(refused)} refused as not PEEL "
              f"({sum(f.kind == 'not peel' for f in refused)} of them rightly), {len(crashed)} crashed",
              highlight=False)
    if errors:
        for line in report.errors:
            out.print(line, highlight=False, markup=False, soft_wrap=True)  # one line per error, for grep


@app.command()
def export(
    graph: Path = GraphOpt,
    fmt: str = typer.Option("ttl", "--format", "-f", help="Export format: ttl|trig|nq|jsonld, or graphml|gexf for the network (see kg.export.EXPORTERS)."),
    out_file: Path = typer.Option(..., "--out", "-o", help="File to write (atomically)."),
) -> None:
    """Write the built graph and the ontology to one file (TriG/N-Quads/JSON-LD: ontology in its own named graph)."""
    from .export import UnknownFormat, export as run_export
    from .store import GraphNotFound

    try:
        result = run_export(graph, fmt, out_file)
    except (UnknownFormat, GraphNotFound) as exc:
        fail(str(exc))
    out.print(f"wrote {result.statements} statements ({result.format}) to {result.path}", highlight=False)


@app.command()
def explain(
    name: str = typer.Argument(..., help="An entity's name or alias, e.g. Trident, DVPO, MOPAC."),
    graph: Path = GraphOpt,
) -> None:
    """Everything known about an entity: labels, mentions, relations, statistics, findings, with evidence."""
    from extraction.explain import explain as run_explain

    from .store import GraphNotFound

    try:
        found = run_explain(graph, name)
    except GraphNotFound as exc:
        fail(str(exc))
    if not found:
        fail(f"no entity named {name!r} in the graph (try `peelkg query entities`)", EXIT_PROBLEMS)
    for e in found:
        out.print(f"[bold]{e.label}[/] ({e.type})  {e.entity}", highlight=False)
        if e.aliases:
            out.print("  also: " + " | ".join(e.aliases), highlight=False, markup=False)
        for title, rows in (("mentions", e.mentions), ("relations", e.relations),
                            ("statistics", e.statistics), ("findings", e.findings)):
            if rows:
                table = Table(*rows[0].keys(), title=f"{title} ({len(rows)})", title_justify="left")
                for row in rows:
                    table.add_row(*("" if v is None else str(v) for v in row.values()))
                out.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
