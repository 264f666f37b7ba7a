"""Measure the extractor against the hand-annotated gold sample (``tests/data/gold``).

The gold sample annotates whole passages ("spans"); each span says which layers (entities,
relations, statistics) were annotated completely inside it, so precision is measured only on
predictions that fall inside a span annotated for that layer. Matching rules:

- entities: a predicted mention matches a gold entity when their character spans overlap and
  their types are equal (one-to-one, largest overlap first);
- relations: unique (subject, predicate, object) triples per span; subject and object match
  when any label of the predicted entity (preferred, alternative, or the key's own label)
  equals, after normalisation (case, quotes, a leading "the", a plural "s"), any surface form
  or canonical label of the gold entity;
- statistics: a predicted statistic matches a gold one in the same span with the same unit
  and the same value.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .forces import canonical_force
from .records import OTHER_AREAS, ExtractionResult, ResolvedEntity

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold"
LAYERS = ("entities", "relations", "statistics")


@dataclass
class Score:
    """True positives, false positives and false negatives of one row of the table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Gold:
    spans: list[dict]
    entities: list[dict]
    relations: list[dict]
    statistics: list[dict]

    def documents(self) -> list[str]:
        return sorted({s["doc"] for s in self.spans})

    def spans_for(self, doc: str, layer: str) -> list[dict]:
        return [s for s in self.spans if s["doc"] == doc and layer in s["layers"]]


@dataclass
class Report:
    """Scores per row ("entities: Unit", "relations", ...) and the errors behind them."""

    scores: dict[str, Score] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def row(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def table(self) -> list[tuple[str, int, int, int, float, float, float]]:
        """Rows of (name, gold, predicted, matched, precision, recall, F1)."""
        out = []
        for name in sorted(self.scores, key=_row_order):
            s = self.scores[name]
            out.append((name, s.tp + s.fn, s.tp + s.fp, s.tp, s.precision, s.recall, s.f1))
        return out


def _row_order(name: str) -> tuple[int, int, str]:
    layer = name.split(":")[0]
    return (LAYERS.index(layer) if layer in LAYERS else 9, 0 if ":" not in name else 1, name)


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_gold(folder: Path = GOLD_DIR) -> Gold:
    folder = Path(folder)
    return Gold(*(_read_jsonl(folder / f"{name}.jsonl") for name in ("spans", "entities", "relations", "statistics")))


# --- label normalisation -------------------------------------------------------------------


def norm(label: str) -> str:
    """Lower case, straight quotes, no leading 'the', no possessive, no plural 's', single spaces."""
    s = label.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"'s\b", "s", s)
    s = re.sub(r"[^a-z0-9&]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    words = s.split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def gold_aliases(gold: Gold) -> dict[str, set[str]]:
    """Canonical gold label -> normalised canonical label and every surface form annotated for it."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for e in gold.entities:
        aliases[e["label"]].update({norm(e["label"]), norm(e["text"])})
    for r in gold.relations:
        for label in (r["subject"], r["object"]):
            aliases[label].add(norm(label))
    return aliases


def predicted_labels(results: Iterable[ExtractionResult], entities: Iterable[ResolvedEntity]) -> dict[str, set[str]]:
    """Entity key -> normalised labels it is known by (key label, preferred, alternative, surface)."""
    labels: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        labels[e.key].update(norm(x) for x in (e.pref_label, *e.alt_labels))
    for r in results:
        for m in r.mentions:
            labels[m.entity_key].update(norm(x) for x in (m.label, m.pref_label, *m.alt_labels))
    for key in list(labels):
        labels[key].add(norm(key.partition(":")[2]))
    return labels


# --- matching -------------------------------------------------------------------------------


def _inside(start: int, end: int, span: dict) -> bool:
    return start < span["end"] and end > span["start"]


def score_entities(report: Report, gold: Gold, doc: str, result: ExtractionResult) -> None:
    for span in gold.spans_for(doc, "entities"):
        golds = [g for g in gold.entities if g["span"] == span["id"]]
        preds = [m for m in result.mentions if _inside(m.evidence.start, m.evidence.end, span)]
        pairs = []
        for gi, g in enumerate(golds):
            for pi, m in enumerate(preds):
                overlap = min(g["end"], m.evidence.end) - max(g["start"], m.evidence.start)
                if overlap > 0 and m.entity_type == g["type"]:
                    pairs.append((-overlap, gi, pi))
        used_g, used_p = set(), set()
        for _, gi, pi in sorted(pairs):
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            report.row("entities").tp += 1
            report.row(f"entities:{golds[gi]['type']}").tp += 1
        for gi, g in enumerate(golds):
            if gi not in used_g:
                report.row("entities").fn += 1
                report.row(f"entities:{g['type']}").fn += 1
                report.errors.append(f"entity missed  {span['id']}: {g['text']!r} ({g['type']})")
        for pi, m in enumerate(preds):
            if pi not in used_p:
                report.row("entities").fp += 1
                report.row(f"entities:{m.entity_type}").fp += 1
                report.errors.append(f"entity extra   {span['id']}: {m.evidence.text!r} ({m.entity_type})")


def score_relations(report: Report, gold: Gold, doc: str, result: ExtractionResult,
                    labels: dict[str, set[str]], aliases: dict[str, set[str]]) -> None:
    for span in gold.spans_for(doc, "relations"):
        golds = sorted({(r["subject"], r["predicate"], r["object"]) for r in gold.relations if r["span"] == span["id"]})
        preds = sorted({(r.subject, r.predicate, r.object) for r in result.relations
                        if _inside(r.evidence.start, r.evidence.end, span)})
        used_g, used_p = set(), set()
        for gi, (gs, gp, go) in enumerate(golds):
            for pi, (ps, pp, po) in enumerate(preds):
                if pi in used_p or pp != gp:
                    continue
                if labels.get(ps, {norm(ps.partition(':')[2])}) & aliases[gs] and \
                        labels.get(po, {norm(po.partition(':')[2])}) & aliases[go]:
                    used_g.add(gi)
                    used_p.add(pi)
                    break
        row = report.row("relations")
        row.tp += len(used_g)
        row.fn += len(golds) - len(used_g)
        row.fp += len(preds) - len(used_p)
        report.errors += [f"relation missed {span['id']}: {g}" for i, g in enumerate(golds) if i not in used_g]
        report.errors += [f"relation extra  {span['id']}: {p}" for i, p in enumerate(preds) if i not in used_p]


def _same_value(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def score_statistics(report: Report, gold: Gold, doc: str, result: ExtractionResult) -> None:
    for span in gold.spans_for(doc, "statistics"):
        golds = [g for g in gold.statistics if g["span"] == span["id"]]
        preds = [s for s in result.statistics if _inside(s.evidence.start, s.evidence.end, span)]
        used_p: set[int] = set()
        for g in golds:
            hit = next((i for i, s in enumerate(preds) if i not in used_p and s.unit == g["unit"]
                        and _same_value(s.value, g["value"])), None)
            if hit is None:
                report.row("statistics").fn += 1
                report.errors.append(f"statistic missed {span['id']}: {g['text']!r} = {g['value']} {g['unit']}")
                continue
            used_p.add(hit)
            report.row("statistics").tp += 1
            dates = report.row("statistics:date")
            if (preds[hit].date or None) == (g["date"] or None):
                dates.tp += 1
            else:
                dates.fp += 1
                dates.fn += 1
        for i, s in enumerate(preds):
            if i not in used_p:
                report.row("statistics").fp += 1
                report.errors.append(f"statistic extra  {span['id']}: {s.evidence.text!r} = {s.value} {s.unit}")


def evaluate_results(results: dict[str, ExtractionResult], entities: Sequence[ResolvedEntity], gold: Gold) -> Report:
    """Score already extracted documents (file name -> result) against the gold sample."""
    report = Report()
    for layer in LAYERS:
        report.row(layer)
    labels = predicted_labels(results.values(), entities)
    aliases = gold_aliases(gold)
    for doc in gold.documents():
        result = results.get(doc)
        if result is None:
            raise FileNotFoundError(f"gold document {doc} was not extracted")
        score_entities(report, gold, doc, result)
        score_relations(report, gold, doc, result, labels, aliases)
        score_statistics(report, gold, doc, result)
    return report


def evaluate(corpus: Path, gold_dir: Path = GOLD_DIR) -> Report:
    """Run the extraction pipeline on the gold documents of ``corpus`` and score it."""
    from .pipeline import extract_document, link_corpus
    from .reader import read_report

    gold = load_gold(gold_dir)
    if not gold.spans:
        raise FileNotFoundError(f"no gold sample in {gold_dir}")
    results = {}
    for doc in gold.documents():
        source = read_report(Path(corpus) / doc)
        expected = {s["doc_id"] for s in gold.spans if s["doc"] == doc}
        if source.doc_id not in expected:
            raise ValueError(f"{doc}: text differs from the annotated version (offsets would be wrong)")
        results[doc] = extract_document(source)
    linked = link_corpus(list(results.values()))
    return evaluate_results(results, linked.entities, gold)


# --- grade facts against an answers file (issue 15) -----------------------------------------
#
# An answers file (schema: ../shared/dev-corpus/README.md) lists, per text file, its kind, pillar,
# force and inspection year and the grade facts it states. Grade facts are compared per file as
# multisets of distinct keys (force, year, pillar, code, grade); our OTHER_AREAS codes all count
# as the answers' code "other", so two different efficiency questions with the same grade count
# twice. A refused file (NotAReport, ReadError) produced nothing, and is right for "not peel".

NOT_PEEL = "not peel"
ANSWER_KINDS = ("force report", "national report", "press release", "news", "pcc page", NOT_PEEL)
_ANSWER_KIND = {"commissioner page": "pcc page"}  # our kind -> the answers' word for it
METADATA_FIELDS = ("kind", "force", "year", "pillar")


@dataclass(frozen=True, order=True)
class GradeKey:
    """What makes two grade facts the same: force (canonical), year, pillar, answer code, grade."""

    force: str
    year: int
    pillar: str
    code: str
    grade: str

    def __str__(self) -> str:
        return f"{self.force} | {self.year} | {self.pillar} | {self.code} | {self.grade}"


@dataclass
class FileOutcome:
    """What the extractor made of one answered file, next to what the answers say."""

    file: str
    kind: str  # the answers' kind
    predicted_kind: str  # ours, in the answers' words ("not peel" when refused)
    refused: str | None  # the reason, when the reader or metadata refused the file
    grades: Score
    metadata: dict[str, bool]  # field -> correct
    failed: str | None = None  # the exception, when extraction crashed (scored as reading nothing)


@dataclass
class AnswersReport:
    """Grade-fact scores overall and per kind of text, document metadata accuracy, and errors."""

    scores: dict[str, Score] = field(default_factory=dict)  # "grades", "grades: <kind>", "findings"
    metadata: dict[str, list[int]] = field(default_factory=dict)  # field -> [correct, total]
    files: list[FileOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def row(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def table(self) -> list[tuple[str, int, int, int, float, float, float]]:
        """Rows of (name, gold, predicted, matched, precision, recall, F1): grades, per kind, findings."""
        order = ["grades"] + [f"grades: {k}" for k in ANSWER_KINDS] + ["findings"]
        rows = []
        for name in order + sorted(set(self.scores) - set(order)):
            if name in self.scores:
                s = self.scores[name]
                rows.append((name, s.tp + s.fn, s.tp + s.fp, s.tp, s.precision, s.recall, s.f1))
        return rows

    def accuracy(self, name: str) -> float:
        correct, total = self.metadata.get(name, (0, 0))
        return correct / total if total else 1.0

    def outcome(self, file: str) -> FileOutcome:
        return next(f for f in self.files if f.file == file)


def answer_code(area: str) -> str:
    """Our area code in the answers' vocabulary: every OTHER_AREAS code is "other"."""
    return "other" if area in OTHER_AREAS else area


def _force(name: str | None) -> str | None:
    return canonical_force(name) if name else None


def answer_grade_keys(entry: dict) -> list[GradeKey]:
    """The grade facts one answers entry states (a list: the answers may state a key twice)."""
    return [GradeKey(_force(g["force"]) or "", int(g["year"]), g["pillar"], g["code"], g["grade"])
            for g in entry.get("facts", {}).get("grades", [])]


def predicted_grade_keys(result: ExtractionResult | None) -> dict[GradeKey, list]:
    """Our grade facts of one file: distinct (force, year, pillar, area, grade), then codes mapped.

    Several statements of one fact count once; two different areas that both map to "other"
    count twice. Each key keeps one judgment per distinct area, for the error listing.
    """
    keys: dict[GradeKey, list] = defaultdict(list)
    if result is None:
        return keys
    seen = set()
    for j in result.judgments:
        ours = (_force(j.force), j.year, j.pillar, j.area, j.grade)
        if ours in seen:
            continue
        seen.add(ours)
        keys[GradeKey(ours[0] or "", j.year, j.pillar, answer_code(j.area), j.grade)].append(j)
    return keys


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower().replace("’", "'")).split())


def _score_findings(report: AnswersReport, name: str, entry: dict, result: ExtractionResult | None) -> None:
    """Loose finding match: ours starts with the answer's text_start (case and spacing ignored)."""
    starts = [_squash(f["text_start"]) for f in entry.get("facts", {}).get("findings", [])]
    ours = [_squash(f.text) for f in result.findings] if result else []
    used: set[int] = set()
    row = report.row("findings")
    for start, raw in zip(starts, entry.get("facts", {}).get("findings", [])):
        hit = next((i for i, t in enumerate(ours) if i not in used and t.startswith(start)), None)
        if hit is None:
            row.fn += 1
            report.errors.append(f"finding missed {name}: {raw['type']}: {raw['text_start']!r}")
        else:
            used.add(hit)
            row.tp += 1
    row.fp += len(ours) - len(used)


def _predicted_kind(result: ExtractionResult | None) -> str:
    if result is None:
        return NOT_PEEL
    return _ANSWER_KIND.get(result.document.kind, result.document.kind)


def _metadata_outcome(entry: dict, result: ExtractionResult | None) -> dict[str, bool]:
    """Per field, whether our document record agrees; for a "not peel" answer, whether we refused."""
    if entry["kind"] == NOT_PEEL:
        return {f: result is None for f in METADATA_FIELDS}
    if result is None:
        return {f: False for f in METADATA_FIELDS}
    doc = result.document
    expected = entry.get("facts", {}).get("documents", {})
    return {
        "kind": _predicted_kind(result) == entry["kind"],
        "force": _force(doc.force) == _force(expected.get("force")),
        "year": doc.year == expected.get("year"),
        "pillar": (doc.pillar or "none") == entry.get("pillar", "none"),
    }


def score_answer(report: AnswersReport, entry: dict, result: ExtractionResult | None,
                 refused: str | None = None, failed: str | None = None) -> FileOutcome:
    """Score one file's extraction (None: refused, or ``failed``) against its answers entry."""
    name, kind = entry["file"], entry["kind"]
    expected = Counter(answer_grade_keys(entry))
    predicted_judgments = predicted_grade_keys(result)
    predicted = Counter({k: len(v) for k, v in predicted_judgments.items()})
    matched = expected & predicted
    score = Score(tp=sum(matched.values()), fp=sum((predicted - matched).values()),
                  fn=sum((expected - matched).values()))
    for row in (report.row("grades"), report.row(f"grades: {kind}")):
        row.tp += score.tp
        row.fp += score.fp
        row.fn += score.fn
    for key, n in sorted((predicted - matched).items()):
        for j in predicted_judgments[key][-n:]:
            sentence = j.evidence.sentence or " ".join(j.evidence.text.split())
            report.errors.append(f"grade extra  {name}: {key} (area {j.area}; rule {j.evidence.rule}; "
                                 f"source {j.source}): {sentence!r}")
    for key, n in sorted((expected - matched).items()):
        report.errors.extend(f"grade missed {name}: {key}" for _ in range(n))
    metadata = _metadata_outcome(entry, result)
    if failed:  # a crash is never a right refusal
        metadata = {f: False for f in METADATA_FIELDS}
        report.errors.append(f"crashed      {name}: {failed}")
    for f, ok in metadata.items():
        counts = report.metadata.setdefault(f, [0, 0])
        counts[0] += ok
        counts[1] += 1
    predicted_kind = "failed" if failed else _predicted_kind(result)
    if not all(metadata.values()) and not failed:
        doc = result.document if result else None
        ours = (f"refused: {refused}" if result is None else
                f"kind={predicted_kind!r} force={doc.force!r} year={doc.year} pillar={doc.pillar!r}")
        want = entry.get("facts", {}).get("documents", {})
        report.errors.append(f"metadata     {name}: {ours}; answers kind={kind!r} force={want.get('force')!r} "
                             f"year={want.get('year')} pillar={entry.get('pillar')!r}")
    _score_findings(report, name, entry, result)
    outcome = FileOutcome(name, kind, predicted_kind, refused, score, metadata, failed)
    report.files.append(outcome)
    return outcome


def load_answers(path: Path) -> list[dict]:
    """The answers file: a JSON list with one object per text file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(e, dict) and "file" in e and "kind" in e for e in data):
        raise ValueError(f"{path}: not an answers file (a JSON list of objects with 'file' and 'kind')")
    return data


def extract_file(path: Path) -> tuple[ExtractionResult | None, str | None, str | None]:
    """(result, refusal reason, crash) for one file: one measurement survives a crashing rule."""
    from .metadata import NotAReport
    from .pipeline import extract_document
    from .reader import ReadError, read_report

    try:
        return extract_document(read_report(path)), None, None
    except ReadError as exc:
        return None, exc.reason, None
    except NotAReport as exc:
        return None, str(exc), None
    except Exception as exc:  # noqa: BLE001 - reported per file, and failed by tests/test_peel_texts.py
        return None, None, f"{type(exc).__name__}: {exc}"


def evaluate_answers(corpus_dir: Path, answers_path: Path) -> AnswersReport:
    """Extract every answered text of ``corpus_dir`` and score grade facts, metadata and findings."""
    answers = load_answers(answers_path)
    report = AnswersReport()
    report.row("grades")
    for entry in sorted(answers, key=lambda e: e["file"]):
        path = Path(corpus_dir) / entry["file"]
        if not path.is_file():
            raise FileNotFoundError(f"{entry['file']}: in the answers but not in {corpus_dir}")
        score_answer(report, entry, *extract_file(path))
    return report
