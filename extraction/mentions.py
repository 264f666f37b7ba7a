"""Entity mentions: gazetteer and rule components on the spaCy pipeline, then Mention records.

Three sources, in priority order when spans overlap with the same extent:
1. the gazetteer (``data/gazetteer.jsonl``) through phrase matchers with SpanRuler semantics (``PhraseRuler``);
2. acronyms defined in the text (``extraction.acronyms``), typed by the head noun of the
   long form ("... protection orders (DVPOs)" is a Power);
3. discovery rules (``data/entity_patterns.jsonl``, ``RuleMatcher`` with SpanRuler semantics): any
   "Operation X", named teams/units/commands/squads, orders and notices, "X's Law",
   capitalised "... Agency/Council/Office", "... Police/Constabulary".
Names discovered in a document (a unit's proper name, an acronym and its long form) are then
matched everywhere else in that document (``peel_entities``), so "Jigsaw teams" makes every
later "Jigsaw" a mention too. Longer spans win over shorter ones (spaCy ``filter_spans``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy
from spacy.attrs import SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import acronyms, forces, tokenizer_cache
from .labels import match_key, norm_label, plural_forms, quote_variants
from .nlp import (
    customise_tokenizer,
    doc_text,
    footnotes,
    get_nlp,
    pattern_anchor_words,
    positions_of,
    sentence_bounds,
    sentence_starts,
    sentence_text_at,
    span_chars,
    span_text,
    subdoc_tables,
    token_lowers,
    token_table,
    token_types,
    tokens_text,
)
from .records import DocumentRecord, Evidence, Mention

DATA = Path(__file__).parent / "data"
SPANS_KEY = "peel_entities"

for _name, _default in (("pref_label", None), ("alt_labels", ()), ("rule", "")):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    entity_type: str
    label: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads((DATA / "entity_rules.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    entries = []
    with (DATA / "gazetteer.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                key = f"{row['type']}:{norm_label(row['label'])}"
                entries.append(GazetteerEntry(key, row["type"], row["label"], tuple(row.get("aliases", ()))))
    known = {e.key for e in entries}
    for force in forces.load_forces():  # the canonical force names (extraction.forces)
        key = force_key(force.name)
        if key not in known:
            entries.append(GazetteerEntry(key, "Force", force.name, force.aliases))
    return tuple(entries)


@lru_cache(maxsize=1)
def gazetteer_index() -> dict[str, GazetteerEntry]:
    """match_key of every label and alias -> its gazetteer entry (first entry wins)."""
    index: dict[str, GazetteerEntry] = {}
    for e in gazetteer():
        for name in (e.label, *e.aliases):
            index.setdefault(match_key(name), e)
    return index


@lru_cache(maxsize=1)
def gazetteer_by_key() -> dict[str, GazetteerEntry]:
    return {e.key: e for e in gazetteer()}


def lookup(*names: str) -> GazetteerEntry | None:
    index = gazetteer_index()
    for name in names:
        if name and (hit := index.get(match_key(name))):
            return hit
    return None


def _is_acronym_like(text: str) -> bool:
    core = acronyms.singular_short(text)
    return len(core) <= 8 and sum(c.isupper() for c in core) >= 2 and " " not in core


def gazetteer_patterns() -> tuple[list[dict], list[dict]]:
    """Phrase patterns: (matched on LOWER, matched case-sensitively). Acronym-like names
    ("DASH", "ViSOR") match case-sensitively so the words "dash" or "visor" do not."""
    lower, exact = [], []
    for e in gazetteer():
        for name in (e.label, *e.aliases):
            variants = set(quote_variants(name))
            if " " in name and name.islower():
                variants.add(name.replace(" ", "-"))  # "domestic-abuse-flagged"
            titled = name.title() if name.isupper() and len(name) >= 5 and name.isalpha() else None
            if titled:
                variants.add(titled)  # "DIVERT" written "Divert" (case-sensitive: not "divert")
            for variant in sorted(variants):
                target = exact if _is_acronym_like(variant) or variant == titled else lower
                for form in plural_forms(variant):
                    target.append({"label": e.entity_type, "pattern": form, "id": e.key})
    return lower, exact


def rule_patterns() -> list[dict]:
    with (DATA / "entity_patterns.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip() and not line.startswith("//")]


def add_entity_components(nlp: Language) -> Language:
    """Add acronym detection and the entity component (gazetteer, discovery rules, merging)."""
    nlp.add_pipe("peel_abbreviations")
    nlp.add_pipe("peel_entities")
    return nlp


class TextView:
    """The doc without white-space and footnote tokens, so that names broken by a PDF line
    wrap ("Crown Prosecution \\nService") or a footnote marker still match; spans found in
    the view map back to the original doc (and so to exact character offsets)."""

    def __init__(self, doc: Doc):
        types, orths, inverse = token_types(doc)
        # per distinct word, then per token: Token.is_space is str.isspace
        is_space = numpy.fromiter(map(str.isspace, types), dtype=bool, count=len(types))[inverse]
        keep = ~is_space
        keep[list(footnotes(doc))] = False
        index = numpy.flatnonzero(keep)
        self.index = index.tolist()
        self.doc = doc
        # followed by white space in the view: in the doc, or a white-space token follows
        spaces = doc.to_array(SPACY).astype(bool)  # ``token_table``'s flags, as an array
        spaces[:-1] |= is_space[1:]
        view_spaces = spaces[index].tolist()
        # words as hash values: the view's tokens are the doc's lexemes, so no string is hashed again
        self.view = Doc(doc.vocab, words=orths[inverse[index]].tolist(), spaces=view_spaces)
        subdoc_tables(doc, self.view, index, view_spaces)
        self.words = token_table(self.view)[0]
        self.lowers = token_lowers(self.view)  # of the view's tokens
        if self.index:  # sentence starts as one array (``Doc(sent_starts=...)`` loops in Python)
            starts = doc.to_array([SENT_START]).reshape(-1)[index]
            flags = numpy.where(starts.view("int64") == 1, 1, -1).astype("uint64")
            self.view.from_array([SENT_START], flags.reshape(-1, 1))

    def doc_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The doc token range of the view's tokens ``start:end``."""
        return self.index[start], self.index[end - 1] + 1


class PhraseRuler:
    """``SpanRuler.match`` for phrase patterns, as ``(start, end, label, id)`` tuples: the same
    matches, deduplicated and in the same order, without making a Span object per match.
    (spaCy sorts Spans by character extent, then by the hashes of label and id; tokens are
    never empty, so token extents sort the same way.)"""

    def __init__(self, nlp: Language, attr: str, patterns: list[dict]):
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.values: dict[int, tuple[str, str]] = {}  # match id -> (label, id)
        self.rank: dict[int, tuple[int, int]] = {}  # match id -> (label hash, id hash)
        strings = nlp.vocab.strings
        for entry, pattern in zip(patterns, nlp.pipe(p["pattern"] for p in patterns)):
            label, span_id = entry["label"], entry.get("id", "")
            key = repr((label, span_id))  # SpanRuler's match key
            self.matcher.add(key, [pattern])
            self.values[strings.as_int(key)] = (label, span_id)
            self.rank[strings.as_int(key)] = (strings.add(label), strings.add(span_id))

    def match(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        found = {(start, end, m_id) for m_id, start, end in self.matcher(doc) if start != end}
        rank, values = self.rank, self.values
        return [(s, e, *values[m]) for s, e, m in sorted(found, key=lambda f: (f[0], f[1], rank[f[2]]))]


class RuleMatcher:
    """The discovery-rule patterns (``SpanRuler.match`` semantics: labelled spans, deduplicated
    and sorted), run only around anchor words.

    Every rule pattern has a head word from a closed list ("unit", "Police", "orders"), so a
    match lies within ``max length - 1`` tokens of one. The Matcher costs several predicate
    calls per token; running it on the few short windows around head words instead of the
    whole view finds exactly the same matches. A pattern without such a word, or with an
    operator (variable length), disables the windowing: the whole doc is matched."""

    def __init__(self, vocab, patterns: list[dict]):
        self.matcher = Matcher(vocab)
        self.rank = {p["label"]: vocab.strings.add(p["label"]) for p in patterns}  # a Span's label hash
        anchors: set[str] | None = set()
        self.reach = 1
        for p in patterns:
            self.matcher.add(p["label"], [p["pattern"]])
            self.reach = max(self.reach, len(p["pattern"]))
            fixed = not any("OP" in t for t in p["pattern"])
            words = pattern_anchor_words(p["pattern"]) if fixed else None
            anchors = None if anchors is None or words is None else anchors | words
        self.anchors = frozenset(anchors) if anchors is not None else None
        self.simple = _simple_patterns(patterns) if self.anchors is not None else None

    def windows(self, lowers: list[str]) -> list[tuple[int, int]]:
        """Disjoint token ranges covering every possible match (``lowers``: lower-case token texts)."""
        n = len(lowers)
        if self.anchors is None:
            return [(0, n)] if n else []
        out: list[tuple[int, int]] = []
        for k, w in enumerate(lowers):
            if w in self.anchors:
                lo, hi = max(0, k - self.reach + 1), min(n, k + self.reach)
                if out and lo <= out[-1][1]:
                    out[-1] = (out[-1][0], hi)
                else:
                    out.append((lo, hi))
        return out

    def match(self, doc: Doc, lowers: list[str], words: list[str] | None = None) -> list[tuple[int, int, str]]:
        """The matches as ``(start, end, label)``, deduplicated and sorted as spaCy sorts the
        labelled Spans (``PhraseRuler``). ``lowers`` (and ``words``, when given): the doc's
        lower-case (and own) token texts."""
        if self.simple is not None:
            found = self._match_simple(doc, lowers, words)
        else:
            strings = doc.vocab.strings
            found = {
                (lo + s, lo + e, strings[m_id])
                for lo, hi in self.windows(lowers)
                for m_id, s, e in self.matcher(doc[lo:hi])
                if s != e
            }
        rank = self.rank
        return sorted(found, key=lambda f: (f[0], f[1], rank[f[2]]))

    def _match_simple(self, doc: Doc, lowers: list[str], words: list[str] | None) -> set[tuple[int, int, str]]:
        """The same matches, tested in Python at each anchor word: every pattern here is a fixed
        sequence of plain token tests (``_simple_patterns``), so no Matcher is needed."""
        if words is None:
            words = token_table(doc)[0]
        starts = (doc.to_array([SENT_START]).view("int64") == 1).tolist() if len(doc) else []
        n = len(words)
        spans = set()
        plan = self.simple
        for k in positions_of(doc, plan.keys()):
            for label, tests, offset in plan.get(lowers[k], ()):
                s = k - offset
                e = s + len(tests)
                if s >= 0 and e <= n and all(
                    _token_ok(test, words[i], lowers[i], starts[i]) for test, i in zip(tests, range(s, e))
                ):
                    spans.add((s, e, label))
        return spans


_SIMPLE_TEXT_ATTRS = {"ORTH": "text", "TEXT": "text", "LOWER": "lower"}
_SIMPLE_FLAGS = {"IS_TITLE", "IS_SENT_START"}


def _simple_patterns(patterns: list[dict]) -> dict[str, list[tuple[str, tuple, int]]] | None:
    """Anchor word -> (label, token tests, anchor position) for patterns made only of text
    (ORTH/TEXT/LOWER, a value or ``IN`` list) and IS_TITLE / IS_SENT_START tests; None when
    some pattern needs more (operators, other attributes): the Matcher then runs instead."""
    plan: dict[str, list[tuple[str, tuple, int]]] = {}
    for p in patterns:
        tests = []
        for spec in p["pattern"]:
            test = []
            for attr, value in spec.items():
                values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
                if attr in _SIMPLE_TEXT_ATTRS and isinstance(values, list) and (isinstance(value, str) or set(value) == {"IN"}):
                    if attr == "LOWER" and any(v != v.lower() for v in values):
                        return None  # leave the Matcher's handling of such values to it
                    test.append((_SIMPLE_TEXT_ATTRS[attr], frozenset(values)))
                elif attr in _SIMPLE_FLAGS and isinstance(value, bool):
                    test.append((attr, value))
                else:
                    return None
            tests.append(tuple(test))
        anchors = pattern_anchor_words(p["pattern"])
        offset = next(i for i, spec in enumerate(p["pattern"]) if pattern_anchor_words([spec]) is not None)
        for word in anchors:
            plan.setdefault(word, []).append((p["label"], tuple(tests), offset))
    return plan


def _token_ok(test: tuple, word: str, lower: str, sent_start: bool) -> bool:
    """One token test of ``_simple_patterns`` (as spaCy's Matcher: IS_TITLE is ``str.istitle``)."""
    for attr, value in test:
        if attr == "text":
            ok = word in value
        elif attr == "lower":
            ok = lower in value
        elif attr == "IS_TITLE":
            ok = word.istitle() == value
        else:
            ok = sent_start == value
        if not ok:
            return False
    return True


@Language.factory("peel_entities")
def make_peel_entities(nlp: Language, name: str) -> "EntityComponent":
    return EntityComponent(nlp, name)


class EntityComponent:
    """Gazetteer rulers (case-insensitive and case-sensitive) and discovery rules run on a
    :class:`TextView`; results merged into ``doc.spans["peel_entities"]`` by ``merge_entities``."""

    def __init__(self, nlp: Language, name: str = "peel_entities"):
        import spacy

        self.name = name
        self.view_nlp = spacy.blank("en", vocab=nlp.vocab)
        customise_tokenizer(self.view_nlp)
        lower, exact = gazetteer_patterns()
        self.gaz_lower = PhraseRuler(self.view_nlp, "LOWER", lower)
        self.gaz_exact = PhraseRuler(self.view_nlp, "ORTH", exact)
        self.found = RuleMatcher(nlp.vocab, rule_patterns())
        # names discovered in one report recur in the next: tokenise each surface form once
        self.make_pattern_doc = lru_cache(maxsize=8192)(self.view_nlp.make_doc)

    def __call__(self, doc: Doc) -> Doc:
        view = TextView(doc)
        gaz = [
            (*view.doc_bounds(start, end), key)
            for start, end, _, key in self.gaz_lower.match(view.view) + self.gaz_exact.match(view.view)
        ]
        found = []
        facts = TokenFacts(view.view)
        for start, end, kind in self.found.match(view.view, view.lowers, view.words):
            got = classify_rule_match(facts, start, end, kind)
            if got is not None:
                found.append((*view.doc_bounds(got[0], got[1]), *got[2:]))
        return merge_entities(doc, gaz, found, view, self.make_pattern_doc)


# --- typing and naming of candidate spans ---------------------------------------------------


@lru_cache(maxsize=1)
def _vocab() -> dict[str, frozenset[str]]:
    r = rules()
    return {k: frozenset(v) for k, v in r.items() if isinstance(v, list)}


class TokenFacts:
    """What the candidate rules read about a doc's tokens, from its word tables (no Token
    objects): texts (``token_table``), ``lower_`` (``token_lowers``), sentence starts
    (``sentence_starts``). spaCy's lexeme flags are the text's ``str`` tests (``is_alpha`` is
    ``str.isalpha``, ``is_title`` ``str.istitle``...), ``is_stop`` the lexeme's own flag."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = token_table(doc)[0]
        self.lower = token_lowers(doc)
        self.n = len(doc)
        self.sent_start = [False] * self.n  # ``Token.is_sent_start`` is True only at a start
        for k in sentence_starts(doc) or ():
            self.sent_start[k] = True
        self._stops: dict[str, bool] = {}

    def is_alpha(self, k: int) -> bool:
        return self.text[k].isalpha()

    def is_lower(self, k: int) -> bool:
        return self.text[k].islower()

    def is_upper(self, k: int) -> bool:
        return self.text[k].isupper()

    def is_title(self, k: int) -> bool:
        return self.text[k].istitle()

    def is_stop(self, k: int) -> bool:
        word = self.text[k]
        stop = self._stops.get(word)
        if stop is None:
            stop = self._stops[word] = self.doc.vocab[word].is_stop
        return stop

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (``nlp.tokens_text``)."""
        return tokens_text(self.doc, start, end)


def _sentence_initial(t: TokenFacts, k: int) -> bool:
    return t.sent_start[k] or (k > 0 and t.text[k - 1] in {"•", "‘", "“", "-", "–"})


@lru_cache(maxsize=65536)
def _capitalised(word: str) -> bool:
    """A capitalised word (a token's text: ``is_alpha`` is ``str.isalpha``) or hyphenated name."""
    return word[:1].isupper() and (word.isalpha() or "-" in word)


def _name_left(t: TokenFacts, i: int, connectors: frozenset[str] = frozenset()) -> int:
    """Index of the first token of the capitalised name ending at token ``i`` (inclusive);
    ``i + 1`` when there is none. Never crosses a sentence start or a leading stop word;
    lower-case ``connectors`` ("and", "of") are kept only between capitalised words."""
    stop = _vocab()["leading_stop"]
    text, lower = t.text, t.lower
    start = i + 1
    k = i
    while k >= 0:
        if _capitalised(text[k]) and lower[k] not in stop:
            start = k
        elif text[k] in {"’s", "'s"} and k > 0 and _capitalised(text[k - 1]):
            pass
        elif lower[k] in connectors and k > 0 and _capitalised(text[k - 1]) and k + 1 <= i:
            pass
        else:
            break
        if t.sent_start[k]:
            break
        k -= 1
    return start


def _generic(t: TokenFacts, ks: Iterable[int]) -> bool:
    generic = _vocab()["generic_names"]
    return all(t.lower[k] in generic for k in ks if t.is_alpha(k))


def _opener(t: TokenFacts, ks: list[int]) -> bool:
    """A single capitalised common word opening a sentence ("Neighbourhood teams")."""
    if not ks:
        return False
    first = ks[0]
    return (len(ks) == 1 and _sentence_initial(t, first) and t.is_title(first)
            and not _mixed(t.text[first]) and not t.is_upper(first))


def _unit_candidate(t: TokenFacts, head: int, end: int):
    """"<Name> [up to two descriptors] team/unit/command/..." with a proper name."""
    k = head - 1
    n_desc = 0
    while k >= 0 and n_desc < 2 and t.is_lower(k) and t.is_alpha(k) and not t.is_stop(k) and not t.sent_start[k + 1]:
        k -= 1
        n_desc += 1
    if k < 0 or t.sent_start[k + 1] and n_desc:
        return None
    name_start = _name_left(t, k, frozenset({"of"}))
    if name_start > k:
        return _descriptive_unit(t, head, end)
    name = range(name_start, k + 1)
    if n_desc and _plural_word(t, name[-1]):
        return None  # "Neighbourhood Enquiry Officers support neighbourhood teams": a verb between
    if _opener(t, list(name)) or (_generic(t, name) and not _titled_name(t, name, head, n_desc)):
        return None
    if n_desc == 0 and t.text[head][:1].isupper():
        return name_start, end, "Unit", t.span_text(name_start, end), "mentions.named_unit"
    return name_start, end, "Unit", t.span_text(name_start, k + 1), "mentions.named_unit"


def _plural_word(t: TokenFacts, k: int) -> bool:
    """ "Officers", "Volunteers": a plural noun ends a subject, not a unit name's modifiers
    (names run "Trident gang crime command", "Jigsaw public protection teams")."""
    low = t.lower[k]
    return t.is_alpha(k) and len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "’s", "'s"))


def _titled_name(t: TokenFacts, name: range, head: int, n_desc: int) -> bool:
    """ "Investigation Management Unit", "Serious Crime Directorate": common words, but two or
    more of them capitalised together with the head word make a proper name (a unit's title),
    unlike "Neighbourhood teams" or "Safeguarding Unit"."""
    words = [k for k in name if t.is_alpha(k)]
    return n_desc == 0 and t.text[head][:1].isupper() and len(words) >= 2 and all(t.is_title(k) for k in words)


def _initiative_candidate(t: TokenFacts, head: int, end: int):
    """"<Name> programme/project/initiative/scheme": "Brighter Futures Project", "Pathfinder
    Boroughs scheme". The whole span is the label (a name such as "Aston" alone could be a place).
    Rejected: no capitalised name before the head, acronyms only ("IOM programme", "PEEL
    programme"), or common words that are not a title ("Promising initiatives")."""
    start = _name_left(t, head - 1, frozenset({"and", "of"}))
    if start >= head:
        return None
    name = range(start, head)
    words = [k for k in name if t.is_alpha(k)]
    not_entities = {w.upper() for w in rules()["not_entities"]}
    if not words or all(t.is_upper(k) for k in words) or any(t.text[k].upper() in not_entities for k in words):
        return None
    if _opener(t, words) or (_generic(t, name) and not _titled_name(t, name, head, 0)):
        return None
    return start, end, "Initiative", t.span_text(start, end), "mentions.named_initiative"


def _descriptive_unit(t: TokenFacts, head: int, end: int):
    """A definite, singular descriptive unit name: "the lifetime offender management unit",
    "the force's economic victims of crime unit" (two to five words after the determiner)."""
    lower = t.lower
    if lower[head] not in {"unit", "team", "command", "squad", "desk", "hub", "task", "taskforce"}:
        return None
    k = head - 1
    words = 0
    while k >= 0 and words < 5 and t.is_lower(k) and (t.is_alpha(k) or t.text[k] == "-"):
        if lower[k] in _vocab()["leading_stop"] and lower[k] not in {"of", "and"}:
            break
        words += t.is_alpha(k)
        k -= 1
    if k < 0 or lower[k] not in _vocab()["descriptive_unit_determiners"]:
        return None
    start = k + 1
    while start < head and lower[start] in {"of", "and", "-"}:
        start += 1
    if head - start < 2:
        return None
    return start, end, "Unit", t.span_text(start, end), "mentions.descriptive_unit"


def _mixed(text: str) -> bool:
    return any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)


def _order_candidate(t: TokenFacts, head: int, end: int):
    """"<1-3 modifiers> order/notice/injunction": "sexual harm prevention orders"."""
    stop = _vocab()["leading_stop"]
    text = t.text
    k = head - 1
    start = head
    words = 0
    while k >= 0 and words < 3:
        if text[k] == "-" and k > 0 and t.is_alpha(k - 1):
            k -= 1
            continue
        if not t.is_alpha(k) or t.is_stop(k) or t.lower[k] in stop or t.is_upper(k) or t.sent_start[k + 1]:
            break
        if t.is_lower(k) and re.search(r"(ed|ly)$", t.lower[k]):
            break
        start = k
        words += 0 if k + 1 < t.n and text[k + 1] == "-" else 1
        k -= 1
    while start < head and not t.is_alpha(start):
        start += 1
    if start == head:
        return None
    return start, end, "Power", t.span_text(start, end), "mentions.order_or_notice"


def _force_candidate(t: TokenFacts, head: int, end: int):
    """"<Name> Police/Constabulary": "Kent Police", "Avon and Somerset Constabulary"."""
    start = _name_left(t, head - 1, frozenset({"and", "of"}))
    known = next((s for s in range(start, head) if lookup(t.span_text(s, end))), None)
    if known is not None:
        start = known  # "Therefore Suffolk Constabulary" -> the known "Suffolk Constabulary"
    while start < head and t.lower[start] in _vocab()["not_force_names"] and not lookup(t.span_text(start, end)):
        start += 1
    if start >= head:
        return None
    if any(t.text[k] in ("Police", "Constabulary") for k in range(start, end - 1)):
        return None
    return start, end, "Force", t.span_text(start, end), "mentions.named_force"


def _partner_candidate(t: TokenFacts, first: int, span_end: int):
    """"<Name> Agency/Council/Office/..." optionally "... of/for <Name>": "Ministry of Justice"."""
    text, lower, n = t.text, t.lower, t.n
    head = span_end - 1
    start = _name_left(t, head - 1, frozenset({"and"}))
    end = span_end
    if end + 1 < n and lower[end] in {"of", "for"} and _capitalised(text[end + 1]):
        end += 1
        while end < n and (_capitalised(text[end]) or (lower[end] == "and" and end + 1 < n and _capitalised(text[end + 1]))) and not t.sent_start[end]:
            end += 1
    full = range(start, end)
    if len(full) < 2 or any(text[k] in ("Police", "Constabulary") for k in full):
        return None
    name = [k for k in full if k != head and t.is_alpha(k) and text[k][:1].isupper()]
    if not name or _generic(t, name) and not lookup(t.span_text(start, end)):
        return None
    if _opener(t, list(range(start, head))) and end == span_end:
        return None
    return start, end, "PartnerOrganisation", t.span_text(start, end), "mentions.named_organisation"


_CANDIDATES = {
    "UnitRule": _unit_candidate,
    "OrderRule": _order_candidate,
    "ForceRule": _force_candidate,
    "PartnerRule": _partner_candidate,
    "InitiativeRule": _initiative_candidate,
}
_WHOLE_SPAN = {
    "OperationRule": ("Initiative", "mentions.operation_name"),
    "LawRule": ("Power", "mentions.named_law"),
    "CrimeRule": ("CrimeType", "mentions.crime_type"),
}


def classify_rule_match(t: TokenFacts, start: int, end: int, kind: str):
    """(start, end, type, preferred label, rule) for a discovery-rule match ``start:end`` with
    label ``kind``, or None to reject it.

    The rule patterns match only a head word (cheap for the Matcher); the name is found by
    walking left over capitalised words / modifiers here."""
    candidate = _CANDIDATES.get(kind)
    if candidate is not None:
        return candidate(t, start, end)
    if kind in _WHOLE_SPAN:
        etype, rule = _WHOLE_SPAN[kind]
        text = t.span_text(start, end)
        return start, end, etype, text.lower() if etype == "CrimeType" else text, rule
    return None


def acronym_type(short: str, long: str) -> str | None:
    """The entity type of an acronym defined in the text, from its long form's head noun."""
    if acronyms.singular_short(short) in rules()["not_entities"]:
        return None
    words = re.findall(r"[a-z]+", long.lower())
    if not words:
        return None
    head = match_key(words[-1])
    for etype, heads in rules()["acronym_head_types"].items():
        if head in {match_key(h) for h in heads}:
            return etype
    return None


# --- the merging component ----------------------------------------------------------------


class _Candidate(NamedTuple):
    """A candidate entity span as plain values (``start``/``end`` are all that spaCy's
    ``filter_spans`` reads): a Span, and its extension values, are made only for the survivors.
    Each candidate keeps its own labels (spaCy stores a Span's extension values under its
    character offsets, so candidates with the same extent would overwrite each other's)."""

    start: int
    end: int
    label: str
    key: str
    pref: str
    alts: tuple[str, ...]
    rule: str


def _set(start: int, end: int, key: str, pref: str, alts: Iterable[str], rule: str) -> _Candidate:
    return _Candidate(start, end, key.partition(":")[0], key, pref, _other_labels(pref, tuple(alts)), rule)


@lru_cache(maxsize=65536)  # a gazetteer entry gives the same labels at each of its matches
def _other_labels(pref: str, alts: tuple[str, ...]) -> tuple[str, ...]:
    """The alternative labels of a candidate: distinct, sorted, without the empty and preferred one."""
    return tuple(sorted({a for a in alts if a and a != pref}))


def _from_entry(start: int, end: int, entry: GazetteerEntry, rule: str, extra: Iterable[str] = ()) -> _Candidate:
    return _set(start, end, entry.key, entry.label, (*entry.aliases, *extra), rule)


def _to_span(doc: Doc, cand: _Candidate) -> Span:
    """A surviving candidate as a typed, keyed entity Span with its labels."""
    span = Span(doc, cand.start, cand.end, label=cand.label, span_id=cand.key)
    ext = span._
    ext.pref_label, ext.alt_labels, ext.rule = cand.pref, cand.alts, cand.rule
    return span


def merge_entities(doc: Doc, gazetteer_spans, rule_matches, view: TextView, make_doc) -> Doc:
    """Merge gazetteer, acronym and rule spans into typed, keyed entity spans (``doc.spans``).

    ``gazetteer_spans``: (start, end, gazetteer key) in the doc's tokens; ``rule_matches``:
    (start, end, type, preferred label, rule) in the doc's tokens (``classify_rule_match``)."""
    gaz_spans: list[_Candidate] = []
    for start, end, key in gazetteer_spans:
        entry = gazetteer_by_key().get(key)
        if entry is not None:
            gaz_spans.append(_from_entry(start, end, entry, "mentions.gazetteer"))

    acro_spans: list[_Candidate] = []
    discovered: dict[str, _Candidate] = {}  # surface form -> template (key, labels)
    for short, long in doc._.abbreviations:
        short_s = acronyms.singular_short(span_text(short))
        long_s = re.sub(r"\s+", " ", span_text(long))
        entry = lookup(short_s, long_s)
        if entry is not None:
            spans = [_from_entry(s.start, s.end, entry, "acronyms.definition", (short_s, long_s)) for s in (short, long)]
        else:
            etype = acronym_type(short_s, long_s)
            if etype is None:
                continue
            key = f"{etype}:{norm_label(short_s)}"
            spans = [_set(s.start, s.end, key, short_s, (long_s,), "acronyms.definition") for s in (short, long)]
        acro_spans.extend(spans)
        discovered.setdefault(short_s, spans[0])
        discovered.setdefault(long_s, spans[1])
    acronym_forms = dict(discovered)  # short and long forms of acronyms defined in this doc

    rule_spans: list[_Candidate] = []
    text = doc_text(doc)
    for start, end, etype, pref, rule in rule_matches:
        first, last = span_chars(doc, start, end)  # ``span_text`` of ``doc[start:end]``
        surface = re.sub(r"\s+", " ", text[first:last])
        entry = lookup(surface)
        if entry is None and (hit := lookup(pref)) is not None and hit.entity_type == etype:
            entry = hit
        defined = acronym_forms.get(surface)
        if entry is not None:
            out = _from_entry(start, end, entry, rule, (surface,))
        elif defined is not None and defined.label == etype:
            # "31 stalking protection orders" after "stalking protection orders (SPOs)": the
            # acronym's entity, not a second one named by its long form
            out = _set(start, end, defined.key, defined.pref, defined.alts, rule)
        else:
            acro = doc._.acronym_map.get(acronyms.normalise_short(pref))
            key_label = acronyms.singular_short(pref) if acro else pref
            out = _set(start, end, f"{etype}:{norm_label(key_label)}", key_label, (surface, acro or ""), rule)
            if pref != surface and pref not in discovered:
                discovered[pref] = out
        rule_spans.append(out)
        discovered.setdefault(surface, out)

    repeat_spans = _match_discovered(view, discovered, make_doc)
    people = _people_not_crime(doc)
    kept = [
        (_to_span(doc, cand), cand) for cand in filter_spans(gaz_spans + acro_spans + rule_spans + repeat_spans)
        if not people(cand)
    ]
    kept.sort(key=lambda pair: pair[0].start)
    doc.spans[SPANS_KEY] = [span for span, _ in kept]
    doc.user_data[_VALUES_KEY] = (doc.spans[SPANS_KEY], [cand for _, cand in kept])
    return doc


_VALUES_KEY = "peel_entity_values"


def entity_values(doc: Doc) -> list[_Candidate]:
    """The type, key and labels of each span in ``doc.spans[SPANS_KEY]``, in order.

    Kept by ``merge_entities`` beside the spans it made (reading three extension values back
    through ``span._`` costs more than the rest of ``extract_mentions``); read from the spans
    themselves when the span group is not the one it made."""
    group = doc.spans.get(SPANS_KEY, [])
    kept = doc.user_data.get(_VALUES_KEY)
    if kept is not None and kept[0] is group and len(kept[1]) == len(group):
        return kept[1]
    return [_Candidate(s.start, s.end, s.label_, s.id_, s._.pref_label, s._.alt_labels, s._.rule) for s in group]


def _people_not_crime(doc: Doc):
    """A test of candidates: a crime-type word naming people, not a crime ("organised crime
    groups", "gang members"). The doc's tables are read once for all candidates
    (``Token.is_space`` is ``str.isspace``, ``Token.lower_`` ``str.lower``)."""
    words, lowers = token_table(doc)[0], token_lowers(doc)
    n, after = len(words), _vocab()["not_crime_after"]

    def people(cand: _Candidate) -> bool:
        if cand.label != "CrimeType":
            return False
        k = cand.end
        while k < n and words[k].isspace():
            k += 1
        return k < n and lowers[k] in after

    return people


def _match_discovered(view: TextView, discovered: dict[str, _Candidate], make_doc) -> list[_Candidate]:
    """Every other occurrence in the doc of a name discovered in it (a second, per-doc pass)."""
    if not discovered:
        return []
    exact = PhraseMatcher(view.doc.vocab, attr="ORTH")
    lower = PhraseMatcher(view.doc.vocab, attr="LOWER")
    templates: dict[str, _Candidate] = {}
    for i, (surface, tmpl) in enumerate(sorted(discovered.items())):
        if len(surface) < 3:
            continue
        key = f"peel_discovered_{i}"
        templates[key] = tmpl
        forms = plural_forms(surface)
        target = exact if _is_acronym_like(surface) or surface[:1].isupper() else lower
        target.add(key, [make_doc(f) for f in forms])
    out = []
    for matcher in (exact, lower):
        for match_id, start, end in matcher(view.view):
            tmpl = templates[view.doc.vocab.strings[match_id]]
            out.append(_set(*view.doc_bounds(start, end), tmpl.key, tmpl.pref, tmpl.alts, "mentions.repeated_name"))
    return out


# --- public API -----------------------------------------------------------------------------


def parse(text: str) -> Doc:
    """The spaCy Doc of a report: tokens, sentences, acronyms and entity spans."""
    nlp = get_nlp()
    tokenizer_cache.prime(nlp.tokenizer, text)
    doc = nlp.make_doc(text)
    # the tokenizer is non-destructive (doc.text == text): seed nlp.doc_text's cache, since
    # spaCy would rebuild the text from every token
    doc.user_data["peel_text"] = (len(doc), text)
    return nlp(doc)


def extract_mentions(spacy_doc: Doc | None, doc: DocumentRecord) -> list[Mention]:
    """One Mention per entity span, with exact offsets, the sentence and the rule that found it."""
    if spacy_doc is None:
        return []
    own_force = lookup(doc.force) if doc.force else None
    text = doc_text(spacy_doc)  # a span's text is its slice of the doc text (no Token objects)
    sentences: dict[int, str] = {}
    sent_starts = sentence_starts(spacy_doc)
    out = []
    for span, cand in zip(spacy_doc.spans.get(SPANS_KEY, []), entity_values(spacy_doc)):
        key, pref, surface = cand.key, cand.pref, text[span.start_char:span.end_char]
        if cand.label == "Force":
            canon = forces.lookup(surface) or forces.lookup(pref)
            if doc.force and own_force is not None and key == own_force.key:
                canon = doc.force  # the document's own force, by its canonical name
            if canon:
                key, pref = force_key(canon), canon
        begin, end = sentence_bounds(span, sent_starts)
        if begin not in sentences:
            sentences[begin] = sentence_text_at(spacy_doc, *span_chars(spacy_doc, begin, end))
        ev = Evidence(doc.doc_id, span.start_char, span.end_char, surface, cand.rule, sentences[begin])
        out.append(Mention(key, cand.label, surface, pref, cand.alts, ev))
    return out


def force_key(name: str) -> str:
    """The entity key of a force: its IRI is then the force's own node (``kg.namespaces.force``)."""
    return f"Force:{norm_label(name)}"
