"""Relations between entities, each stated by one sentence.

Rules are data (``data/relation_rules.json``): inside one sentence, a subject mention, then
at most ``max_gap`` tokens containing a trigger phrase ("works with", "uses", "tackles"),
then an object mention of an admissible type. The subject may be the document's own force
when the sentence opens with "The force", "The MPS", "It", "Its" (a pronoun only right after
a sentence about the force). Lists are followed ("works with MOPAC, charities and local
authorities" gives one relation per partner); negated sentences give nothing. Two
noun-phrase rules need no verb: a force's possessive ("Its Trident unit") and a crime type
inside a unit or initiative name ("Trident gang crime command", "MetTrace burglary
reduction initiative"). Precision first: no sentence, no relation.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy
from spacy.tokens import Doc

from .nlp import (
    doc_text,
    positions_of,
    sentence_starts,
    sentence_text_at,
    span_chars,
    token_lowers,
    token_types,
    type_lowers,
)
from .records import DocumentRecord, Evidence, Mention, Relation

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Rule:
    predicate: str
    subjects: frozenset[str]
    objects: frozenset[str]
    triggers: tuple[re.Pattern, ...]
    possessive: bool
    extra: dict


@dataclass
class Arg:
    """A relation argument located in the doc: entity key and type, token span."""

    key: str
    etype: str
    start: int  # token index
    end: int
    possessive: bool = False


@lru_cache(maxsize=1)
def config() -> dict:
    return json.loads((DATA / "relation_rules.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    out = []
    for r in config()["predicates"]:
        triggers = tuple(
            re.compile(r"(?:^|\s)" + re.escape(t.lower()) + r"(?:\s|$)") for t in r["triggers"]
        )
        out.append(Rule(r["predicate"], frozenset(r["subject"]), frozenset(r["object"]), triggers,
                        bool(r.get("possessive")), r))
    return tuple(out)


_LIST_MARKS = frozenset({"•", "-", "–"})


@lru_cache(maxsize=1)
def _force_subjects() -> tuple[frozenset[str], frozenset[str]]:
    """The force-reference phrases (apostrophes normalised), and every prefix of them: a token
    that is no such prefix cannot open a reference, so most tokens are skipped at once."""
    subjects = frozenset(x.replace("’", "'") for x in config()["force_subjects"])
    prefixes = frozenset(s[:k] for s in subjects for k in range(1, len(s) + 1))
    return subjects, prefixes


def _force_args(
    doc: Doc, start: int, end: int, force_key: str | None, prev_about_force: bool, taken: set[int]
) -> list[Arg]:
    """The document's force wherever the sentence names it by reference: "the force",
    "the force's", "the MPS"; "It"/"Its" opening the sentence (after a sentence about the
    force, or "Its" always); "its" before any other entity of the sentence.

    Reads the doc's cached lower-case token texts (``nlp.token_lowers``) rather than Token
    objects: this runs on every sentence of the report (tokens ``start:end``)."""
    if force_key is None:
        return []
    toks, cands = _content_tokens(doc)
    a, b = bisect_left(toks, start), bisect_left(toks, end)  # the sentence's content tokens
    first, last = bisect_left(cands, a), bisect_left(cands, b)
    if first == last:
        return []  # no word of the sentence can open a reference
    cfg = config()
    lows = token_lowers(doc)
    out = []
    consumed = a  # content positions before this are part of a reference found already
    for p in cands[first:last]:
        if p < consumed or toks[p] in taken:
            continue
        hit = _longest_reference(lows, toks, p, b)
        if hit is None:
            continue
        n, phrase = hit
        if phrase in cfg["pronoun_subjects"]:
            opening = p == a
            if phrase == "it" and not (opening and prev_about_force):
                continue
            if phrase == "its" and not opening and (out or any(t in taken for t in range(start, toks[p]))):
                continue
        if phrase in ("the force", "this force") and p + n < b and lows[toks[p + n]] in {"’s", "'s"}:
            n, phrase = n + 1, phrase + "'s"
        possessive = phrase.endswith("'s") or phrase == "its"
        out.append(Arg(force_key, "Force", toks[p], toks[p + n - 1] + 1, possessive))
        consumed = p + n
    return out


def _longest_reference(lows: list[str], toks: list[int], p: int, b: int) -> tuple[int, str] | None:
    """(n, phrase): the longest force reference of at most 3 content tokens starting at content
    position ``p`` (before ``b``), apostrophes normalised. The phrase grows a word at a time and
    stops once it is no prefix of a reference (a phrase is a prefix of any longer one)."""
    subjects, prefixes = _force_subjects()
    hit = None
    for n in range(1, min(3, b - p) + 1):
        phrase = " ".join(map(lows.__getitem__, toks[p:p + n])).replace("’", "'").replace(" 's", "'s")
        if phrase not in prefixes:
            break
        if phrase in subjects:
            hit = (n, phrase)
    return hit


def _content_tokens(doc: Doc) -> tuple[list[int], list[int]]:
    """Indices of the doc's tokens that are no white space or list mark, and the positions in
    that list of tokens that may open a force reference (a prefix of one, apostrophes
    normalised); built once per doc from arrays, each distinct word tested once."""
    lows = token_lowers(doc)
    cached = doc.user_data.get("peel_content_tokens")
    if cached is not None and cached[0] is lows:
        return cached[1:]
    _, prefixes = _force_subjects()
    types, _, inverse = token_types(doc)  # ``Token.is_space`` is ``str.isspace`` of the text
    content = numpy.fromiter((not w.isspace() and w not in _LIST_MARKS for w in types), dtype=bool, count=len(types))
    kept = numpy.flatnonzero(content[inverse])
    openers = {
        w for w in set(type_lowers(doc)) if w.replace("’", "'") in prefixes and not w.isspace() and w not in _LIST_MARKS
    }
    at = [k for k in positions_of(doc, openers) if lows[k] in openers]  # all among the kept tokens
    cands = numpy.searchsorted(kept, at).tolist() if at else []
    toks = kept.tolist()
    doc.user_data["peel_content_tokens"] = (lows, toks, cands)
    return toks, cands


def _gap_ok(doc: Doc, s: Arg, o: Arg, args_between: list[Arg]) -> tuple[bool, str]:
    """Whether tokens between subject and object may carry a relation; returns their text
    with the other entity mentions of a list removed."""
    cfg = config()
    lows = token_lowers(doc)  # token texts, not Token objects: lower-casing keeps ";:?" as they are
    gap = lows[s.end:o.start]
    if args_between:
        covered = {i for a in args_between for i in range(a.start, a.end)}
        gap = [w for i, w in enumerate(gap, s.end) if i not in covered]
    words = [w for w in gap if not w.isspace()]
    if len(words) > cfg["max_gap"]:
        return False, ""
    if not _gap_stoppers().isdisjoint(words):
        return False, ""
    return True, " " + " ".join(w.replace("’", "'") for w in words) + " "


@lru_cache(maxsize=1)
def _gap_stoppers() -> frozenset[str]:
    """Words that no gap between subject and object may hold: clause punctuation, negations."""
    return frozenset({";", ":", "?"}) | frozenset(config()["negations"])


def _with_object(doc: Doc, s: Arg, o: Arg, between: list[Arg]) -> bool:
    """ "<the force> founded X with <partner>": the force opens the sentence, "with" (or
    "with the") stands right before the partner, and the words in between are few and not
    negated."""
    if s.start != _first_content(doc, s):
        return False
    k = o.start - 1
    while k > s.end and (doc[k].is_space or doc[k].lower_ in {"the", "its"}):
        k -= 1
    if doc[k].lower_ != "with" or (k > 0 and doc[k - 1].lower_ in {"funding", "compared", "along", "consistent", "line", "comparison"}):
        return False
    ok, _ = _gap_ok(doc, s, o, between)
    return ok


def _partnership_between(doc: Doc, s: Arg, o: Arg, between: list[Arg]) -> bool:
    """ "a partnership between the force, the Greater London Authority and MOPAC"."""
    before = {t.lower_ for t in doc[max(doc[s.start].sent.start, s.start - 3):s.start]}
    if "between" not in before:
        return False
    covered = {i for b in between for i in range(b.start, b.end)}
    words = {t.lower_ for t in doc[s.end:o.start] if t.i not in covered and not t.is_space}
    return words <= {",", "and", "the"}


def _first_content(doc: Doc, arg: Arg) -> int:
    sent = doc[arg.start].sent
    for t in sent:
        if not t.is_space and t.text not in {"•", "-", "–"}:
            return t.i
    return sent.start


def _embedded_crimes(doc: Doc, arg: Arg) -> list[str]:
    """Crime types named inside a unit/initiative name or its descriptor words."""
    from .mentions import lookup

    toks = [t for t in doc[arg.start:arg.end] if not t.is_space]
    end = arg.end
    # "MetTrace burglary reduction initiative": look just after an initiative too
    while end < len(doc) and end - arg.end < 4 and (doc[end].is_lower or doc[end].is_space):
        end += 1
    if arg.etype == "Initiative":
        toks = [t for t in doc[arg.start:end] if not t.is_space]
        words = [t.lower_ for t in toks]
        if not any(w in {"reduction", "prevention", "initiative", "programme", "operation"} for w in words[1:]):
            return []
    keys = []
    for n in (3, 2, 1):
        for i in range(len(toks) - n + 1):
            entry = lookup(" ".join(t.text for t in toks[i:i + n]))
            if entry is not None and entry.entity_type == "CrimeType" and entry.key not in keys:
                keys.append(entry.key)
    return keys


def extract_relations(spacy_doc: Doc | None, mentions: Sequence[Mention], doc: DocumentRecord) -> list[Relation]:
    """Relations stated by single sentences (see the module docstring)."""
    if spacy_doc is None or not mentions:
        return []
    from .mentions import force_key

    own_force = force_key(doc.force) if doc.force else None
    by_sent: dict[int, list[Arg]] = {}
    sentences = _sentence_ranges(spacy_doc, sentence_starts(spacy_doc))
    begins = [begin for begin, _ in sentences]
    for m, (first, end) in zip(mentions, _mention_tokens(spacy_doc, mentions)):
        if first is None:
            span = spacy_doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
            if span is None:
                continue
            first, end = span.start, span.end
        sent_start = begins[bisect_right(begins, first) - 1]  # the sentence of its first token
        by_sent.setdefault(sent_start, []).append(Arg(m.entity_key, m.entity_type, first, end))
    out: dict[tuple, Relation] = {}
    prev_about_force = False
    referring = _sentences_with_openers(spacy_doc, sentences) if own_force is not None else set()
    for begin, end in sentences:
        mentioned = by_sent.get(begin, [])
        taken = {i for a in mentioned for i in range(a.start, a.end)} if mentioned else set()
        implicit = _force_args(spacy_doc, begin, end, own_force, prev_about_force, taken) if begin in referring else []
        if not mentioned and not implicit:  # most sentences: nothing to relate
            prev_about_force = False
            continue
        args = sorted(mentioned + implicit, key=lambda a: a.start)
        prev_about_force = any(a.key == own_force and a.start - begin < 4 for a in args)
        if not args:
            continue
        stext = None
        for rel in _sentence_relations(spacy_doc, args):
            s, predicate, o, rule_name = rel
            if s.key == o.key:
                continue
            # the evidence spans both arguments, whichever comes first in the sentence
            start_char, end_char = span_chars(spacy_doc, min(s.start, o.start), max(s.end, o.end))
            if stext is None:
                stext = sentence_text_at(spacy_doc, *span_chars(spacy_doc, begin, end))
            key = (s.key, predicate, o.key, start_char)
            if key not in out:
                ev = Evidence(doc.doc_id, start_char, end_char, doc_text(spacy_doc)[start_char:end_char], rule_name, stext)
                out[key] = Relation(s.key, predicate, o.key, ev)
    return sorted(out.values(), key=lambda r: (r.evidence.start, r.predicate, r.object))


def _mention_tokens(doc: Doc, mentions: Sequence[Mention]) -> list[tuple[int | None, int | None]]:
    """(first token, end token) of each mention whose characters start and end on token
    boundaries (entity mentions do), as ``Doc.char_span`` gives them; (None, None) for any
    other, left to ``char_span``. Found by one array search, not a Span per mention."""
    if not len(doc):
        return [(None, None)] * len(mentions)
    types, _, inverse = token_types(doc)
    begins = doc.to_array("IDX").astype(numpy.int64)
    ends = begins + numpy.fromiter(map(len, types), dtype=numpy.int64, count=len(types))[inverse]
    a = numpy.fromiter((m.evidence.start for m in mentions), dtype=numpy.int64, count=len(mentions))
    b = numpy.fromiter((m.evidence.end for m in mentions), dtype=numpy.int64, count=len(mentions))
    i = numpy.minimum(numpy.searchsorted(begins, a), len(doc) - 1)  # the token starting at a
    j = numpy.minimum(numpy.searchsorted(ends, b), len(doc) - 1)  # the token ending at b
    aligned = (begins[i] == a) & (ends[j] == b) & (a < b) & (i <= j)
    return [(f, e + 1) if ok else (None, None) for f, e, ok in zip(i.tolist(), j.tolist(), aligned.tolist())]


def _sentence_ranges(doc: Doc, starts: list[int] | None) -> list[tuple[int, int]]:
    """(start, end) of each sentence as ``doc.sents`` gives them, from ``nlp.sentence_starts``
    (no Span per sentence: most sentences relate nothing)."""
    if starts is None:
        return [(sent.start, sent.end) for sent in doc.sents]  # raises spaCy's own error
    cuts = [0, *(k for k in starts if k > 0), len(doc)]
    return list(pairwise(cuts))


def _sentences_with_openers(doc: Doc, sentences: list[tuple[int, int]]) -> set[int]:
    """Start tokens of the sentences holding a word that may open a force reference
    (``_content_tokens``): ``_force_args`` finds nothing in any other sentence, so it is not
    called for each sentence of the report."""
    toks, cands = _content_tokens(doc)
    begins = [begin for begin, _ in sentences]
    return {begins[bisect_right(begins, toks[p]) - 1] for p in cands}


def _sentence_relations(doc: Doc, args: list[Arg]):
    """(subject, predicate, object, rule) tuples stated by one sentence."""
    for i, s in enumerate(args):
        # verb-mediated: subject ... trigger ... object (objects may be a list)
        for j in range(i + 1, len(args)):
            o = args[j]
            between = [b for b in args[i + 1:j] if not (b.etype == "Force" and b.possessive and s.etype != "Force")]
            if s.etype == "Force" and o.etype in ("PartnerOrganisation", "Force") and _with_object(doc, s, o, between):
                yield s, "worksWith", o, "relations.worksWith.with"
                continue
            if s.etype == "Force" and o.etype in ("PartnerOrganisation", "Force") and _partnership_between(doc, s, o, between):
                yield s, "worksWith", o, "relations.worksWith.between"
                continue
            if s.etype == "Unit" and o.etype == "Force" and o.possessive and j == i + 1 and \
                    {t.text for t in doc[s.end:o.start] if not t.is_space} <= {"(", ","}:
                yield o, "hasUnit", s, "relations.hasUnit.apposition"  # "The Falcon unit (the force's ...)"
                continue
            if any(b.key == s.key for b in between):
                break
            if any(b.etype != o.etype for b in between):
                break
            ok, gap = _gap_ok(doc, s, o, between)
            if not ok:
                break
            for rule in rules():
                if s.etype not in rule.subjects or o.etype not in rule.objects:
                    continue
                if rule.possessive and s.possessive and gap.strip() in {"", "new", "dedicated", "own"}:
                    yield s, rule.predicate, o, f"relations.{rule.predicate}.possessive"
                    break
                if any(t.search(gap) for t in rule.triggers):
                    yield s, rule.predicate, o, f"relations.{rule.predicate}"
                    break
        # noun-phrase rule: a crime type named with an initiative ("MetTrace burglary reduction initiative")
        if s.etype == "Initiative":
            for crime in _embedded_crimes(doc, s):
                o = Arg(crime, "CrimeType", s.start, s.end)
                yield s, "tackles" if s.etype == "Unit" else "targets", o, "relations.name_descriptor"
