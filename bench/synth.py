"""Synthetic corpus generator: N× the real corpus as realistic, distinct PEEL reports.

Copy 0 is the real corpus; every further copy rewrites each report with another force's
name (a seeded permutation of the 43 forces), shifted years, fresh operation names and
perturbed numbers, so no two documents share a content hash and nothing deduplicates
away, while the structure (headings, grade tables, findings) stays that of a real report.

    python -m bench.synth --scale 10 --out /tmp/synth10
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORCES_FILE = ROOT / "extraction" / "data" / "forces.jsonl"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

_YEAR = re.compile(r"\b(20[01]\d)\b")
_NUMBER = re.compile(r"(?<![\d.,/£$])\b(\d{1,3}(?:,\d{3})*|\d+)(\.\d+)?\b(?![\d/])")
_OPERATION = re.compile(r"\bOperation ([A-Z][a-z]+)\b")
_SYLLABLES = ["ka", "ro", "ten", "vi", "mar", "lo", "sen", "tra", "del", "nix", "por", "ga", "zul", "bre"]


def force_names() -> dict[str, list[str]]:
    """Canonical name -> aliases of the 43 territorial forces (the extraction gazetteer's data file)."""
    rows = [json.loads(line) for line in FORCES_FILE.read_text("utf-8").splitlines() if line.strip()]
    return {r["name"]: [a for a in r.get("aliases", []) if len(a) > 3 and a[0].isupper()] for r in sorted(rows, key=lambda r: r["name"])}


def report_files(corpus: Path) -> list[Path]:
    return sorted(p for p in Path(corpus).iterdir() if p.is_file() and p.suffix == ".txt" and p.stem != "README")


def _variant(text: str, copy: int, forces: dict[str, list[str]]) -> str:
    """One rewritten copy of a report: deterministic for (text, copy)."""
    rng = random.Random(f"{copy}:{len(text)}")
    names = list(forces)
    shuffled = names[:]
    rng.shuffle(shuffled)
    mapping = dict(zip(names, shuffled))
    surface = {name: mapping[name] for name in names}
    surface.update({alias: mapping[name] for name in names for alias in forces[name]})
    # longest names first, through placeholders so a replaced name is not replaced again
    placeholders = {}
    for i, name in enumerate(sorted(surface, key=len, reverse=True)):
        if name in text:
            token = f"\x00{i}\x00"
            text = re.sub(rf"\b{re.escape(name)}\b", token, text)
            placeholders[token] = surface[name]
    for token, name in placeholders.items():
        text = text.replace(token, name)
    shift = rng.choice([-2, -1, 1, 2])
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    operations: dict[str, str] = {}

    def operation(m: re.Match) -> str:
        name = operations.setdefault(m.group(1), "".join(rng.choice(_SYLLABLES) for _ in range(3)).title())
        return f"Operation {name}"

    text = _OPERATION.sub(operation, text)

    def number(m: re.Match) -> str:
        digits = m.group(1).replace(",", "")
        if len(digits) == 4 and digits.startswith("20"):
            return m.group(0)  # a year (already shifted)
        value = max(1, int(int(digits) * rng.uniform(0.6, 1.4))) if int(digits) > 1 else int(digits)
        out = f"{value:,}" if "," in m.group(1) else str(value)
        return out + (m.group(2) or "")

    text = _NUMBER.sub(number, text)
    return text + f"\n\nReference: synthetic copy {copy}.\n"


def generate(scale: int, out: Path, corpus: Path = DEFAULT_CORPUS) -> dict[str, int]:
    """Write ``scale`` copies of the corpus into ``out``; returns files, bytes and words."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    forces = force_names()
    sources = [(p, p.read_text("utf-8")) for p in report_files(corpus)]
    stats = {"files": 0, "bytes": 0, "words": 0}
    for copy in range(scale):
        for path, text in sources:
            body = text if copy == 0 else _variant(text, copy, forces)
            target = out / f"{copy:04d}_{path.stem}.txt"
            data = body.encode("utf-8")
            target.write_bytes(data)
            stats["files"] += 1
            stats["bytes"] += len(data)
            stats["words"] += len(body.split())
    return stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    print(json.dumps(generate(args.scale, args.out, args.corpus)))


if __name__ == "__main__":
    main()
