"""Measure ways of cutting Chinese for search, on the Chinese demo articles.

    python manage.py search_recall [--verbose]

For each method, every article of tools/search_corpus.py is turned into index tokens
and every judged query into clauses, then matched the way both database
backends match (a term is a token; a phrase is adjacent tokens; clauses are
ANDed, or ORed in a fallback tier). Prints mean recall and precision over
`JUDGED_QUERIES_ZH`. tests/test_search.py checks that the database gives the
numbers printed here for the method in use.
"""

from collections.abc import Callable

from django.core.management.base import BaseCommand

from search import cjk
from search.query import TOKEN
from tools import search_corpus as corpus

Streams = list[list[str]]  # token sequences: a phrase never spans two
Clauses = list[list[str]]  # each clause: the tokens of a phrase (one = a term)


def _runs(text: str) -> list[tuple[str, bool]]:
    return [(zh or other.lower(), bool(zh)) for zh, other in TOKEN.findall(text)]


# -- Index side ----------------------------------------------------------------------


def index_bigrams(text: str) -> Streams:
    """What our backends index (search/cjk.py): bigrams, then characters, per run."""
    streams = []
    for run, chinese in _runs(text):
        if chinese:
            streams += [cjk.bigrams(run), list(run)]
        else:
            streams.append([run])
    return streams


def index_jieba(text: str) -> Streams:
    """jieba's search mode: words and the shorter words inside them."""
    jieba = cjk._jieba()
    tokens = []
    for run, chinese in _runs(text):
        tokens += list(jieba.cut_for_search(run)) if chinese else [run]
    return [tokens]


# -- Query side ----------------------------------------------------------------------


def exact_runs(query: str) -> Clauses:
    return [cjk.match_tokens(run) if zh else [run] for run, zh in _runs(query)]


def jieba_words_as_phrases(query: str) -> Clauses:
    clauses = []
    for run, chinese in _runs(query):
        if chinese:
            clauses += [
                cjk.match_tokens(w) if len(w) > 1 else [w] for w in cjk.query_words(run)
            ]
        else:
            clauses.append([run])
    return clauses


def jieba_words_as_terms(query: str) -> Clauses:
    clauses = []
    for run, chinese in _runs(query):
        clauses += [[w] for w in cjk.query_words(run)] if chinese else [[run]]
    return clauses


def bigrams_as_terms(query: str) -> Clauses:
    clauses = []
    for run, chinese in _runs(query):
        clauses += [[b] for b in cjk.bigrams(run)] if chinese else [[run]]
    return clauses


# -- Methods: an index function and tiers of (clauses, combine) ----------------------

Tier = tuple[Callable[[str], Clauses], Callable]
METHODS: dict[str, tuple[Callable[[str], Streams], list[Tier]]] = {
    "jieba: words, AND": (index_jieba, [(jieba_words_as_terms, all)]),
    "jieba: words, AND, then OR": (
        index_jieba,
        [(jieba_words_as_terms, all), (jieba_words_as_terms, any)],
    ),
    "bigrams: AND of bigrams": (index_bigrams, [(bigrams_as_terms, all)]),
    "bigrams: each run as a phrase": (index_bigrams, [(exact_runs, all)]),
    "both: exact phrase, then jieba words as phrases (AND)": (
        index_bigrams,
        [(exact_runs, all), (jieba_words_as_phrases, all)],
    ),
    "both, then any word (OR) [in use]": (
        index_bigrams,
        [
            (exact_runs, all),
            (jieba_words_as_phrases, all),
            (jieba_words_as_phrases, any),
        ],
    ),
}


def _has(streams: Streams, phrase: list[str]) -> bool:
    n = len(phrase)
    return any(s[i : i + n] == phrase for s in streams for i in range(len(s) - n + 1))


def evaluate(index: Callable[[str], Streams], tiers: list[Tier], articles, queries):
    docs = {
        a["slug"]: index(" ".join([a["title"], a["excerpt"], *a["body"]]))
        for a in articles
    }
    recall = precision = 0.0
    misses = []
    for query, relevant in queries:
        found: set[str] = set()
        for clauses_for, combine in tiers:
            clauses = clauses_for(query)
            found = {
                s
                for s, st in docs.items()
                if clauses and combine(_has(st, c) for c in clauses)
            }
            if found:
                break
        r = len(found & relevant) / len(relevant)
        p = len(found & relevant) / len(found) if found else 1.0
        recall, precision = recall + r, precision + p
        if r < 1 or p < 1:
            misses.append(
                (query, r, p, sorted(found - relevant), sorted(relevant - found))
            )
    n = len(queries)
    return recall / n, precision / n, misses


class Command(BaseCommand):
    help = "Recall and precision of ways of cutting Chinese, on the demo articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose", action="store_true", help="list the queries missed"
        )

    def handle(self, *args, verbose=False, **options):
        queries = corpus.JUDGED_QUERIES_ZH
        self.stdout.write(
            f"{len(corpus.ARTICLES_ZH)} Chinese demo articles, "
            f"{len(queries)} judged queries\n"
        )
        self.stdout.write(f"{'method':58} recall  precision  F1")
        for name, (index, tiers) in METHODS.items():
            recall, precision, misses = evaluate(
                index, tiers, corpus.ARTICLES_ZH, queries
            )
            f1 = 2 * recall * precision / (recall + precision)
            self.stdout.write(f"{name:58} {recall:.3f}   {precision:.3f}     {f1:.3f}")
            if verbose:
                for query, r, p, extra, missed in misses:
                    self.stdout.write(
                        f"    {query}: recall {r:.2f} precision {p:.2f}"
                        f"{'  missed ' + ' '.join(missed) if missed else ''}"
                        f"{'  extra ' + ' '.join(extra) if extra else ''}"
                    )
