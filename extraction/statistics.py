"""Numeric statistics read from report prose: counts, percentages, rates and money.

A spaCy ``Matcher`` finds candidate quantities ("26.2 percent", "£73m", "0.2 applications per
100", "126 DVPOs"); general filters then drop what is not a statistic (years, dates, footnote
markers, page/question numbers and list enumerators alone on a line, identifiers such as
"section 136" or "PIP 2", durations and ages, ranges). Each kept quantity gets what is measured
(a short noun phrase next to it), its subject (an entity mention inside that phrase) and the
date or period its sentence gives ("as at 1 July 2016", "in the 12 months to 30 June 2016").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from .nlp import (
    blank_pipeline,
    doc_text,
    footnotes,
    pattern_anchor_words,
    positions_of,
    sentence_bounds,
    sentence_starts,
    span_chars,
    token_lowers,
    token_offsets,
    token_sentence,
    token_table,
    type_lowers,
)
from .records import DocumentRecord, Evidence, Mention, Statistic

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "hundred": 100})
SCALE = {"m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3,
         "thousand": 1e3}
CURRENCY = {"£": "GBP", "$": "USD", "€": "EUR"}
# Words after a number that make it a duration, an age or a time, not a count.
TIME_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour",
              "hours", "minute", "minutes", "second", "seconds", "olds", "old", "am", "pm",
              "decade", "decades", "yrs", "mins"}
# Words before a number that make it an identifier or a reference, not a quantity.
REFERENCE_WORDS = {"section", "sections", "figure", "figures", "table", "annex", "appendix",
                   "page", "pages", "paragraph", "question", "questions", "pip", "class",
                   "chapter", "part", "recommendation", "step", "level", "tier", "phase",
                   "version", "no", "number", "footnote", "note", "priority", "grade", "act",
                   "schedule", "article", "rule", "box", "stage", "category", "type", "per"}
# Function words that end a measure noun phrase.
STOP = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "which",
        "that", "who", "whom", "whose", "and", "or", "but", "than", "to", "from", "as", "at",
        "by", "for", "this", "these", "those", "it", "its", "their", "they", "we", "if",
        "when", "while", "where", "so", "because", "compared", "respectively", "since",
        "between", "during", "against", "into", "up", "out", "can", "could", "will", "would",
        "should", "may", "might", "must", "do", "does", "did", "not", "across", "over",
        "under", "each", "every", "per", "only", "just", "about", "around", "also"}
LINKERS = {"of", "with", "on", "in"}  # may continue a measure noun phrase
DETERMINERS = {"the", "a", "an", "all", "its", "their", "this", "these"}
# Words before a bare number (one with no noun after it) that introduce a quantity.
BARE_COUNT_CUES = {"of", "for", "be", "was", "were", "is", "are", "only", "just", "than",
                   "about", "around", "over", "some", "totalled", "totaling", "totalling",
                   "reached"}

_NUM_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")

_SP = {"IS_SPACE": True, "OP": "?"}  # a PDF line wrap may fall between any two tokens
_NUM = {"_": {"peel_num": True}}
PATTERNS = {
    "percent": [
        [_NUM, _SP, {"LOWER": {"IN": ["percent", "%"]}}],
        [_NUM, _SP, {"LOWER": "per"}, _SP, {"LOWER": "cent"}],
    ],
    "money": [
        [{"TEXT": {"IN": list(CURRENCY)}}, _NUM, {"LOWER": {"IN": list(SCALE)}, "OP": "?"}],
        [{"TEXT": {"IN": list(CURRENCY)}}, _NUM, {"IS_SPACE": True}, {"LOWER": {"IN": ["million", "billion", "thousand"]}}],
    ],
    "rate": [
        [_NUM, _SP, {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["percent", "per"]}}, _SP, {"LOWER": "per"}, _SP, _NUM],
        [_NUM, _SP, {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["percent", "per"]}}, _SP,
         {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["percent", "per"]}}, _SP, {"LOWER": "per"}, _SP, _NUM],
    ],
    "count": [
        [_NUM],
    ],
}

# Periods and dates, as token patterns ("DATE" = [day] month year, or a financial year).
_DAY = {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}, "OP": "?"}
_MONTH = {"LOWER": {"IN": list(MONTHS)}}
_YEAR = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
_FY = [{"TEXT": {"REGEX": r"^(19|20)\d\d$"}}, {"TEXT": {"IN": ["-", "/", "–"]}}, {"TEXT": {"REGEX": r"^\d\d(\d\d)?$"}}]
_FY_ONE = [{"TEXT": {"REGEX": r"^(19|20)\d\d[/–-]\d\d(\d\d)?$"}}]
_N_MONTHS = [{"LIKE_NUM": True}, {"LOWER": {"IN": ["months", "month", "weeks", "years"]}}]
PERIOD_PATTERNS = {
    "as_at": [[{"LOWER": {"IN": ["as", "at"]}}, {"LOWER": {"IN": ["at", "of", "on"]}, "OP": "?"}, _DAY, _MONTH, _YEAR]],
    "months_to": [
        [*_N_MONTHS, {"LOWER": {"IN": ["to", "ending", "until", "up"]}}, {"LOWER": "to", "OP": "?"}, _DAY, _MONTH, _YEAR],
        [*_N_MONTHS, {"LOWER": "prior"}, {"LOWER": "to"}, {"LOWER": "the"}, {"LOWER": "end"}, {"LOWER": "of"}, _DAY, _MONTH, _YEAR],
    ],
    "year_ending": [[{"LOWER": "year"}, {"LOWER": {"IN": ["ending", "to"]}}, _DAY, _MONTH, _YEAR]],
    "financial_year": [[{"LOWER": {"IN": ["year", "in", "during"]}}, *_FY], [{"LOWER": {"IN": ["year", "in", "during"]}}, *_FY_ONE]],
    "month_year": [[{"LOWER": {"IN": ["in", "during", "since", "by", "at"]}}, _DAY, _MONTH, _YEAR]],
}
_SAME_PERIOD = re.compile(r"\b(the same|this same|this|that) (period|time)\b", re.I)


def _is_number_token(tok: Token) -> bool:
    """``Token._.peel_num``; called directly where a Token is at hand (an extension lookup
    builds an accessor object each time)."""
    low = tok.lower_
    return bool(_NUM_RE.match(tok.text)) or low in NUMBER_WORDS


if not Token.has_extension("peel_num"):
    Token.set_extension("peel_num", getter=_is_number_token)


@lru_cache(maxsize=1)
def _fallback_nlp():
    """Tokenizer and sentence splitter used when no parsed Doc is given."""
    return blank_pipeline()


def _matchers(vocab):
    key = id(vocab)
    cached = _MATCHER_CACHE.get(key)
    if cached is None:
        quantities = Matcher(vocab)
        for name, pats in PATTERNS.items():
            quantities.add(name, pats)
        periods = Matcher(vocab)
        for name, pats in PERIOD_PATTERNS.items():
            periods.add(name, pats)
        cached = _MATCHER_CACHE[key] = (quantities, periods)
    return cached


_MATCHER_CACHE: dict[int, tuple[Matcher, Matcher]] = {}


def parse_number(text: str) -> float | None:
    """'205,136' -> 205136.0; 'Eleven' -> 11.0; anything else -> None."""
    low = text.lower()
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    if _NUM_RE.match(text):
        return float(text.replace(",", ""))
    return None


# --- filters ------------------------------------------------------------------------------


class _Tokens:
    """The doc's token texts, lower-case texts and "followed by a space" flags
    (``nlp.token_table``, ``nlp.token_lowers``), its text and footnote markers: what the
    filters and phrase readers below look at. They test the few tokens around each number,
    and a ``doc[i]`` per look would build a Token object each time."""

    __slots__ = ("doc", "lowers", "n", "notes", "spaced", "text", "words")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.words, self.spaced = token_table(doc)
        self.lowers = token_lowers(doc)
        self.n = len(self.words)
        self.text = doc_text(doc)
        self.notes = footnotes(doc)


_DIGIT = re.compile(r"\d")
_YEAR_RE = re.compile(r"(19|20)\d\d")


def _is_footnote(t: _Tokens, i: int) -> bool:
    if i in t.notes:  # ``Token._.is_footnote`` (extension lookups are slow)
        return True
    word = t.words[i]
    if i == 0 or not word.isdigit() or len(word) > 3:  # ``Token.is_digit``
        return False
    prev = t.words[i - 1]
    return not t.spaced[i - 1] and not prev.isspace() and (prev.isalpha() or prev in {".", ",", ";", ":", ")", "’", "'", "”"})


def _line_furniture(t: _Tokens, i: int, idx: int) -> bool:
    """A number opening its line before a capitalised word or nothing: page and question
    numbers, list enumerators, footnote texts ("39 National Child Protection ...") and table
    rows ("11 Taken into consideration"). ``idx``: the number's character offset."""
    text = t.text
    line_start = text.rfind("\n", 0, idx) + 1
    if text[line_start:idx].strip(" \t([•"):
        return False
    line_end = text.find("\n", idx)
    rest = text[idx + len(t.words[i]): line_end if line_end != -1 else len(text)]
    rest = rest.lstrip(" \t.)]:‘’'")
    return not rest or rest[0].isupper() or rest[0].isdigit()


_LEADER = re.compile(r"(?:\.\s*){4,}$|…\s*$")


def _contents_entry(t: _Tokens, idx: int) -> bool:
    """A page number after dot leaders ("Introduction ........ 3"): a contents page line."""
    line_start = t.text.rfind("\n", 0, idx) + 1
    before = t.text[line_start:idx].rstrip()
    # ``_LEADER`` ends in "." or "…" then white space, and nothing follows the rstrip
    return before.endswith((".", "…")) and bool(_LEADER.search(before))


def _is_digit_number(t: _Tokens, j: int | None) -> bool:
    """Token j is a number (``_is_number_token``) written with digits."""
    return j is not None and _is_number_word(t.lowers[j]) and bool(_DIGIT.match(t.words[j]))


def _in_table(t: _Tokens, before: int | None, after: int | None) -> bool:
    """Numbers side by side ("0.2 0.4") are table cells, not prose (``before``, ``after``: the
    non-space tokens next to the number)."""
    return _is_digit_number(t, before) or _is_digit_number(t, after)


def _compound(t: _Tokens, i: int) -> bool:
    """A number inside a compound modifier ("60-point plan", "five-year period")."""
    return i + 2 < t.n and t.words[i + 1] in {"-", "–"} and t.words[i + 2].isalpha()


def _is_year(word: str) -> bool:
    return bool(_YEAR_RE.fullmatch(word))


def _prev(t: _Tokens, i: int, n: int = 1) -> int | None:
    """The index of the n-th non-space token before token i (line wraps skipped)."""
    j = i
    while n and j > 0:
        j -= 1
        if not t.words[j].isspace():  # ``Token.is_space``
            n -= 1
    return j if n == 0 and j != i else None


def _next(t: _Tokens, i: int, n: int = 1) -> int | None:
    """The index of the n-th non-space token after token i."""
    j = i
    while n and j < t.n - 1:
        j += 1
        if not t.words[j].isspace():
            n -= 1
    return j if n == 0 else None


def _lower_at(t: _Tokens, j: int | None) -> str | None:
    """Token j's lower-case text; None for no token."""
    return None if j is None else t.lowers[j]


def _near_month(t: _Tokens, before: int | None, after: int | None) -> bool:
    return _lower_at(t, before) in MONTHS or _lower_at(t, after) in MONTHS


def _in_range(t: _Tokens, i: int) -> bool:
    """One end of a range ("40 to 50", "16-24", "between 50 and 60")."""
    words, lowers = t.words, t.lowers
    if i + 1 < t.n and words[i + 1] in {"to", "-", "–"} and i + 2 < t.n and _is_number_word(lowers[i + 2]):
        return True
    if i == 0:
        return False
    if words[i - 1] in {"to", "-", "–"} and i >= 2 and _is_number_word(lowers[i - 2]):
        return True
    if lowers[i - 1] == "between":
        return True
    return lowers[i - 1] == "and" and i >= 3 and lowers[i - 3] == "between"


def _followed_by_time(t: _Tokens, i: int) -> bool:
    for j in range(i + 1, min(i + 5, t.n)):
        word, low = t.words[j], t.lowers[j]
        if word.isspace():
            continue
        if low in TIME_WORDS:
            return True
        if word not in {"-", "–"} and not (low in {"to", "previous", "preceding", "last", "following", "consecutive"} or _is_number_word(low)):
            return False
    return False


def _is_reference(t: _Tokens, i: int, j: int | None) -> bool:
    """An identifier such as 'section 136', 'PIP 2', 'Figure 3', 'the 101 service' (``j``: the
    non-space token before the number at i)."""
    if j is None:
        return False
    low = t.lowers[j]
    if low in REFERENCE_WORDS:
        return True
    if low in {"aged", "under", "over"} or (low == "of" and _lower_at(t, _prev(t, i, 2)) == "age"):
        return True  # an age: "aged 18", "under the age of 18"
    if low in {"and", ","} and _lower_at(t, _prev(t, i, 3)) in REFERENCE_WORDS:
        return True  # "Figures 2 and 3"
    # a capitalised name glued by a space to a number: "Class A", "Operation 2020", "PIP 1"
    prev = t.words[j]
    return prev.isupper() and len(prev) > 1 and prev.isalpha() and not prev.endswith("s")


def _junk(t: _Tokens, i: int, idx: int, kind: str) -> bool:
    """Whether the number at token i (character offset ``idx``) is no statistic of ``kind``."""
    if _is_footnote(t, i):
        return True
    before = _prev(t, i)  # the non-space tokens around the number, read by several filters
    if kind in ("percent", "money"):
        words = " ".join(t.lowers[j] for j in (_prev(t, i, 2), before) if j is not None)
        return words in {"sum to", "up to"}  # "may not sum to 100 percent due to rounding"
    if _is_year(t.words[i]):
        return True
    after = _next(t, i)
    if _near_month(t, before, after) or _line_furniture(t, i, idx) or _in_table(t, before, after) or _contents_entry(t, idx):
        return True
    if _is_reference(t, i, before) or _in_range(t, i) or _followed_by_time(t, i) or _compound(t, i):
        return True
    return i > 0 and t.words[i - 1] in {"£", "$", "€"}


# --- measure, subject, period -----------------------------------------------------------

_LINK_OR_DET = LINKERS | DETERMINERS
_QUOTE_OR_DASH = {"‘", "’", "'", "“", "”", "-"}
_BEFORE_LEFT = {"is", "was", "were", "are", "by", "of", "a", "an", "be", "at", "to", "than", "just", "only",
                "some", "around", "about", "over", "nearly", "almost"}


def _phrase_right(t: _Tokens, i: int, limit: int, sent_end: int) -> tuple[int, int]:
    """A short noun phrase starting at token i: content words, optionally joined by of/with/on/in."""
    j = i
    end = i
    while j < min(sent_end, i + limit):
        word, low = t.words[j], t.lowers[j]
        if word.isspace():
            j += 1
            continue
        if word in _QUOTE_OR_DASH or (word.isalpha() and low not in STOP and low not in LINKERS and low not in DETERMINERS) or (j > i and _is_number_word(low)):
            end = j + 1
        elif low in _LINK_OR_DET and end > i:
            pass  # may continue; only kept if a content word follows
        else:
            break
        j += 1
    return i, end


def _phrase_left(t: _Tokens, i: int, sent_start: int) -> tuple[int, int]:
    """The content words just before token i ("domestic abuse arrest rate is 34.6 percent")."""
    words, lowers = t.words, t.lowers
    j = i - 1
    while j >= sent_start and (words[j].isspace() or lowers[j] in _BEFORE_LEFT):
        j -= 1
    end = j + 1
    while j >= sent_start and j > end - 6 and (words[j].isalpha() or words[j] in {"-", "’", "'"}) and lowers[j] not in STOP and lowers[j] not in DETERMINERS:
        j -= 1
    return j + 1, end


def _text(t: _Tokens, a: int, b: int) -> str:
    """The text of tokens a:b (``Span.text``, cut from the doc text), white space normalised."""
    if b <= a:
        return ""
    start_char, end_char = span_chars(t.doc, a, b)
    return " ".join(t.text[start_char:end_char].split()).strip(" ‘’'“”-")


def _measure(t: _Tokens, start: int, end: int, kind: str, sent: tuple[int, int]) -> tuple[str, int, int]:
    """What is measured, and the token range it was read from (``sent``: the sentence's tokens)."""
    sent_start, sent_end = sent
    if kind == "rate":
        a, b = _phrase_right(t, start + 1, 10, sent_end)
        return _text(t, a, b), a, b
    a, b = _phrase_right(t, end, 7, sent_end)
    if b > a:
        return _text(t, a, b), a, b
    if kind == "percent" and end < sent_end and t.lowers[end] == "of":
        a, b = _phrase_right(t, end + 1, 7, sent_end)
        if b > a:
            return _text(t, end, b), end, b
    a, b = _phrase_left(t, start, sent_start)
    if b > a:
        return _text(t, a, b), a, b
    a, b = _clause_right(t, end, sent_end)
    if b > a:
        return _text(t, a, b), a, b
    return "", start, start


def _clause_right(t: _Tokens, i: int, sent_end: int, limit: int = 10) -> tuple[int, int]:
    """Fallback measure: the words after the number up to the next punctuation mark
    ("56 percent | were very or fairly satisfied with local policing")."""
    doc = t.doc
    j = i
    while j < min(sent_end, i + limit) and not (doc[j].is_punct and t.words[j] not in {"-", "’", "'"}):
        j += 1
    while j > i and (t.words[j - 1].isspace() or t.lowers[j - 1] in STOP | DETERMINERS | LINKERS):
        j -= 1
    return i, j


def _subject(doc: Doc, a: int, b: int, mentions: Sequence[Mention]) -> str | None:
    if b <= a:
        return None
    lo, hi = span_chars(doc, a, b)
    for m in mentions:
        if m.evidence.start < hi and m.evidence.end > lo:
            return m.entity_key
    return None


@lru_cache(maxsize=1)
def _period_cue() -> re.Pattern | None:
    """A token regex that every period pattern needs a token to match (a year: "2016",
    "2015/16"; the patterns' regexes as alternatives), so a sentence without a matching token
    holds no period; None if some pattern needs none."""
    cues = []
    for pats in PERIOD_PATTERNS.values():
        for pat in pats:
            regex = next((t["TEXT"]["REGEX"] for t in pat if "OP" not in t and isinstance(t.get("TEXT"), dict)
                          and set(t["TEXT"]) == {"REGEX"}), None)
            if regex is None:
                return None
            cues.append(regex)
    return re.compile("|".join(f"(?:{c})" for c in dict.fromkeys(cues)))


def _may_hold_period(t: _Tokens, sent: tuple[int, int]) -> bool:
    """False when no token of ``sent`` (its token range) matches ``_period_cue``: no Matcher run."""
    cue = _period_cue()
    return cue is None or any(map(cue.search, t.words[sent[0]:sent[1]]))


def _subject_finder(doc: Doc, mentions: Sequence[Mention]):
    """``_subject`` for many token ranges of ``doc``. Mentions whose starts and ends both run
    in text order (as ``extract_mentions`` gives them) are searched by bisection, others one
    by one: the statistics of a report times its mentions is a large product."""
    starts = [m.evidence.start for m in mentions]
    ends = [m.evidence.end for m in mentions]
    ordered = all(a <= b for a, b in pairwise(starts)) and all(a <= b for a, b in pairwise(ends))
    if not ordered:
        return lambda a, b: _subject(doc, a, b, mentions)

    def subject(a: int, b: int) -> str | None:
        if b <= a:
            return None
        lo, hi = span_chars(doc, a, b)
        # the mentions starting before hi are a prefix, those ending after lo a suffix
        k = bisect_right(ends, lo)
        return mentions[k].entity_key if k < bisect_left(starts, hi) else None

    return subject


def _periods(t: _Tokens, sent: tuple[int, int], periods: Matcher) -> list[tuple[int, str]]:
    """The periods stated in the sentence of tokens ``sent``: (token position, text)."""
    if not _may_hold_period(t, sent):
        return []
    doc = t.doc
    found = []
    for match_id, s, e in periods(doc[sent[0]:sent[1]]):
        words = t.words[sent[0] + s:sent[0] + e]  # the match's token texts
        # drop the introducing word ("as at", "in", "year"), keep the date or period itself
        name = doc.vocab.strings[match_id]
        if name == "as_at":
            words = [w for w in words if w.lower() not in {"as", "at", "of", "on"}]
        elif name in ("financial_year", "month_year"):
            words = words[1:]
        text = " ".join(words).replace(" - ", "-").replace(" / ", "/").replace(" – ", "–")
        found.append((sent[0] + s, text))
    # keep the longest reading at each position
    best: dict[int, str] = {}
    for pos, text in found:
        if len(text) > len(best.get(pos, "")):
            best[pos] = text
    return sorted(best.items())


# --- extraction ---------------------------------------------------------------------------


def _is_number_word(low: str) -> bool:
    """``_is_number_token`` on a lower-case token text (the number regex has no letters)."""
    return bool(low[:1].isdigit() and _NUM_RE.match(low)) or low in NUMBER_WORDS


@lru_cache(maxsize=1)
def _match_plan() -> tuple[frozenset[str], frozenset[str] | None, int]:
    """(kinds whose only pattern is a bare number, cue words of which every other pattern
    needs one: "percent", "per", "£" ..., and the longest such pattern). The cue words are
    None when some pattern has no such word or a repeating operator (no bound on its length)."""
    bare = frozenset(k for k, pats in PATTERNS.items() if pats == [[_NUM]])
    cues: set[str] | None = set()
    reach = 1
    for kind, pats in PATTERNS.items():
        if kind in bare:
            continue
        for pat in pats:
            words = pattern_anchor_words(pat)
            if any(t.get("OP") in ("*", "+") for t in pat):
                words = None
            cues = None if cues is None or words is None else cues | words
            reach = max(reach, len(pat))
    return bare, frozenset(cues) if cues is not None else None, reach


def _number_words(doc: Doc) -> frozenset[str]:
    """The doc's distinct lower-case token texts that are numbers (``_is_number_word``), each
    tested once; cached on the doc."""
    lowers = token_lowers(doc)
    cached = doc.user_data.get("peel_number_words")
    if cached is not None and cached[0] is lowers:
        return cached[1]
    numbers = frozenset(w for w in type_lowers(doc) if _is_number_word(w))  # each word once
    doc.user_data["peel_number_words"] = (lowers, numbers)
    return numbers


def _candidates(doc: Doc, matcher: Matcher) -> set[tuple[str, int, int]]:
    """Every quantity match (kind, start, end), as the Matcher gives them.

    The Matcher's ``_.peel_num`` predicate costs a Token and an extension lookup per token,
    so it is not run over the doc: a bare number (a "count") is read off the number tokens,
    and every other pattern holds a cue word ("percent", "per", "£"), so it is matched only
    in windows around the cue words (by ``_run_token_patterns``, or the Matcher)."""
    bare, cues, reach = _match_plan()
    if cues is None:  # no cue words to look around: the whole doc
        return {(doc.vocab.strings[m_id], s, e) for m_id, s, e in matcher(doc)}
    lowers = token_lowers(doc)
    numbers = _number_words(doc)
    hits = positions_of(doc, numbers | cues)  # one pass over the doc for both
    found = {(kind, k, k + 1) for k in hits if lowers[k] in numbers for kind in bare}
    # a match holding the cue at c starts within c - reach + 1 .. c and ends before c + reach
    windows: list[tuple[int, int, int]] = []  # (first start, last start, end)
    for c in hits:
        if lowers[c] not in cues:
            continue
        lo, hi = max(0, c - reach + 1), min(len(lowers), c + reach)
        if windows and lo <= windows[-1][2]:
            windows[-1] = (windows[-1][0], c, hi)
        else:
            windows.append((lo, c, hi))
    plan = _token_patterns()
    words = token_table(doc)[0]
    for lo, last, hi in windows:
        if plan is None:
            found.update((doc.vocab.strings[m_id], lo + s, lo + e) for m_id, s, e in matcher(doc[lo:hi]))
        else:
            found.update(_run_token_patterns(plan, words, lowers, range(lo, last + 1), hi))
    return found


# A token test: (token text, lower-case text) -> bool, as the Matcher reads the lexeme.
_TokenTest = Callable[[str, str], bool]


def _spec_test(spec: dict) -> _TokenTest | None:
    """One token spec of ``PATTERNS`` as a test on the token's text and lower-case text (what
    the Matcher compares: ``LOWER`` is ``str.lower``, ``IS_ALPHA``/``IS_SPACE`` are
    ``str.isalpha``/``str.isspace`` of the text); None for a spec using anything else."""
    tests: list[_TokenTest] = []
    for attr, value in spec.items():
        if attr == "OP":
            if value != "?":
                return None
        elif attr == "_" and value == {"peel_num": True}:
            tests.append(lambda word, low: _is_number_word(low))
        elif attr in ("IS_ALPHA", "IS_SPACE") and isinstance(value, bool):
            flag = str.isalpha if attr == "IS_ALPHA" else str.isspace
            tests.append(lambda word, low, flag=flag, value=value: flag(word) == value)
        elif attr in ("LOWER", "TEXT", "ORTH"):
            lower = attr == "LOWER"
            if isinstance(value, str):
                value = {"IN": [value]}
            if not isinstance(value, dict) or len(value) != 1 or not set(value) <= {"IN", "NOT_IN"}:
                return None
            words, wanted = frozenset(value.get("IN", value.get("NOT_IN"))), "IN" in value
            tests.append(lambda word, low, lower=lower, words=words, wanted=wanted: ((low if lower else word) in words) == wanted)
        else:
            return None
    if len(tests) == 1:
        return tests[0]
    return lambda word, low: all(test(word, low) for test in tests)


@lru_cache(maxsize=1)
def _token_patterns() -> list[tuple[_TokenTest, list[tuple[str, list[tuple[_TokenTest, bool]]]]]] | None:
    """The ``PATTERNS`` of the kinds that are no bare number (``_match_plan``), for
    ``_run_token_patterns``, grouped by their first token spec (a number, a currency sign) so
    that each token is tested once per group: (first token's test, [(kind, [(test, optional)
    for the other tokens])]). None when some spec needs the Matcher (``_spec_test``) or a
    pattern's first token is optional."""
    bare = _match_plan()[0]
    groups: list[tuple[dict, _TokenTest, list]] = []
    for kind, pats in PATTERNS.items():
        if kind in bare:
            continue
        for first, *rest in pats:
            head = _spec_test(first)
            steps = [(_spec_test(spec), spec.get("OP") == "?") for spec in rest]
            if head is None or "OP" in first or any(test is None for test, _ in steps):
                return None
            group = next((g for g in groups if g[0] == first), None)
            if group is None:
                group = (first, head, [])
                groups.append(group)
            group[2].append((kind, steps))
    return [(head, pats) for _, head, pats in groups]


def _run_token_patterns(plan, words: list[str], lowers: list[str], starts: range, hi: int) -> list[tuple[str, int, int]]:
    """The Matcher's (kind, start, end) matches of ``plan`` that start at one of ``starts``
    and end by token ``hi``: every distinct match, each optional token both taken and skipped.
    The Matcher builds a Token and calls Python predicates for every token and pattern; here
    only the tokens that pass a first test start a match, followed as the set of positions
    each pattern can reach."""
    found = set()
    for k in starts:
        word, low = words[k], lowers[k]
        for head, pats in plan:
            if not head(word, low):
                continue
            for kind, steps in pats:
                at = {k + 1}
                for test, optional in steps:
                    moved = {p + 1 for p in at if p < hi and test(words[p], lowers[p])}
                    at = at | moved if optional else moved
                    if not at:
                        break
                found.update((kind, k, e) for e in at)
    return list(found)


def _spans(doc: Doc, matcher: Matcher) -> list[tuple[str, int, int]]:
    """Quantity matches, longest first at each start, without overlaps."""
    priority = {"money": 0, "percent": 1, "rate": 2, "count": 3}
    cands = sorted(_candidates(doc, matcher), key=lambda c: (c[1], priority[c[0]], -(c[2] - c[1])))
    taken: set[int] = set()
    out = []
    for kind, s, e in cands:
        if any(i in taken for i in range(s, e)):
            continue
        out.append((kind, s, e))
        taken.update(range(s, e))
    return out


def _value(t: _Tokens, kind: str, s: int, e: int, first: int) -> float | None:
    """The quantity of match ``s:e`` whose first number token is ``first``."""
    value = parse_number(t.words[first])
    if value is None:
        return None
    if kind == "money" and e - s == 3 and t.lowers[e - 1] in SCALE:
        value *= SCALE[t.lowers[e - 1]]
    return value


def _bare_count_ok(t: _Tokens, s: int) -> bool:
    """A number with no counted noun after it is kept only after a cue word ('of', 'was', 'for')."""
    if s == 0:
        return False
    return t.lowers[s - 1] in BARE_COUNT_CUES or t.words[s - 1] == "("


def extract_statistics(spacy_doc, mentions: Sequence[Mention], doc: DocumentRecord) -> list[Statistic]:
    """Every statistic stated in the document, with evidence. ``spacy_doc`` may be a Doc or text."""
    if spacy_doc is None:
        return []
    if isinstance(spacy_doc, str):
        spacy_doc = _fallback_nlp()(spacy_doc)
    sdoc: Doc = spacy_doc
    if not sdoc.has_annotation("SENT_START"):
        sdoc = _fallback_nlp()(sdoc.text)
    quantities, periods = _matchers(sdoc.vocab)
    t = _Tokens(sdoc)
    words, lowers, text = t.words, t.lowers, t.text
    stats: list[Statistic] = []
    last_period: tuple[int, str] | None = None  # (paragraph start, period) carried to "the same period"
    period_cache: dict[int, list[tuple[int, str]]] = {}  # sentence start -> its periods
    numbers = _number_words(sdoc)
    subject_of = _subject_finder(sdoc, mentions)
    starts = sentence_starts(sdoc)
    offsets = token_offsets(sdoc)
    sentence_texts: dict[int, str] = {}  # sentence start -> its text (``Span.text``)
    for kind, s, e in _spans(sdoc, quantities):
        first = next(k for k in range(s, e) if lowers[k] in numbers)  # first ``_.peel_num`` token
        if kind in ("count", "rate") and not _DIGIT.match(words[first]):
            continue  # spelled-out numbers only as percentages
        if _junk(t, first, offsets[0][first], kind):
            continue
        value = _value(t, kind, s, e, first)
        if value is None:
            continue
        # ``Token.sent``, as a token range
        sent = token_sentence(starts, s, len(sdoc)) if starts is not None else sentence_bounds(sdoc[s:s + 1], starts)
        measure, ma, mb = _measure(t, s, e, kind, sent)
        if not measure:
            continue  # a number we cannot say anything about is not a statistic
        unit = {"percent": "percent", "count": "count"}.get(kind)
        if kind == "money":
            unit = CURRENCY[words[s]]
        elif kind == "rate":
            unit = f"per {_text(t, e - 1, e).replace(',', '')}"
        if kind == "count":
            right = _phrase_right(t, e, 7, sent[1])
            if right[1] == right[0]:
                if not _bare_count_ok(t, s):
                    continue
            elif sent[1] - sent[0] < 4:
                continue
        # evidence: the quantity, plus the counted noun for counts ("126 DVPOs")
        ev_end = e
        if kind == "count" and mb > ma and ma == e:
            ev_end = min(mb, e + 1 if not words[e] in {"‘", "'"} else e + 3)
        while ev_end > s + 1 and words[ev_end - 1].isspace():
            ev_end -= 1
        start_char, end_char = span_chars(sdoc, s, ev_end)  # ``sdoc[s:ev_end]``
        sent_text = sentence_texts.get(sent[0])
        if sent_text is None:
            a, b = span_chars(sdoc, *sent)
            sent_text = sentence_texts[sent[0]] = text[a:b]
        period = _period_for(t, sent, s, periods, period_cache)
        if period is None and _SAME_PERIOD.search(sent_text) and last_period:
            period = last_period[1]
        if period is not None:
            last_period = (sent[0], period)
        stats.append(Statistic(
            subject=subject_of(ma, mb) if measure else None,
            measure=measure,
            value=value,
            unit=unit,
            date=period,
            evidence=Evidence(
                document=doc.doc_id, start=start_char, end=end_char, text=text[start_char:end_char],
                rule=f"statistics.{kind}", sentence=" ".join(sent_text.split()),
            ),
        ))
    return stats


def _period_for(t: _Tokens, sent: tuple[int, int], i: int, periods: Matcher, cache: dict | None = None) -> str | None:
    """The period stated in the sentence of tokens ``sent`` nearest before token ``i`` (else its
    first). ``cache`` (sentence start -> periods) saves re-matching a sentence that holds
    several numbers."""
    if cache is None:
        found = _periods(t, sent, periods)
    elif sent[0] in cache:
        found = cache[sent[0]]
    else:
        found = cache[sent[0]] = _periods(t, sent, periods)
    if not found:
        return None
    before = [p for p in found if p[0] <= i]
    return (before[-1] if before else found[0])[1]
