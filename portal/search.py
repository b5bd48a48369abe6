"""Chinese full-text search shared by the apps (jobs, training, offers …).

Text is segmented with jieba (search mode) into space-separated tokens, stored in two plain text columns
(`search_title`, `search_body`). On PostgreSQL a weighted `SearchVectorField` (title A, body B, config 'simple')
is kept beside them under a GIN index and queries are ranked with SearchRank; on SQLite every token must occur
(`icontains`) and title hits rank first. Both find the same rows.

A model that uses it declares:
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
and calls `index_row(instance, title=…, body=…)` from its service after saving, and `search(queryset, q)` to query.
Add the GIN index with `gin_index_operation(...)` in a migration (a no-op off PostgreSQL).

An app with its own vocabulary (the jobs search's synonyms) segments with `tokenizer_with_words(words)` — jieba's
user dictionary on a tokenizer of its own, so other apps' segmentation, and the indexes they stored, stay as they
are — passes `segmenter=` to index_row and its already expanded `tokens=` to search.
"""

import logging
import re
from collections.abc import Callable, Iterable

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, migrations
from django.db.models import Case, F, FloatField, Q, Value, When

jieba.setLogLevel(logging.WARNING)
_WORD = re.compile(r"\w", re.UNICODE)


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) instead of in the first search request a worker serves."""
    jieba.initialize()


class _WordsOverDictionary(dict):
    """A tokenizer's word frequencies: its own words (this dict) over jieba's main dictionary, which is shared rather
    than copied: a second copy per process would cost a lot of memory (bench/README.md, "Measured in passing")."""

    def __init__(self, base: dict):
        super().__init__()
        self.base = base

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.base[key]

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.base.get(key, default)


def tokenizer_with_words(words: Iterable[str]) -> jieba.Tokenizer:
    """A jieba tokenizer that also knows `words` (a user dictionary of one app's own, e.g. 货车司机, 安保员)."""
    jieba.initialize()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = _WordsOverDictionary(jieba.dt.FREQ)
    tokenizer.total = jieba.dt.total
    tokenizer.initialized = True
    for word in words:
        if word:
            tokenizer.add_word(word)  # a frequency that makes the word come out whole
    return tokenizer


def segment(text: str, tokenizer: jieba.Tokenizer | None = None) -> str:
    """`电商直播运营` → `电商 直播 运营` (lower-cased, punctuation dropped)."""
    cut = (tokenizer or jieba.dt).cut_for_search
    return " ".join(t.lower() for t in cut(text or "") if _WORD.search(t))


def query_tokens(query: str, limit: int = 8, tokenizer: jieba.Tokenizer | None = None) -> list[str]:
    """Tokens of a user's query: segmented, de-duplicated, longest first; tokens contained in a longer one dropped."""
    tokens = sorted(dict.fromkeys(segment(query[:100], tokenizer).split()), key=len, reverse=True)
    kept: list[str] = []
    for token in tokens:
        if not any(token in longer for longer in kept):
            kept.append(token)
    return kept[:limit]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def index_row(instance, *, title: str, body: str, segmenter: Callable[[str], str] = segment) -> None:
    """Store the segmented text (and, on PostgreSQL, the weighted vector) for one row, without touching others."""
    seg_title, seg_body = segmenter(title), segmenter(body)
    values = {"search_title": seg_title, "search_body": seg_body}
    if is_postgres():
        values["search_vector"] = SearchVector(Value(seg_title), weight="A", config="simple") + SearchVector(
            Value(seg_body), weight="B", config="simple"
        )
    type(instance).objects.filter(pk=instance.pk).update(**values)


def index_queryset(queryset, *, title_expr, body_expr) -> int:
    """Bulk (re)index on PostgreSQL from already-segmented columns; used by scale loaders."""
    if not is_postgres():
        return 0
    return queryset.update(
        search_vector=SearchVector(title_expr, weight="A", config="simple")
        + SearchVector(body_expr, weight="B", config="simple")
    )


def search(queryset, query: str, *, tokens: list[str] | None = None):
    """Filter `queryset` to rows matching every token of `query` (or the `tokens` given, already segmented and
    expanded by the caller), annotated with `search_rank` (higher first)."""
    tokens = query_tokens(query) if tokens is None else tokens
    if not tokens:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())), False
    if is_postgres():
        sq = SearchQuery(" ".join(tokens), search_type="plain", config="simple")
        qs = queryset.filter(search_vector=sq).annotate(search_rank=SearchRank(F("search_vector"), sq))
        return qs, True
    cond = Q()
    title_hit = Q()
    for token in tokens:
        cond &= Q(search_title__icontains=token) | Q(search_body__icontains=token)
        title_hit &= Q(search_title__icontains=token)
    qs = queryset.filter(cond).annotate(
        search_rank=Case(When(title_hit, then=Value(1.0)), default=Value(0.5), output_field=FloatField())
    )
    return qs, True


def gin_index_operation(table: str, column: str = "search_vector", name: str | None = None):
    """A migration operation that adds a GIN index on PostgreSQL and does nothing elsewhere."""
    name = name or f"{table}_{column}_gin"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}")')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards)
