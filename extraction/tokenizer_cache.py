"""Prime spaCy's tokenizer cache before tokenizing a long document: same tokens, ~4x faster.

spaCy's ``Tokenizer`` caches how each white-space-delimited chunk splits, but it stops
saving to the cache for the rest of a ``Doc`` as soon as one chunk involves a special case
("e.g.", "'s", ...; see spaCy issue #1250 and ``Tokenizer._save_cached``). In a whole
report that happens in the first lines, so every later chunk goes through the affix
regexes again: about 100k words/s here instead of about 400k. Tokenizing the document's
distinct chunks first, a few per call, fills the cache (a special case then only stops
caching for the rest of its short call); the real pass then finds nearly every chunk
cached. Cache entries are only ever written for chunks split without special cases, so
the tokens are exactly those of the unprimed tokenizer (``tests/test_tokenizer_cache.py``).
"""

from __future__ import annotations

from spacy.tokenizer import Tokenizer

CHUNKS_PER_CALL = 16
"""Distinct chunks tokenized per priming call: fewer calls, but a special case in a call
stops the caching of the chunks after it in that call."""

CACHE_SIZE = 500_000
"""spaCy's default (10,000 chunks) fills up within a few reports; an entry is a few dozen bytes."""


def prime(tokenizer: Tokenizer, text: str) -> int:
    """Tokenize the distinct chunks of ``text`` not primed before; returns how many were new."""
    if tokenizer.max_cache_size < CACHE_SIZE:
        tokenizer.max_cache_size = CACHE_SIZE
    seen = _PRIMED.setdefault(tokenizer, set())  # a spaCy Tokenizer takes no new attributes
    new = sorted(set(text.split()) - seen)  # sorted: the same calls, so the same cache, every run
    for i in range(0, len(new), CHUNKS_PER_CALL):
        tokenizer(" ".join(new[i : i + CHUNKS_PER_CALL]))
    if len(seen) + len(new) <= CACHE_SIZE:
        seen.update(new)
    return len(new)


_PRIMED: dict[Tokenizer, set[str]] = {}
"""The chunks already primed through each tokenizer (one pipeline per process)."""
