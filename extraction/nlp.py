"""The spaCy pipeline, built once per process: tokenizer, sentence boundaries, entity rules.

``spacy.blank("en")`` with two changes that PEEL text needs and no trained model (none is on
PyPI, and rules are ~30x faster than a parser): footnote markers glued to words ("judgment2",
"initiative,8", "public:1") are split off as their own tokens, and a registered sentence
component (``peel_sentences``) splits on sentence punctuation, blank lines and bullets but
not on PDF line wraps. Entity components (``extraction.mentions``) are added on top.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import pairwise

import numpy
import spacy
from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex, compile_suffix_regex

# A footnote number glued to the end of a word or to its trailing punctuation.
_FOOTNOTE_SUFFIXES = [r"(?<=[a-z])[0-9]{1,3}$", r"(?<=[A-Za-z\)][\.,:;’'”\)])[0-9]{1,3}$"]

_TERMINATORS = {".", "!", "?", "…"}
_BULLETS = {"•", "●", "▪", "◦", "‣", "", "–", "-", "*"}
_CLOSERS = {"’", "'", "”", '"', ")", "]"}
# Tokens ending in "." that do not end a sentence (the tokenizer keeps these whole).
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "no.", "st.", "cf.", "vs.", "c."}

_OPENERS = {"‘", "“", "("}
_NOT_BEFORE_FOOTNOTE = {"£", "$", "(", "-", "–", "/"}
_INITIALS = re.compile(r"(?:[a-z]\.)+")


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the doc. spaCy rebuilds ``Doc.text`` on every access by joining
    all tokens (one Token object each), so a per-match ``doc.text[a:b]`` costs a whole-Doc walk."""
    cached = doc.user_data.get("peel_text")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    text = doc.text
    doc.user_data["peel_text"] = (len(doc), text)
    return text


def span_text(span: Span) -> str:
    """``span.text``, cut from the doc's cached text: spaCy joins the span's tokens (one Token
    object each). The tokenizer is non-destructive, so the two are the same."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def token_types(doc: Doc) -> tuple[list[str], numpy.ndarray, numpy.ndarray]:
    """The doc's distinct token texts, their ORTH hashes and, per token, the index of its text
    among them (one ``numpy.unique``), cached on the doc. A report has ~10x fewer distinct words
    than tokens, so per-word work (string look-up, lower-casing, classifying) runs once a word."""
    cached = doc.user_data.get("peel_types")
    if cached is not None and len(cached[2]) == len(doc):
        return cached
    orths, inverse = numpy.unique(doc.to_array(ORTH).reshape(-1), return_inverse=True)
    types = list(map(doc.vocab.strings.__getitem__, orths.tolist()))
    doc.user_data["peel_types"] = (types, orths, inverse.reshape(-1))
    return doc.user_data["peel_types"]


def token_table(doc: Doc) -> tuple[list[str], list[bool]]:
    """Token texts and "followed by white space" flags, read from arrays (no Token objects:
    creating them dominates the run time of a pure-Python pass). Cached on the doc."""
    cached = doc.user_data.get("peel_tokens")
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    types, _, inverse = token_types(doc)
    words = take(types, inverse)
    # SPACY: one space follows the token (more white space is a token of its own)
    spaced = doc.to_array(SPACY).astype(bool).tolist() if len(doc) else []
    doc.user_data["peel_tokens"] = (words, spaced)
    return words, spaced


def tokens_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` from the token texts and space flags (``token_table``): spaCy
    joins the span's tokens' ``text_with_ws`` (a Token object each) and drops the last space."""
    if end <= start:
        return ""
    words, spaced = token_table(doc)
    return "".join([words[k] + " " if spaced[k] else words[k] for k in range(start, end - 1)]) + words[end - 1]


def token_lowers(doc: Doc) -> list[str]:
    """Lower-case token texts (``Token.lower_``: the lexeme's ``str.lower()``), cached on the doc,
    for passes that look at every token of the doc."""
    cached = doc.user_data.get("peel_lowers")
    if cached is not None and len(cached) == len(doc):
        return cached
    _, _, inverse = token_types(doc)
    lowers = take(type_lowers(doc), inverse)
    doc.user_data["peel_lowers"] = lowers
    return lowers


def type_lowers(doc: Doc) -> list[str]:
    """The lower-case text of each of the doc's distinct words (``token_types``), cached on
    the doc: the distinct values of ``token_lowers`` without a pass over every token."""
    types = token_types(doc)[0]
    cached = doc.user_data.get("peel_type_lowers")
    if cached is not None and cached[0] is types:
        return cached[1]
    lowers = list(map(str.lower, types))
    doc.user_data["peel_type_lowers"] = (types, lowers)
    return lowers


def subdoc_tables(doc: Doc, sub: Doc, index: numpy.ndarray, spaced: list[bool] | None = None) -> None:
    """Seed the token caches of ``sub``, a Doc of the tokens ``index`` of ``doc`` (the same
    lexemes, in order; its own space flags, ``spaced`` when the caller has them), from
    ``doc``'s: no ``to_array`` or string look-up per token of ``sub``. The tables are exactly
    what ``token_types``, ``type_lowers``, ``token_table`` and ``token_lowers`` would compute
    from ``sub`` itself."""
    types, orths, inverse = token_types(doc)
    used, kinds = unique_small(inverse[index], len(types))  # sub's distinct words
    sub_types = take(types, used)
    sub_lowers = take(type_lowers(doc), used)
    if spaced is None:
        spaced = sub.to_array(SPACY).astype(bool).tolist() if len(sub) else []
    sub.user_data["peel_types"] = (sub_types, orths[used], kinds)
    sub.user_data["peel_type_lowers"] = (sub_types, sub_lowers)
    sub.user_data["peel_tokens"] = (take(sub_types, kinds), spaced)
    sub.user_data["peel_lowers"] = take(sub_lowers, kinds)


def unique_small(values: numpy.ndarray, size: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """``numpy.unique(values, return_inverse=True)`` for integers in ``range(size)``: the values
    present are marked in a table of ``size`` flags and numbered in order (no sort)."""
    present = numpy.zeros(size, dtype=bool)
    present[values] = True
    rank = numpy.cumsum(present) - 1  # the position of each present value among them
    return numpy.flatnonzero(present), rank[values]


def take(values: list, index: numpy.ndarray) -> list:
    """``[values[i] for i in index]``, through an object array: numpy copies the references
    in C, about four times faster than a Python-level look-up per item."""
    table = numpy.empty(len(values), dtype=object)
    table[:] = values
    return table[index].tolist()


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token (``Token.idx``, ``idx + len(token)``),
    read as arrays and cached on the doc: a ``doc[i]`` or ``doc[a:b]`` per look builds Token
    objects (a Span's ``start_char``/``end_char`` are its first token's start, last one's end)."""
    cached = doc.user_data.get("peel_offsets")
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    types, _, inverse = token_types(doc)
    begins = doc.to_array(IDX).astype(numpy.int64)
    ends = begins + numpy.fromiter(map(len, types), dtype=numpy.int64, count=len(types))[inverse]
    doc.user_data["peel_offsets"] = (begins.tolist(), ends.tolist())
    return doc.user_data["peel_offsets"]


def span_chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``(doc[start:end].start_char, doc[start:end].end_char)`` for a non-empty token range."""
    begins, ends = token_offsets(doc)
    return begins[start], ends[end - 1]


def sentence_chars(doc: Doc) -> list[tuple[int, int]]:
    """``[(sent.start_char, sent.end_char) for sent in doc.sents]`` from the sentence starts and
    token offsets (``doc.sents`` makes a Span, so three Tokens, per sentence)."""
    starts = sentence_starts(doc)
    if starts is None:
        return [(sent.start_char, sent.end_char) for sent in doc.sents]  # raises spaCy's own error
    begins, ends = token_offsets(doc)
    cuts = [0, *(k for k in starts if k > 0), len(doc)]
    return [(begins[a], ends[b - 1]) for a, b in pairwise(cuts)]


def positions_of(doc: Doc, lower_words) -> list[int]:
    """Indices of the tokens whose lower-case text is one of ``lower_words``: each distinct
    word (``token_types``) is tested once, then its verdict spread over the tokens as one array
    operation (a Python pass over a long doc's tokens, or ``doc.to_array(LOWER)``, costs more)."""
    if not len(doc) or not lower_words:
        return []
    wanted = lower_words if isinstance(lower_words, (set, frozenset)) else frozenset(lower_words)
    types, _, inverse = token_types(doc)
    hit = numpy.fromiter(map(wanted.__contains__, type_lowers(doc)), dtype=bool, count=len(types))
    return numpy.flatnonzero(hit[inverse]).tolist()


def footnotes(doc: Doc) -> frozenset[int]:
    """Indices of footnote-marker tokens (set by ``peel_sentences``)."""
    return doc.user_data.get("peel_footnotes", frozenset())


def _is_footnote_token(tok: Token) -> bool:
    return tok.i in footnotes(tok.doc)


if not Token.has_extension("is_footnote"):
    Token.set_extension("is_footnote", getter=_is_footnote_token)


def _ends_sentence(low: str) -> bool:
    """A lower-case word ending in "." that is no abbreviation ("e.g.") or initials ("j.k.")."""
    return low not in _ABBREVIATIONS and not _INITIALS.fullmatch(low)


@Language.component("peel_sentences")
def peel_sentences(doc: Doc) -> Doc:
    """Sentence starts for PDF/web report text; also marks footnote markers.

    A sentence starts after . ! ? (past closing quotes and footnote markers) when the next
    word is capitalised, a digit or a bullet; after a blank line; and at a bullet that begins a
    line. A single line break (a PDF wrap) is never a boundary on its own. A footnote marker is
    a number of 1-3 digits glued to the previous word or punctuation ("judgment2", "public:1").
    """
    words, spaced = token_table(doc)
    # the loop runs once per token that is not a plain word: sets and helpers bound to locals
    terminators, bullets, closers, openers = _TERMINATORS, _BULLETS, _CLOSERS, _OPENERS
    not_before_footnote, ends_sentence = _NOT_BEFORE_FOOTNOTE, _ends_sentence
    sent_starts: list[int] = []
    notes = set()
    last_end_ok = False  # previous content token ends a sentence
    blank_line = True
    after = 0  # the token after the last one the rules looked at
    for i in _unplain_positions(doc):
        if i > after:
            # plain words after..i-1 (``_is_plain``): the first starts a sentence after a blank
            # line (or as the first token); any of them ends the "after a terminator" state
            if blank_line:
                sent_starts.append(after)
                blank_line = False
            last_end_ok = False
        after = i + 1
        w = words[i]
        prev = words[i - 1] if i else ""
        if w.isspace():
            if w.count("\n") >= 2:
                blank_line = True
            if i == 0:
                sent_starts.append(0)
            continue
        footnote = (
            i > 0 and len(w) <= 3 and w.isdigit() and not spaced[i - 1]
            and not prev.isdigit() and prev not in not_before_footnote
        )
        if footnote:
            notes.add(i)
        elif (
            i == 0 or blank_line
            or (w in bullets and (prev.isspace() and "\n" in prev))
            or (last_end_ok and (w[0].isupper() or w[0].isdigit() or w in bullets or w in openers))
        ):
            sent_starts.append(i)
        blank_line = False
        if w in terminators:
            last_end_ok = True
        elif w.endswith(".") and len(w) > 1 and ends_sentence(w.lower()):
            last_end_ok = True
        elif not ((w in closers or footnote) and last_end_ok):
            last_end_ok = False  # closers and footnotes keep a terminator's effect: ." ’ 8
    if after < len(words) and blank_line:
        sent_starts.append(after)
    if len(doc):
        starts = numpy.full((len(doc), 1), -1, dtype="int64")  # SENT_START: 1 start, -1 not
        starts[sent_starts, 0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    doc.user_data["peel_footnotes"] = frozenset(notes)
    return doc


def _unplain_positions(doc: Doc) -> list[int]:
    """Indices of the tokens that are not plain words (``_is_plain``), the only ones whose
    ``peel_sentences`` rules need testing: each distinct word is classified once."""
    types, _, inverse = token_types(doc)
    plain = numpy.fromiter(map(_is_plain, types), dtype=bool, count=len(types))
    return numpy.flatnonzero(~plain[inverse]).tolist()


@lru_cache(maxsize=1 << 18)  # most words recur across reports: each is classified once
def _is_plain(w: str) -> bool:
    """A word that ``peel_sentences`` treats as ordinary (no space, footnote-like number,
    bullet, opener, closer, terminator or capital): after a blank line or first it starts a
    sentence; elsewhere it never does, and resets the "after a terminator" state."""
    return bool(w) and not (
        w.isspace() or w.isdigit() or w.endswith(".") or w[0].isupper() or w[0].isdigit()
        or w in _BULLETS or w in _TERMINATORS or w in _CLOSERS or w in _OPENERS
    )


def customise_tokenizer(nlp: Language) -> None:
    suffixes = list(nlp.Defaults.suffixes) + _FOOTNOTE_SUFFIXES
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-z])[:;,](?=[0-9]{1,3}\b)"]  # "public:1"
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # emoticon special cases such as ":1" would swallow a footnote marker after a colon
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if not re.fullmatch(r"[:;]\d+", k)}


def blank_pipeline() -> Language:
    """A fresh blank English pipeline with the PEEL tokenizer and sentence component."""
    nlp = spacy.blank("en")
    customise_tokenizer(nlp)
    nlp.add_pipe("peel_sentences")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The full pipeline (tokenizer, sentences, entity rules, acronyms), built once per process."""
    from . import mentions  # noqa: F401  (registers the entity components)

    nlp = blank_pipeline()
    mentions.add_entity_components(nlp)
    return nlp


def sentence_text(span) -> str:
    """A sentence's text with white space (line wraps) normalised and footnote markers dropped.

    Cut from the doc text (no Token objects: this runs for many sentences): the tokenizer is
    non-destructive, so the text between two tokens is just the first one's trailing space."""
    return sentence_text_at(span.doc, span.start_char, span.end_char)


def sentence_text_at(doc: Doc, pos: int, end: int) -> str:
    """``sentence_text`` of the doc's characters ``pos:end`` (a token range's ``span_chars``)."""
    text = doc_text(doc)
    starts, ends = _footnote_chars(doc)
    parts = []
    for k in range(bisect.bisect_left(starts, pos), bisect.bisect_left(starts, end)):
        parts.append(text[pos:starts[k]])
        pos = ends[k]
    parts.append(text[pos:end])
    return " ".join("".join(parts).split())  # as re.sub(r"\s+", " ", ...).strip(), faster


def _footnote_chars(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of the footnote markers, in text order; cached on the doc."""
    notes = footnotes(doc)
    cached = doc.user_data.get("peel_footnote_chars")
    if cached is not None and cached[0] is notes:
        return cached[1]
    begins, finals = token_offsets(doc)
    starts = [begins[i] for i in sorted(notes)]
    ends = [finals[i] for i in sorted(notes)]
    doc.user_data["peel_footnote_chars"] = (notes, (starts, ends))
    return starts, ends


def sentence_starts(doc: Doc) -> list[int] | None:
    """Indices of the tokens that start a sentence (``sent_start == 1``), read as one array;
    None without sentence annotation (``Span.sent`` then raises its own error)."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return None
    return numpy.flatnonzero(doc.to_array([SENT_START]).view("int64") == 1).tolist()


def sentence_bounds(span: Span, starts: list[int] | None) -> tuple[int, int]:
    """(start, end) of ``span.sent``, found by bisection in the sentence starts (spaCy walks
    token by token): the last start at or before the span's first token, the next start after."""
    if starts is None:
        sent = span.sent
        return sent.start, sent.end
    return token_sentence(starts, span.start, len(span.doc))


def token_sentence(starts: list[int], i: int, n: int) -> tuple[int, int]:
    """(start, end) of the sentence of token ``i`` of a doc of ``n`` tokens (``doc[i].sent``),
    from its sentence starts (``sentence_starts``, not None)."""
    k = bisect.bisect_right(starts, i) - 1
    begin = starts[k] if k >= 0 else 0
    end = starts[k + 1] if k + 1 < len(starts) else n
    return begin, end


def pattern_anchor_words(pattern: list[dict]) -> frozenset[str] | None:
    """Lower-cased words that one mandatory token of a Matcher token pattern must be (its
    LOWER, TEXT or ORTH value or ``IN`` list), or None when no token is so restricted.

    Rule matchers use these to run only on short windows around the words a match needs.
    """
    for spec in pattern:
        if "OP" in spec:
            continue
        for attr in ("LOWER", "TEXT", "ORTH"):
            value = spec.get(attr)
            if isinstance(value, str):
                return frozenset({value.lower()})
            if isinstance(value, dict) and set(value) == {"IN"}:
                return frozenset(v.lower() for v in value["IN"])
    return None
