"""Canonical police force names: one spelling per force across every document.

Reports name the same force in many ways ("Metropolitan", "Metropolitan Police Service",
"the MPS"; "Avon & Somerset", "Avon and Somerset Constabulary"). The 43 territorial forces
of England and Wales are data (``data/forces.jsonl``); names not in it are still found by
their shape ("<Capitalised words> Police|Constabulary|Police Service") and kept as written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "forces.jsonl"

# Words that name the kind of organisation, not the force: dropped when comparing names.
_SUFFIXES = ("police service", "police force", "constabulary", "police")

_WORD = r"(?:(?!Police\b|Constabulary\b)[A-Z][a-z]+(?:-[A-Z][a-z]+)*)"
_JOIN = r"(?:of|and|&)"
# "<Capitalised words> Police|Constabulary|Police Service", not followed by another name word
# (so "Police National Computer" or "Police and Crime Commissioner" are not forces).
FORCE_SHAPE = re.compile(
    rf"\b{_WORD}(?:[ \t]+(?:{_WORD}|{_JOIN}))*?[ \t]+(?:Police[ \t]+Service|Police[ \t]+Force|Constabulary|Police)"
    rf"(?![ \t]*(?:[A-Z][a-z]|-|(?:and|&)[ \t]+Crime))"
)
# Capitalised words that start a sentence or a title and are never part of a force's name.
# Words of an organisation that is no police force ("Inspectorate of Constabulary").
_NOT_FORCE_WORDS = {"Inspectorate", "Inspectorates", "Inspector", "Inspectors"}
_NOT_NAME_START = {"The", "In", "A", "An", "All", "Each", "Every", "Some", "Other", "Many", "Our", "This", "That", "These", "Those", "Most", "For", "By", "With", "Both", "And", "Of", "Including", "Like", "Between", "Whereas"}


@dataclass(frozen=True)
class Force:
    name: str  # canonical name, e.g. "Metropolitan Police Service"
    country: str  # "England" or "Wales"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForceMention:
    name: str  # canonical name
    start: int
    end: int
    surface: str  # the text as written
    known: bool  # True when the name is in the gazetteer


def force_key(name: str) -> str:
    """Comparison key: case, '&'/'and', hyphens, a leading 'the' and 'Police'/'Constabulary' ignored."""
    norm = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    norm = norm.replace("&", " and ")
    norm = re.sub(r"[^a-z0-9']+", " ", norm).strip()
    norm = re.sub(r"^the ", "", norm)
    for suffix in _SUFFIXES:
        if norm.endswith(" " + suffix):
            norm = norm[: -len(suffix) - 1]
            break
    return norm.strip()


@lru_cache(maxsize=1)
def load_forces() -> tuple[Force, ...]:
    """The gazetteer of territorial forces."""
    forces = []
    for line in DATA_FILE.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            forces.append(Force(row["name"], row.get("country", ""), tuple(row.get("aliases", ()))))
    return tuple(forces)


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for force in load_forces():
        for label in (force.name, *force.aliases):
            index.setdefault(force_key(label), force.name)
            index.setdefault(label.lower(), force.name)  # acronyms such as "MPS"
    return index


def lookup(name: str) -> str | None:
    """The canonical name of a known force, or None."""
    index = _index()
    return index.get(force_key(name)) or index.get(" ".join(name.split()).lower())


def clean_name(name: str) -> str:
    """A name as written, with white space (line wraps) collapsed and a leading 'the' dropped."""
    name = " ".join(name.split())
    return re.sub(r"^(?:the|The)\s+", "", name)


def canonical_force(name: str) -> str:
    """The one spelling of a force: the gazetteer's name, or the cleaned name as written."""
    return lookup(name) or clean_name(name)


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern[str]:
    """Gazetteer names and aliases as written in text (line breaks allowed between words). A short
    name ("Kent", "the Met") may take a suffix ("Kent Police"); followed by another capitalised
    word it names something else ("Kent County Council", "the Met Office") and is no mention."""
    labels = set()
    for force in load_forces():
        labels.add(force.name)
        labels.update(force.aliases)
    full, short = [], []
    for label in sorted(labels, key=len, reverse=True):
        words = [r"(?:&|and)" if w in {"&", "and"} else re.escape(w) for w in label.split()]
        if words[0] == "the":  # "the Met": the article belongs to the name, capitalised or not
            words[0] = "[Tt]he"
        ends_as_force = label.split()[-1] in {"Police", "Constabulary", "Service"}
        (full if ends_as_force else short).append(r"[ \t]*\n?[ \t]*".join(words))
    suffix = r"[ \t]*\n?[ \t]*(?:Police[ \t]*\n?[ \t]*Service|Police|Constabulary)"
    return re.compile(
        rf"(?<![\w-])(?:(?:{'|'.join(full)})|(?:{'|'.join(short)})(?:{suffix}|(?![ \t]+[A-Z][a-z])))(?![\w-])"
    )


def find_forces(text: str) -> Iterator[ForceMention]:
    """Every force named in ``text``: gazetteer names and aliases, then unseen names by shape."""
    taken: list[tuple[int, int]] = []
    for m in _known_pattern().finditer(text):
        taken.append((m.start(), m.end()))
        yield ForceMention(lookup(m.group()) or clean_name(m.group()), m.start(), m.end(), m.group(), True)
    for m in FORCE_SHAPE.finditer(text):
        start = m.start()
        surface = m.group()
        words = surface.split()
        while words and words[0] in _NOT_NAME_START:  # "The Foo Police" -> "Foo Police"
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        if len(words) < 2 or _NOT_FORCE_WORDS & set(words) or any(s <= start < e for s, e in taken):
            continue
        surface = text[start : m.end()]
        known = lookup(surface)
        yield ForceMention(known or clean_name(surface), start, m.end(), surface, known is not None)
