"""Query latency: every named query through the project API vs bare pyoxigraph vs rdflib.

Measured side by side in one run on the corpus graph (if a build exists or can be made) and
on a synthetic graph built with the project's own builder (``kg.builder``) from synthetic
extraction records (forces × years of reports, with judgments, findings, mentions,
relations, statistics and evidence, shaped like the real ones). Prints the median latency of
each query and the ratios API/pyoxigraph (target ≤ 1.5) and rdflib/API (target ≥ 10 on the
large graph).

    .venv/bin/python -m bench.bench_queries            # full: synthetic graph ≥ 1M triples
    .venv/bin/python -m bench.bench_queries --quick    # small synthetic graph, fewer repeats
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extraction.records import (  # noqa: E402
    AREAS,
    FORCE_REPORT,
    GRADES,
    CorpusResult,
    DocumentRecord,
    Evidence,
    ExtractionResult,
    Finding,
    FindingRecurrence,
    Judgment,
    Mention,
    Relation,
    ResolvedEntity,
    Statistic,
)

# --- synthetic records -------------------------------------------------------------------

_WORDS = ("force", "victims", "officers", "crime", "partners", "risk", "teams", "training",
          "supervision", "intelligence", "safeguarding", "investigations", "communities")
_CRIMES = ("burglary", "domestic abuse", "knife crime", "gang crime", "fraud", "modern slavery",
           "child sexual exploitation", "county lines", "cybercrime", "hate crime")
_POWERS = ("domestic violence protection order", "serious crime prevention order",
           "sexual harm prevention order", "Clare's Law", "stop and search",
           "criminal behaviour order", "closure order", "dispersal order")
_PARTNERS = ("National Crime Agency", "Crown Prosecution Service", "local authority",
             "HM Revenue & Customs", "probation service")
_UNIT_KINDS = ("gang command", "fraud squad", "public protection unit", "cyber team",
               "offender management unit", "safeguarding hub")


def _sentence(rng: random.Random, *names: str) -> str:
    words = [rng.choice(_WORDS) for _ in range(12)]
    for name in names:
        words.insert(rng.randrange(len(words)), name)
    return " ".join(words).capitalize() + "."


class _Doc:
    """Accumulates the text of one synthetic report so every evidence span is real."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.parts: list[str] = []
        self.length = 0

    def evidence(self, sentence: str, quote: str, rule: str) -> Evidence:
        start = self.length + max(sentence.find(quote), 0)
        self.parts.append(sentence + " ")
        self.length += len(sentence) + 1
        return Evidence(self.doc_id, start, start + len(quote), quote, rule, sentence)


def synthetic_corpus(n_forces: int = 43, n_years: int = 17, mentions_per_doc: int = 50,
                     seed: int = 7) -> CorpusResult:
    """Force reports for n_forces × n_years, each with ~1,400 triples' worth of facts."""
    rng = random.Random(seed)
    forces = [f"Synthetic Force {i:02d}" for i in range(n_forces)]
    entities: dict[str, ResolvedEntity] = {}

    def entity(etype: str, label: str, force: str | None = None) -> str:
        key = f"{etype}:{label.lower()}"
        entities.setdefault(key, ResolvedEntity(key, etype, label, (label.upper()[:6],), force))
        return key

    documents, recurrences = [], []
    previous_finding: dict[str, tuple[str, str]] = {}
    for fi, force in enumerate(forces):
        units = [entity("Unit", f"{force} {kind}", force) for kind in _UNIT_KINDS]
        initiatives = [entity("Initiative", f"Operation {force.split()[-1]}{k}") for k in "ABC"]
        for year in range(2014, 2014 + n_years):
            doc_id = f"syn{fi:02d}{year}"
            d = _Doc(doc_id)
            judgments = [
                Judgment(force, year, area, g, f"How effective is the force at {area}?",
                         d.evidence(f"The force is {g.lower()} at {area}.", g, "judgments.synthetic"))
                for area in AREAS for g in [rng.choice(GRADES)]
            ]
            mentions, relations, stats, findings = [], [], [], []
            pool = units + initiatives + [entity("Power", p) for p in _POWERS] + [
                entity("CrimeType", c) for c in _CRIMES] + [entity("PartnerOrganisation", p) for p in _PARTNERS]
            for _ in range(mentions_per_doc):
                key = rng.choice(pool)
                label = entities[key].pref_label
                ev = d.evidence(_sentence(rng, label), label, "mentions.synthetic")
                mentions.append(Mention(key, entities[key].entity_type, label, label, (), ev))
            for _ in range(15):
                unit, power = rng.choice(units), entity("Power", rng.choice(_POWERS))
                s = _sentence(rng, entities[unit].pref_label, "uses", entities[power].pref_label)
                relations.append(Relation(unit, "usesPower", power, d.evidence(s, s[:40], "relations.synthetic")))
            for init in initiatives:
                crime = entity("CrimeType", rng.choice(_CRIMES))
                s = _sentence(rng, entities[init].pref_label, "targets", entities[crime].pref_label)
                relations.append(Relation(init, "targetsCrimeType", crime, d.evidence(s, s[:40], "relations.synthetic")))
            for _ in range(10):
                subject = rng.choice(pool)
                value = rng.randint(1, 5000)
                s = _sentence(rng, str(value), entities[subject].pref_label)
                stats.append(Statistic(subject, "people subject to orders", float(value), "count",
                                       f"1 July {year}", d.evidence(s, str(value), "statistics.synthetic")))
            for k in range(10):
                kind = ("area for improvement", "cause of concern", "recommendation")[k % 3]
                mentioned = rng.choice(pool)
                text = _sentence(rng, "The force should", entities[mentioned].pref_label)
                fid = f"f-{k}"
                findings.append(Finding(fid, kind, text, rng.choice(AREAS), force, year,
                                        d.evidence(text, text, "findings.synthetic"),
                                        parent="f-1" if kind == "recommendation" else None,
                                        mentions=(mentioned,)))
            if force in previous_finding:
                prev_doc, prev_fid = previous_finding[force]
                recurrences.append(FindingRecurrence(force, prev_doc, prev_fid, doc_id, "f-0", 0.8, "synthetic"))
            previous_finding[force] = (doc_id, "f-0")
            text = "".join(d.parts)
            title_ev = d.evidence(f"{force} PEEL {year}.", force, "metadata.synthetic")
            doc = DocumentRecord(doc_id, f"{doc_id}.txt", f"PEEL: police effectiveness {year} – {force}",
                                 FORCE_REPORT, year, force, len(text), len(text.split()), (title_ev,))
            documents.append(ExtractionResult(doc, judgments, [], findings, mentions, relations, stats))
    return CorpusResult(documents, sorted(entities.values(), key=lambda e: e.key), recurrences)


def write_graph(corpus: CorpusResult, out_dir: Path) -> Path:
    """A graph folder (N-Quads export, store, manifest) from records via ``kg.builder``."""
    import json

    from kg import serialize
    from kg.builder import build_graph
    from kg.paths import ONTOLOGY_FILE
    from kg.store import load_store

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nquads = serialize.to_nquads(serialize.with_ontology(build_graph(corpus), ONTOLOGY_FILE))
    (out_dir / "peel.nq").write_bytes(nquads)
    load_store(out_dir / "store", nquads)
    manifest = {"documents": [r.document.file_name for r in corpus.documents], "triples": nquads.count(b"\n")}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return out_dir


# --- measuring ---------------------------------------------------------------------------


def _paired_median_ms(a, b, repeat: int, budget_s: float) -> tuple[float, float]:
    """Median ms of a() and b(), run alternately after one warm-up each (fair under load)."""
    a(), b()
    ta, tb = [], []
    start = time.perf_counter()
    for _ in range(repeat):
        for fn, times in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - start > budget_s:
            break
    return statistics.median(ta), statistics.median(tb)


def _rdflib_median_ms(rdf, sparql: str, repeat: int, budget_s: float) -> tuple[float, bool]:
    """Median rdflib latency, measured in a forked child killed at ``budget_s`` (rdflib cannot
    be interrupted). Returns (ms, stopped): when stopped before one run ended, ms is the budget,
    a lower bound."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        for _ in range(repeat + 1):  # the first run is a warm-up, dropped below if others finish
            t0 = time.perf_counter()
            try:
                list(rdf.query(sparql))
            except Exception:  # rdflib may not support some SPARQL the store does
                send.send(None)
                return
            send.send((time.perf_counter() - t0) * 1000)

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    times, deadline = [], time.perf_counter() + budget_s
    while len(times) < repeat + 1 and receive.poll(max(0.0, deadline - time.perf_counter())):
        value = receive.recv()
        if value is None:
            break
        times.append(value)
    proc.kill()
    proc.join()
    if len(times) > 1:
        times = times[1:]
    if times:
        return statistics.median(times), False
    return budget_s * 1000, True


def bench_graph(label: str, graph_dir: Path, repeat: int, rdflib_budget_s: float) -> list[dict]:
    """Median latency of every named query via kg API, bare pyoxigraph and rdflib."""
    import kg
    from kg.queries import list_queries

    g = kg.open_graph(graph_dir)
    bare = ox.Store.read_only(str(g.generation / "store"))
    t0 = time.perf_counter()
    rdf = g.rdflib_graph()
    load_s = time.perf_counter() - t0
    list(rdf.query("ASK { ?s ?p ?o }"))  # build rdflib's SPARQL grammar once, before forking
    print(f"\n== {label}: {len(rdf):,} triples (rdflib parse {load_s:.1f}s)", flush=True)
    print(f"{'query':32} {'api ms':>9} {'oxi ms':>9} {'rdflib ms':>10} {'api/oxi':>8} {'rdflib/api':>10}")
    rows = []
    for nq in list_queries():
        def api_call(nq=nq):
            res = g.run(nq.sparql)
            if res.kind == "select":
                res.values()

        def bare_call(nq=nq):
            answer = bare.query(nq.sparql)
            if isinstance(answer, ox.QuerySolutions):
                [list(sol) for sol in answer]
            elif isinstance(answer, ox.QueryTriples):
                list(answer)

        api_ms, oxi_ms = _paired_median_ms(api_call, bare_call, repeat, 30)
        rdf_ms, capped = _rdflib_median_ms(rdf, nq.sparql, max(1, repeat // 5), rdflib_budget_s)
        row = {"graph": label, "query": nq.name, "api_ms": api_ms, "pyoxigraph_ms": oxi_ms,
               "rdflib_ms": rdf_ms, "api_over_pyoxigraph": api_ms / oxi_ms if oxi_ms else float("nan"),
               "rdflib_over_api": rdf_ms / api_ms if api_ms else float("nan")}
        rows.append(row)
        row["rdflib_stopped_at_budget"] = capped
        print(f"{nq.name:32} {api_ms:9.2f} {oxi_ms:9.2f} {('>' if capped else '') + f'{rdf_ms:.1f}':>10} "
              f"{row['api_over_pyoxigraph']:8.2f} {row['rdflib_over_api']:10.1f}", flush=True)
    _summary(label, rows)
    return rows


def _summary(label: str, rows: list[dict]) -> None:
    ratios = [r["api_over_pyoxigraph"] for r in rows]
    speedups = [r["rdflib_over_api"] for r in rows if r["rdflib_over_api"] == r["rdflib_over_api"]]
    api_total = sum(r["api_ms"] for r in rows)
    oxi_total = sum(r["pyoxigraph_ms"] for r in rows)
    print(f"-- {label}: api/pyoxigraph median {statistics.median(ratios):.2f}, worst {max(ratios):.2f}, "
          f"sum-of-medians {api_total / oxi_total:.2f} (target <= 1.5)")
    if speedups:
        print(f"-- {label}: rdflib/api median {statistics.median(speedups):.1f}x, "
              f"min {min(speedups):.1f}x (target >= 10x on the large graph)")


def run(quick: bool = False, corpus_graph: Path | None = None) -> list[dict]:
    """Run the benchmark; returns one dict per (graph, query). ``quick`` keeps it under a minute."""
    from kg.paths import DEFAULT_CORPUS

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        tmp = Path(tmp)
        graph = corpus_graph
        if graph is None and (ROOT / "build" / "CURRENT").exists():
            graph = ROOT / "build"  # the repository's own build, if there is one
        if graph is None and quick:
            print("no corpus graph given or in build/: skipped in quick mode", file=sys.stderr)
        elif graph is None:
            try:
                from kg.build import build

                build(DEFAULT_CORPUS, tmp / "corpus")
                graph = tmp / "corpus"
            except Exception as exc:  # the corpus graph is optional: report and go on
                print(f"corpus graph not available ({type(exc).__name__}: {exc})", file=sys.stderr)
        if graph is not None:
            results += bench_graph("corpus", graph, repeat=5 if quick else 30, rdflib_budget_s=5 if quick else 15)
        size = dict(n_forces=6, n_years=5) if quick else dict(n_forces=43, n_years=19)
        t0 = time.perf_counter()
        write_graph(synthetic_corpus(**size), tmp / "synthetic")
        print(f"\nsynthetic graph built with kg.builder in {time.perf_counter() - t0:.1f}s", flush=True)
        label = "synthetic-small" if quick else "synthetic-1M"
        results += bench_graph(label, tmp / "synthetic", repeat=5 if quick else 15,
                               rdflib_budget_s=5 if quick else 20)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small synthetic graph, fewer repeats")
    parser.add_argument("--graph", type=Path, help="an already built corpus graph folder")
    args = parser.parse_args(argv)
    run(quick=args.quick, corpus_graph=args.graph)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
