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
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .nlp import footnotes, pattern_anchor_words
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
    try:
        from .nlp import blank_pipeline
    except ImportError:  # the shared pipeline module is not available
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
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


def _is_footnote(tok: Token) -> bool:
    if tok.i in footnotes(tok.doc):  # ``Token._.is_footnote`` (extension lookups are slow)
        return True
    if tok.i == 0 or not tok.is_digit or len(tok) > 3:
        return False
    prev = tok.doc[tok.i - 1]
    return prev.whitespace_ == "" and not prev.is_space and (prev.is_alpha or prev.text in {".", ",", ";", ":", ")", "’", "'", "”"})


def _line_furniture(tok: Token, text: str) -> bool:
    """A number opening its line before a capitalised word or nothing: page and question
    numbers, list enumerators, footnote texts ("39 National Child Protection ...") and table
    rows ("11 Taken into consideration")."""
    line_start = text.rfind("\n", 0, tok.idx) + 1
    if text[line_start:tok.idx].strip(" \t([•"):
        return False
    line_end = text.find("\n", tok.idx)
    rest = text[tok.idx + len(tok): line_end if line_end != -1 else len(text)]
    rest = rest.lstrip(" \t.)]:‘’'")
    return not rest or rest[0].isupper() or rest[0].isdigit()


_LEADER = re.compile(r"(?:\.\s*){4,}$|…\s*$")


def _contents_entry(tok: Token, text: str) -> bool:
    """A page number after dot leaders ("Introduction ........ 3"): a contents page line."""
    line_start = text.rfind("\n", 0, tok.idx) + 1
    return bool(_LEADER.search(text[line_start : tok.idx].rstrip()))


def _in_table(tok: Token) -> bool:
    """Numbers side by side ("0.2 0.4") are table cells, not prose."""
    return any(t is not None and _is_number_token(t) and re.match(r"\d", t.text) for t in (_prev(tok), _next(tok)))


def _compound(tok: Token) -> bool:
    """A number inside a compound modifier ("60-point plan", "five-year period")."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text in {"-", "–"} and doc[tok.i + 2].is_alpha


def _is_year(tok: Token) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", tok.text))


def _prev(tok: Token, n: int = 1) -> Token | None:
    """The n-th non-space token before ``tok`` (line wraps skipped)."""
    j = tok.i
    while n and j > 0:
        j -= 1
        if not tok.doc[j].is_space:
            n -= 1
    return tok.doc[j] if n == 0 and j != tok.i else None


def _next(tok: Token, n: int = 1) -> Token | None:
    """The n-th non-space token after ``tok``."""
    j, doc = tok.i, tok.doc
    while n and j < len(doc) - 1:
        j += 1
        if not doc[j].is_space:
            n -= 1
    return doc[j] if n == 0 else None


def _near_month(tok: Token) -> bool:
    return any(t is not None and t.lower_ in MONTHS for t in (_prev(tok), _next(tok)))


def _in_range(tok: Token) -> bool:
    """One end of a range ("40 to 50", "16-24", "between 50 and 60")."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prv = doc[tok.i - 1] if tok.i > 0 else None
    if nxt is not None and nxt.text in {"to", "-", "–"} and tok.i + 2 < len(doc) and _is_number_token(doc[tok.i + 2]):
        return True
    if prv is not None and prv.text in {"to", "-", "–"} and tok.i >= 2 and _is_number_token(doc[tok.i - 2]):
        return True
    if prv is not None and prv.lower_ == "between":
        return True
    if prv is not None and prv.lower_ == "and" and tok.i >= 3 and doc[tok.i - 3].lower_ == "between":
        return True
    return False


def _followed_by_time(tok: Token) -> bool:
    doc = tok.doc
    for j in range(tok.i + 1, min(tok.i + 5, len(doc))):
        t = doc[j]
        if t.is_space:
            continue
        if t.lower_ in TIME_WORDS:
            return True
        if t.text not in {"-", "–"} and not (t.lower_ in {"to", "previous", "preceding", "last", "following", "consecutive"} or _is_number_token(t)):
            return False
    return False


def _is_reference(tok: Token) -> bool:
    """An identifier such as 'section 136', 'PIP 2', 'Figure 3', 'the 101 service'."""
    prev = _prev(tok)
    if prev is None:
        return False
    if prev.lower_ in REFERENCE_WORDS:
        return True
    if prev.lower_ in {"aged", "under", "over"} or (prev.lower_ == "of" and _prev(tok, 2) is not None and _prev(tok, 2).lower_ == "age"):
        return True  # an age: "aged 18", "under the age of 18"
    if prev.lower_ in {"and", ","} and (_prev(tok, 3) is not None and _prev(tok, 3).lower_ in REFERENCE_WORDS):
        return True  # "Figures 2 and 3"
    # a capitalised name glued by a space to a number: "Class A", "Operation 2020", "PIP 1"
    return prev.is_upper and len(prev) > 1 and prev.is_alpha and not prev.text.endswith("s")


def _junk(tok: Token, kind: str, text: str) -> bool:
    if _is_footnote(tok):
        return True
    if kind in ("percent", "money"):
        before = " ".join(t.lower_ for t in (_prev(tok, 2), _prev(tok)) if t is not None)
        return before in {"sum to", "up to"}  # "may not sum to 100 percent due to rounding"
    if _is_year(tok) or _near_month(tok) or _line_furniture(tok, text) or _in_table(tok) or _contents_entry(tok, text):
        return True
    if _is_reference(tok) or _in_range(tok) or _followed_by_time(tok) or _compound(tok):
        return True
    if tok.i > 0 and tok.doc[tok.i - 1].text in {"£", "$", "€"}:
        return True
    return False


# --- measure, subject, period -----------------------------------------------------------


def _phrase_right(doc: Doc, i: int, limit: int, sent_end: int) -> tuple[int, int]:
    """A short noun phrase starting at token i: content words, optionally joined by of/with/on/in."""
    j = i
    end = i
    while j < min(sent_end, i + limit):
        t = doc[j]
        low = t.lower_
        if t.is_space:
            j += 1
            continue
        if t.text in {"‘", "’", "'", "“", "”", "-"} or (t.is_alpha and low not in STOP and low not in LINKERS and low not in DETERMINERS) or (_is_number_token(t) and j > i):
            end = j + 1
        elif low in LINKERS | DETERMINERS and end > i:
            pass  # may continue; only kept if a content word follows
        else:
            break
        j += 1
    return i, end


def _phrase_left(doc: Doc, i: int, sent_start: int) -> tuple[int, int]:
    """The content words just before token i ("domestic abuse arrest rate is 34.6 percent")."""
    j = i - 1
    while j >= sent_start and (doc[j].is_space or doc[j].lower_ in {"is", "was", "were", "are", "by", "of", "a", "an", "be", "at", "to", "than", "just", "only", "some", "around", "about", "over", "nearly", "almost"}):
        j -= 1
    end = j + 1
    while j >= sent_start and j > end - 6 and (doc[j].is_alpha or doc[j].text in {"-", "’", "'"}) and doc[j].lower_ not in STOP and doc[j].lower_ not in DETERMINERS:
        j -= 1
    return j + 1, end


def _text(doc: Doc, a: int, b: int) -> str:
    return " ".join(doc[a:b].text.split()).strip(" ‘’'“”-")


def _measure(doc: Doc, start: int, end: int, kind: str, sent: Span) -> tuple[str, int, int]:
    """What is measured, and the token range it was read from."""
    if kind == "rate":
        a, b = _phrase_right(doc, start + 1, 10, sent.end)
        return _text(doc, a, b), a, b
    a, b = _phrase_right(doc, end, 7, sent.end)
    if b > a:
        return _text(doc, a, b), a, b
    if kind == "percent" and end < sent.end and doc[end].lower_ == "of":
        a, b = _phrase_right(doc, end + 1, 7, sent.end)
        if b > a:
            return _text(doc, end, b), end, b
    a, b = _phrase_left(doc, start, sent.start)
    if b > a:
        return _text(doc, a, b), a, b
    a, b = _clause_right(doc, end, sent.end)
    if b > a:
        return _text(doc, a, b), a, b
    return "", start, start


def _clause_right(doc: Doc, i: int, sent_end: int, limit: int = 10) -> tuple[int, int]:
    """Fallback measure: the words after the number up to the next punctuation mark
    ("56 percent | were very or fairly satisfied with local policing")."""
    j = i
    while j < min(sent_end, i + limit) and not (doc[j].is_punct and doc[j].text not in {"-", "’", "'"}):
        j += 1
    while j > i and (doc[j - 1].is_space or doc[j - 1].lower_ in STOP | DETERMINERS | LINKERS):
        j -= 1
    return i, j


def _subject(doc: Doc, a: int, b: int, mentions: Sequence[Mention]) -> str | None:
    if b <= a:
        return None
    lo, hi = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
    for m in mentions:
        if m.evidence.start < hi and m.evidence.end > lo:
            return m.entity_key
    return None


@lru_cache(maxsize=1)
def _period_cues() -> tuple[re.Pattern, ...] | None:
    """Token regexes of which every period pattern needs one (a year: "2016", "2015/16"), so a
    sentence without a matching token holds no period; None if some pattern needs none."""
    cues = []
    for pats in PERIOD_PATTERNS.values():
        for pat in pats:
            regex = next((t["TEXT"]["REGEX"] for t in pat if "OP" not in t and isinstance(t.get("TEXT"), dict)
                          and set(t["TEXT"]) == {"REGEX"}), None)
            if regex is None:
                return None
            cues.append(re.compile(regex))
    return tuple(dict.fromkeys(cues))


def _may_hold_period(doc: Doc, sent: Span) -> bool:
    """False when no token of ``sent`` matches a period cue (``_period_cues``): no Matcher run."""
    from .nlp import token_table

    cues = _period_cues()
    if cues is None:
        return True
    words = token_table(doc)[0]
    return any(c.search(words[k]) for k in range(sent.start, sent.end) for c in cues)


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
        lo, hi = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
        # the mentions starting before hi are a prefix, those ending after lo a suffix
        k = bisect_right(ends, lo)
        return mentions[k].entity_key if k < bisect_left(starts, hi) else None

    return subject


def _periods(doc: Doc, sent: Span, periods: Matcher) -> list[tuple[int, str]]:
    if not _may_hold_period(doc, sent):
        return []
    found = []
    for match_id, s, e in periods(doc[sent.start:sent.end]):
        span = doc[sent.start + s: sent.start + e]
        words = [t.text for t in span]
        # drop the introducing word ("as at", "in", "year"), keep the date or period itself
        name = doc.vocab.strings[match_id]
        if name == "as_at":
            words = [w for w in words if w.lower() not in {"as", "at", "of", "on"}]
        elif name in ("financial_year", "month_year"):
            words = words[1:]
        text = " ".join(words).replace(" - ", "-").replace(" / ", "/").replace(" – ", "–")
        found.append((span.start, text))
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
def _window_reach() -> tuple[int, int] | None:
    """(tokens before, tokens from) a number that a quantity match can span: the largest
    position of a pattern's first number, and the longest pattern. None when some pattern has
    no number or a repeating operator (no bound): then the whole doc is matched."""
    before, after = 0, 1
    for pats in PATTERNS.values():
        for pat in pats:
            if _NUM not in pat or any(t.get("OP") in ("*", "+") for t in pat):
                return None
            before, after = max(before, pat.index(_NUM)), max(after, len(pat))
    return before, after




@lru_cache(maxsize=1)
def _match_plan() -> tuple[frozenset[str], frozenset[str] | None]:
    """(kinds whose only pattern is a bare number, cue words without which no other pattern
    can match: "percent", "per", "£" ...; None if some pattern has no such word)."""
    bare = frozenset(k for k, pats in PATTERNS.items() if pats == [[_NUM]])
    cues: set[str] | None = set()
    for kind, pats in PATTERNS.items():
        if kind in bare:
            continue
        for pat in pats:
            words = pattern_anchor_words(pat)
            cues = None if cues is None or words is None else cues | words
    return bare, frozenset(cues) if cues is not None else None


def _number_windows(doc: Doc) -> list[tuple[int, int]]:
    """Disjoint token ranges that contain every possible quantity match: the reach of the
    patterns around each number, merged. Numbers are found on the token texts (no Token
    objects), so the Matcher, whose ``_.peel_num`` predicate costs a Token and an extension
    lookup per token, only runs over the few percent of the Doc near numbers."""
    from .nlp import positions_of, token_lowers

    lowers = token_lowers(doc)
    n = len(lowers)
    reach = _window_reach()
    if reach is None:
        return [(0, n)] if n else []
    before, after = reach
    numbers = _number_words(doc)
    windows: list[tuple[int, int]] = []
    for k in positions_of(doc, numbers):
        if lowers[k] not in numbers:
            continue
        lo, hi = max(0, k - before), min(n, k + after)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _number_words(doc: Doc) -> frozenset[str]:
    """The doc's distinct lower-case token texts that are numbers (``_is_number_word``), each
    tested once; cached on the doc."""
    from .nlp import token_lowers

    lowers = token_lowers(doc)
    cached = doc.user_data.get("peel_number_words")
    if cached is not None and cached[0] is lowers:
        return cached[1]
    numbers = frozenset(w for w in set(lowers) if _is_number_word(w))
    doc.user_data["peel_number_words"] = (lowers, numbers)
    return numbers


def _window_matches(doc: Doc, matcher: Matcher, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """(kind, start, end) quantity matches inside ``doc[lo:hi]``. A window without any cue word
    can only hold bare-number matches, one per number token: those are listed directly."""
    from .nlp import token_lowers

    bare, cues = _match_plan()
    lowers = token_lowers(doc)
    if bare and cues is not None and cues.isdisjoint(lowers[lo:hi]):
        numbers = _number_words(doc)
        nums = [k for k in range(lo, hi) if lowers[k] in numbers]
        return [(kind, k, k + 1) for kind in sorted(bare) for k in nums]
    return [(doc.vocab.strings[m_id], lo + s, lo + e) for m_id, s, e in matcher(doc[lo:hi])]


def _spans(doc: Doc, matcher: Matcher) -> list[tuple[str, int, int]]:
    """Quantity matches, longest first at each start, without overlaps."""
    cands = []
    for lo, hi in _number_windows(doc):
        cands.extend(_window_matches(doc, matcher, lo, hi))
    priority = {"money": 0, "percent": 1, "rate": 2, "count": 3}
    cands.sort(key=lambda c: (c[1], priority[c[0]], -(c[2] - c[1])))
    taken: set[int] = set()
    out = []
    for kind, s, e in cands:
        if any(i in taken for i in range(s, e)):
            continue
        out.append((kind, s, e))
        taken.update(range(s, e))
    return out


def _value(doc: Doc, kind: str, s: int, e: int) -> float | None:
    nums = [t for t in doc[s:e] if _is_number_token(t)]
    if not nums:
        return None
    value = parse_number(nums[0].text)
    if value is None:
        return None
    if kind == "money" and e - s == 3 and doc[e - 1].lower_ in SCALE:
        value *= SCALE[doc[e - 1].lower_]
    return value


def _bare_count_ok(doc: Doc, s: int) -> bool:
    """A number with no counted noun after it is kept only after a cue word ('of', 'was', 'for')."""
    if s == 0:
        return False
    prev = doc[s - 1]
    return prev.lower_ in BARE_COUNT_CUES or prev.text == "("


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
    from .nlp import doc_text, token_lowers

    text = doc_text(sdoc)
    stats: list[Statistic] = []
    last_period: tuple[int, str] | None = None  # (paragraph start, period) carried to "the same period"
    period_cache: dict[int, list[tuple[int, str]]] = {}  # sentence start -> its periods
    lowers, numbers = token_lowers(sdoc), _number_words(sdoc)
    subject_of = _subject_finder(sdoc, mentions)
    for kind, s, e in _spans(sdoc, quantities):
        first = sdoc[next(k for k in range(s, e) if lowers[k] in numbers)]  # first ``_.peel_num`` token
        if kind in ("count", "rate") and not re.match(r"\d", first.text):
            continue  # spelled-out numbers only as percentages
        if _junk(first, kind, text):
            continue
        value = _value(sdoc, kind, s, e)
        if value is None:
            continue
        sent = sdoc[s].sent
        measure, ma, mb = _measure(sdoc, s, e, kind, sent)
        if not measure:
            continue  # a number we cannot say anything about is not a statistic
        unit = {"percent": "percent", "count": "count"}.get(kind)
        if kind == "money":
            unit = CURRENCY[sdoc[s].text]
        elif kind == "rate":
            unit = f"per {_text(sdoc, e - 1, e).replace(',', '')}"
        if kind == "count":
            right = _phrase_right(sdoc, e, 7, sent.end)
            if right[1] == right[0]:
                if not _bare_count_ok(sdoc, s):
                    continue
            elif len(sent) < 4:
                continue
        # evidence: the quantity, plus the counted noun for counts ("126 DVPOs")
        ev_end = e
        if kind == "count" and mb > ma and ma == e:
            ev_end = min(mb, e + 1 if not sdoc[e].text in {"‘", "'"} else e + 3)
        while ev_end > s + 1 and sdoc[ev_end - 1].is_space:
            ev_end -= 1
        start_char, end_char = sdoc[s].idx, sdoc[ev_end - 1].idx + len(sdoc[ev_end - 1])
        period = _period_for(sdoc, sent, s, periods, period_cache)
        if period is None and _SAME_PERIOD.search(sent.text) and last_period:
            period = last_period[1]
        if period is not None:
            last_period = (sent.start, period)
        stats.append(Statistic(
            subject=subject_of(ma, mb) if measure else None,
            measure=measure,
            value=value,
            unit=unit,
            date=period,
            evidence=Evidence(
                document=doc.doc_id, start=start_char, end=end_char, text=text[start_char:end_char],
                rule=f"statistics.{kind}", sentence=" ".join(sent.text.split()),
            ),
        ))
    return stats


def _period_for(doc: Doc, sent: Span, i: int, periods: Matcher, cache: dict | None = None) -> str | None:
    """The period stated in ``sent`` nearest before token ``i`` (else its first). ``cache``
    (sentence start -> periods) saves re-matching a sentence that holds several numbers."""
    if cache is None:
        found = _periods(doc, sent, periods)
    elif sent.start in cache:
        found = cache[sent.start]
    else:
        found = cache[sent.start] = _periods(doc, sent, periods)
    if not found:
        return None
    before = [p for p in found if p[0] <= i]
    return (before[-1] if before else found[0])[1]
