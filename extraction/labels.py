"""Label normalisation shared by mentions and resolution: entity keys and match keys.

``norm_label`` is gentle (it becomes part of an entity key and so of an IRI);
``match_key`` is aggressive (case, punctuation, hyphens, spaces, plural and British/American
spelling all ignored) and is only used to decide that two labels name the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "‐": "-", "—": "-"})
_SPELLING = [(re.compile(r"iz(e|ed|es|ing|ation|ations)\b"), r"is\1"), (re.compile(r"judgement"), "judgment"),
             (re.compile(r"\bprogram\b"), "programme"), (re.compile(r"adviser"), "advisor")]


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def singular(word: str) -> str:
    """English plural -> singular for the last word of a name (rule based, conservative)."""
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]  # DVPOs
    low = word.lower()
    if not word.islower():
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is", "ics", "ws")) and len(low) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)  # the same names recur through a report and across reports
def norm_label(text: str) -> str:
    """Key material: lower case, curly quotes straightened, no leading article, last word singular."""
    t = _clean(text)
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    words = t.split(" ")
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words).lower()


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Comparison key: norm_label without punctuation, hyphens or spaces, spelling unified."""
    t = norm_label(text)
    for pattern, repl in _SPELLING:
        t = pattern.sub(repl, t)
    return re.sub(r"[^a-z0-9]+", "", singular_all(t))


def singular_all(text: str) -> str:
    return " ".join(singular(w) for w in text.split(" "))


def plural_forms(name: str) -> list[str]:
    """The name and its plural (last word): "order" -> "orders", "authority" -> "authorities"."""
    words = name.split(" ")
    last = words[-1]
    if not last or not last[-1].isalpha():
        return [name]
    if last.isupper() and len(last) > 1:
        plural = last + "s"
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        return [name]
    else:
        plural = last + "s"
    return [name, " ".join(words[:-1] + [plural])]


def quote_variants(name: str) -> list[str]:
    """A name with straight and curly apostrophes ("Clare's Law" / "Clare’s Law")."""
    variants = {name, name.replace("'", "’"), name.replace("’", "'")}
    return sorted(variants)
