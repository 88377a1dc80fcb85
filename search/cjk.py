"""Chinese text for full-text search: what is indexed, and how a query is cut.

Database full-text search (SQLite FTS5, PostgreSQL tsvector) treats a run of
Chinese characters as one word, so "干细胞" never matches "干细胞治疗膝骨关节炎".
This module is the only place that knows how Chinese is cut:

- Indexing: every run of Chinese characters becomes its overlapping character
  bigrams ("干细 细胞 胞治 …") followed by its single characters. A word of two or
  more characters is then found anywhere in a sentence as the *phrase* of its
  bigrams (adjacent tokens, so "干细 细胞" means exactly "干细胞"); a single
  character as a token of its own. Our search backends add `index_text()` of
  every indexed object's fields to its entry (search/backends/indexing.py);
  pages only declare their text.
- Querying: `match_tokens()` turns a word into that phrase; `query_words()` cuts a
  sentence-like query into words with jieba (loaded lazily: only queries that the
  exact phrase does not answer need it).

`tools/search_corpus.py` and `manage.py search_recall` hold the measurement behind the
choice. A search backend that segments Chinese itself (Elasticsearch with a
Chinese analyser) does without it: our backends are then not in use, nothing is
added to the index, and the query side sends words as they are
(`search.backends.segments_chinese()`).
"""

import functools
import logging
import re
import tempfile
from pathlib import Path

# CJK Unified Ideographs, Extension A and Compatibility Ideographs.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK}]+")
# Latin letters or digits glued to Chinese ("NK细胞"): the backends' tokenizers keep
# "nk细胞" as one word, so "NK" alone would not find it.
LATIN_NEXT_TO_CJK = re.compile(f"(?<=[{_CJK}])[A-Za-z0-9]+|[A-Za-z0-9]+(?=[{_CJK}])")

# Function words that add nothing to an AND query ("干细胞治疗哪些疾病").
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "能",
        "可",
        "可以",
        "吗",
        "呢",
        "吧",
        "要",
        "时",
        "把",
        "被",
        "对",
        "从",
        "这",
        "那",
        "有",
        "也",
        "都",
        "就",
        "还",
        "什么",
        "哪些",
        "哪个",
        "如何",
        "怎么",
        "怎样",
        "为什么",
        "多久",
        "多少",
        "请问",
        "一下",
    ]
)


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(*texts: str) -> str:
    """What is indexed besides `texts`: Chinese runs as bigrams, then characters.

    Latin letters or digits glued to Chinese follow, as words of their own.

    Text without Chinese gives "" (English pages are indexed as they are).
    """
    parts = []
    for text in texts:
        for run in CJK_RUN.findall(text or ""):
            if len(run) > 1:
                parts.append(" ".join(bigrams(run)))
            parts.append(" ".join(run))
        parts += LATIN_NEXT_TO_CJK.findall(text or "")
    return "\n".join(parts)


def match_tokens(word: str) -> list[str]:
    """The index tokens that, adjacent and in this order, mean `word` (Chinese only)."""
    return bigrams(word)


@functools.cache
def _jieba():
    """jieba, quiet, caching its dictionary in the temp dir; loaded on first use."""
    # Imported here: loading takes ~1 s and some memory, and few queries need it.
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    jieba.dt.cache_file = str(Path(tempfile.gettempdir()) / "clinic-jieba.cache")
    jieba.initialize()
    return jieba


def query_words(run: str) -> list[str]:
    """A Chinese query run cut into words, function words dropped (never empty)."""
    if len(run) <= 2:
        return [run]
    words = [w for w in _jieba().cut(run) if w.strip() and w not in STOP_WORDS]
    return words or [run]
