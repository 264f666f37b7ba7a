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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

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


def _norm_tokens(tokens) -> str:
    return " " + " ".join(t.lower_.replace("’", "'") for t in tokens if not t.is_space) + " "


def _force_subject(sent: Span, force_key: str | None, prev_about_force: bool) -> Arg | None:
    """The document's force as the subject of a sentence opening "The force ..." / "It ..."."""
    if force_key is None:
        return None
    toks = [t for t in sent if not t.is_space and t.text not in {"•", "-", "–"}]
    cfg = config()
    for n in (3, 2, 1):
        if len(toks) < n:
            continue
        head = " ".join(t.lower_ for t in toks[:n]).replace("’", "'").replace(" 's", "'s")
        if head in {s.replace("’", "'") for s in cfg["force_subjects"]}:
            if head in cfg["pronoun_subjects"] and not prev_about_force:
                return None
            possessive = head.endswith("'s") or head == "its"
            return Arg(force_key, "Force", toks[0].i, toks[n - 1].i + 1, possessive)
    return None


def _gap_ok(doc: Doc, s: Arg, o: Arg, args_between: list[Arg]) -> tuple[bool, str]:
    """Whether tokens between subject and object may carry a relation; returns their text
    with the other entity mentions of a list removed."""
    cfg = config()
    covered = set()
    for a in args_between:
        covered.update(range(a.start, a.end))
    tokens = [doc[i] for i in range(s.end, o.start) if i not in covered and not doc[i].is_space]
    if len(tokens) > cfg["max_gap"]:
        return False, ""
    if any(t.text in {";", ":", "?"} for t in tokens):
        return False, ""
    if any(t.lower_ in cfg["negations"] for t in tokens):
        return False, ""
    return True, _norm_tokens(tokens)


def _offender_object(doc: Doc, sent: Span, o_start: int, rule: Rule, crime_keys: dict[str, str]) -> Arg | None:
    """For managesOffenders: "manages registered sex offenders" -> the crime type of the offenders."""
    extra = rule.extra
    for i in range(o_start, min(o_start + 6, sent.end)):
        tok = doc[i]
        if tok.lower_ in extra["offender_nouns"]:
            for j in range(i - 1, max(o_start - 1, i - 4), -1):
                crime = extra["offender_types"].get(doc[j].lower_)
                if crime and crime in crime_keys:
                    return Arg(crime_keys[crime], "CrimeType", j, i + 1)
            return None
    return None


def _crime_keys() -> dict[str, str]:
    from .mentions import lookup

    out = {}
    spec = next(r for r in config()["predicates"] if r["predicate"] == "managesOffenders")
    for name in set(spec["offender_types"].values()):
        entry = lookup(name)
        if entry is not None and entry.entity_type == "CrimeType":
            out[name] = entry.key
    return out


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
    from .nlp import sentence_text

    own_force = force_key(doc.force) if doc.force else None
    by_sent: dict[int, list[Arg]] = {}
    sents: dict[int, Span] = {}
    for m in mentions:
        span = spacy_doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        sents[sent.start] = sent
        by_sent.setdefault(sent.start, []).append(Arg(m.entity_key, m.entity_type, span.start, span.end))
    crime_keys = _crime_keys()
    out: dict[tuple, Relation] = {}
    prev_about_force = False
    for sent in spacy_doc.sents:
        subject = _force_subject(sent, own_force, prev_about_force)
        prev_about_force = subject is not None or any(
            a.key == own_force and a.start - sent.start < 4 for a in by_sent.get(sent.start, [])
        )
        args = sorted(by_sent.get(sent.start, []), key=lambda a: a.start)
        if subject is not None:
            args = [a for a in args if a.end <= subject.start or a.start >= subject.end]
            args = sorted(args + [subject], key=lambda a: a.start)
        if len(args) < 1:
            continue
        stext = None
        for rel in _sentence_relations(spacy_doc, sent, args, crime_keys):
            s, predicate, o, rule_name = rel
            if s.key == o.key:
                continue
            start_char = spacy_doc[s.start].idx
            end_tok = spacy_doc[o.end - 1]
            end_char = end_tok.idx + len(end_tok.text)
            if stext is None:
                stext = sentence_text(sent)
            key = (s.key, predicate, o.key, start_char)
            if key not in out:
                ev = Evidence(doc.doc_id, start_char, end_char, spacy_doc.text[start_char:end_char], rule_name, stext)
                out[key] = Relation(s.key, predicate, o.key, ev)
    return sorted(out.values(), key=lambda r: (r.evidence.start, r.predicate, r.object))


def _sentence_relations(doc: Doc, sent: Span, args: list[Arg], crime_keys: dict[str, str]):
    """(subject, predicate, object, rule) tuples stated by one sentence."""
    for i, s in enumerate(args):
        # verb-mediated: subject ... trigger ... object (objects may be a list)
        for j in range(i + 1, len(args)):
            o = args[j]
            between = args[i + 1:j]
            if any(b.etype in ("Force",) and b.key == s.key for b in between):
                break
            if any(b.etype != o.etype for b in between):
                break
            ok, gap = _gap_ok(doc, s, o, between)
            if not ok:
                break
            for rule in rules():
                if s.etype not in rule.subjects or o.etype not in rule.objects:
                    continue
                if rule.predicate == "managesOffenders":
                    continue
                if rule.possessive and s.possessive and gap.strip() in {"", "new", "dedicated", "own"}:
                    yield s, rule.predicate, o, f"relations.{rule.predicate}.possessive"
                    break
                if any(t.search(gap) for t in rule.triggers):
                    yield s, rule.predicate, o, f"relations.{rule.predicate}"
                    break
        # managesOffenders: Unit ... manages ... "<type> offenders"
        if s.etype == "Unit":
            rule = next(r for r in rules() if r.predicate == "managesOffenders")
            window_end = min(sent.end, s.end + config()["max_gap"])
            gap = _norm_tokens(doc[s.end:window_end])
            hit = next((t for t in rule.triggers if t.search(gap)), None)
            if hit is not None and not any(n in gap.split() for n in config()["negations"]):
                obj = _offender_object(doc, sent, s.end, rule, crime_keys)
                if obj is not None:
                    yield s, "managesOffenders", obj, "relations.managesOffenders"
        # noun-phrase rule: a crime type inside a unit/initiative name
        if s.etype in ("Unit", "Initiative"):
            for crime in _embedded_crimes(doc, s):
                o = Arg(crime, "CrimeType", s.start, s.end)
                yield s, "tackles" if s.etype == "Unit" else "targets", o, "relations.name_descriptor"
