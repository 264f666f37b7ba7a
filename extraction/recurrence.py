"""Links between findings of the same force that recur across years.

Method (``tfidf-cosine``): each finding's text is lower-cased, split into words, stop words
and the boilerplate every finding shares ("the force should ensure ...") are dropped, and
the rest are Snowball-stemmed, so "detectives"/"detective" and "investigations"/
"investigating" meet. Words and word pairs are weighted by TF-IDF fitted ONCE on all findings
of the corpus (a word used by many findings counts little), every current finding is
transformed once, and two findings are compared by the cosine of their (L2-normalised)
vectors, i.e. one sparse product of the two reports' rows per pair of reports. Findings of one
force in two different inspection years recur when the cosine reaches ``THRESHOLD``; each
finding is linked only to its best match in the other report, so one recurring finding gives
one link per pair of years.

Why fit once: the IDF describes the corpus, not a pair of reports. Refitting the vectoriser
for every pair of reports of a force (as an earlier version did, on the corpus plus the two
reports' texts) cost O(pairs x corpus) and made linking superlinear (152 s of a 100x build);
fitting once makes it one fit plus a small sparse product per pair. The IDF no longer counts
the pair's own texts twice; on the corpus this gives the same 9 links with the same scores
(to 4 decimals) as the refitted version, so the threshold keeps its meaning.

``THRESHOLD`` = 0.35 was chosen on the corpus: restated findings ("evaluate and share
effective practice", "increase the number of qualified detectives") score 0.42-1.0, while
findings that only share a theme ("engage with local communities" vs "evaluate and share
effective practice") stay below 0.3. Acronyms are not expanded, so "DVPOs" and "domestic
violence protection orders" only meet through the other words they share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .records import DocumentDigest, FindingDigest, FindingRecurrence

METHOD = "tfidf-cosine"
THRESHOLD = 0.35

# Words every finding uses to say *that* something must change, not *what*.
_BOILERPLATE = {
    "force", "forces", "should", "must", "need", "needs", "ensure", "ensuring", "improve",
    "improving", "continue", "seek", "order", "make", "sure", "better", "take", "steps",
    "including", "particular", "police", "service", "metropolitan",
}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _BOILERPLATE


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def content_terms(text: str) -> list[str]:
    """The stemmed content words of a finding, in order (what the similarity compares)."""
    words = re.findall(r"[a-z][a-z'’-]*[a-z]|[a-z]", text.lower())
    stop = _stop_words()
    return [_stem(w) for w in words if w not in stop and len(w) > 2]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """The Snowball stem of a word, once per word (the pure-Python stemmer takes ~0.2 ms a word,
    and findings reuse a small vocabulary)."""
    return _stemmer().stemWord(word)


def similarity_matrix(texts_a: Sequence[str], texts_b: Sequence[str], corpus: Sequence[str]):
    """Cosine similarities (len(a) x len(b)) of TF-IDF vectors fitted on ``corpus``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vec = TfidfVectorizer(analyzer=_cached_terms_ngrams, sublinear_tf=True)
    vec.fit(list(corpus) + list(texts_a) + list(texts_b))
    return cosine_similarity(vec.transform(texts_a), vec.transform(texts_b))


def content_terms_ngrams(text: str) -> list[str]:
    """Stemmed content words plus adjacent pairs ("qualifi detect"): the TF-IDF features."""
    terms = content_terms(text)
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


@lru_cache(maxsize=200_000)
def _cached_terms_ngrams(text: str) -> tuple[str, ...]:
    """Stemming is the costly part and every report pair refits on the same texts: do it once per text."""
    return tuple(content_terms_ngrams(text))


def similarity(a: str, b: str, corpus: Sequence[str] = ()) -> float:
    """The recurrence score of two finding texts (IDF from ``corpus`` plus the two texts)."""
    return float(similarity_matrix([a], [b], corpus)[0, 0])


def _current(digest: DocumentDigest) -> list[FindingDigest]:
    return [f for f in digest.findings if f.current]


def _features(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The analyser of digested findings: their features are already computed."""
    return terms


def _vectoriser(corpus: Sequence[tuple[str, ...]]):
    """The TF-IDF model of the recurrence comparison, fitted on ``corpus`` (all findings' features)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=_features, sublinear_tf=True)
    vec.fit(list(corpus))
    return vec


def link_recurring_findings(digests: Sequence[DocumentDigest]) -> list[FindingRecurrence]:
    """Pairs of findings of one force, from reports of different years, that say the same."""
    by_force: dict[str, list[DocumentDigest]] = {}
    for d in digests:
        if d.force and _current(d):
            by_force.setdefault(d.force, []).append(d)
    if not by_force:
        return []
    vec = _vectoriser([f.terms for d in digests for f in d.findings])  # fitted once per corpus
    links: list[FindingRecurrence] = []
    for force in sorted(by_force):
        reports = sorted(by_force[force], key=lambda d: (d.year, d.doc_id))
        # the force's current findings as rows of one L2-normalised matrix, and all their
        # cosines in one product; each pair of reports reads its block
        rows = vec.transform([f.terms for d in reports for f in _current(d)])
        cosines = (rows @ rows.T).toarray()
        ends = np.cumsum([len(_current(d)) for d in reports])
        starts = ends - [len(_current(d)) for d in reports]
        for i, ra in enumerate(reports):
            for k in range(i + 1, len(reports)):
                rb = reports[k]
                if ra.year == rb.year:
                    continue
                sims = cosines[starts[i]:ends[i], starts[k]:ends[k]]
                links.extend(_link_pair(force, ra, rb, sims))
    return sorted(links, key=lambda x: (x.force, x.doc_a, x.finding_a, x.doc_b, x.finding_b))


def _link_pair(force: str, ra: DocumentDigest, rb: DocumentDigest, sims) -> list[FindingRecurrence]:
    """The pairs scoring at least THRESHOLD that are the best match of at least one side."""
    fa, fb = _current(ra), _current(rb)
    best = (sims >= sims.max(axis=1, keepdims=True)) | (sims >= sims.max(axis=0, keepdims=True))
    out: list[FindingRecurrence] = []
    for i, j in zip(*np.nonzero(best & (sims >= THRESHOLD))):
        score = float(min(sims[i, j], 1.0))  # rounding can give 1.0000000002 for equal texts
        out.append(
            FindingRecurrence(
                force=force,
                doc_a=ra.doc_id,
                finding_a=fa[i].finding_id,
                doc_b=rb.doc_id,
                finding_b=fb[j].finding_id,
                score=round(score, 4),
                method=METHOD,
            )
        )
    return out
