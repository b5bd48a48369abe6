"""The jobs search's thesaurus at work: segmentation with the synonyms' user dictionary, and expansion of the
tokens at index time and at query time (the table is jobs.models.SearchSynonym, edited by staff in the admin).

Both sides meet on main words. A synonym group 驾驶员 ≈ 司机 驾驶人员 indexes a position that says 司机 under 驾驶员
too, and reads the query 司机 as 驾驶员; an alias 货车司机 → 驾驶员 货车 indexes a position that says 货车司机 under
驾驶员 and 货车 and reads the query 货车司机 as 驾驶员 + 货车 (both required). The tokenizer is one of the jobs
search's own (portal.search.tokenizer_with_words), so other apps' segmentation does not change.

Each process keeps the thesaurus built from the table and rebuilds it when the table's version changes. The version
is read from the cache (shared by every process on Redis; an edit deletes it) and from the database when the cache
has none, so an edit reaches every web and worker process at once, and positions are re-indexed by a task.
"""

import threading
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max

from portal.search import query_tokens, segment, tokenizer_with_words

VERSION_CACHE_KEY = "jobs-thesaurus-version"
VERSION_CACHE_SECONDS = 300
QUERY_TOKEN_LIMIT = 8


@dataclass(frozen=True)
class Thesaurus:
    version: tuple
    canonical: dict[str, str] = field(default_factory=dict)  # any word of a group → the group's main word
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # alias → the main words it stands for
    tokenizer: object = None

    def meanings(self, token: str) -> tuple[str, ...]:
        """What a token is also indexed and searched as (empty when it is its own main word or unknown)."""
        if token in self.aliases:
            return self.aliases[token]
        main = self.canonical.get(token)
        return (main,) if main and main != token else ()

    def segment(self, text: str) -> str:
        """Segmented text followed by the main words of its synonyms and aliases (for the index)."""
        tokens = segment(text, self.tokenizer).split()
        seen = set(tokens)
        extra = []
        for token in tokens:
            for meaning in self.meanings(token):
                if meaning not in seen:
                    seen.add(meaning)
                    extra.append(meaning)
        return " ".join(tokens + extra)

    def query_tokens(self, query: str) -> list[str]:
        """A query's tokens with each synonym read as its main word and each alias as what it stands for."""
        tokens = []
        for token in query_tokens(query, tokenizer=self.tokenizer):
            tokens.extend(self.aliases.get(token) or (self.canonical.get(token, token),))
        return list(dict.fromkeys(tokens))[:QUERY_TOKEN_LIMIT]


def build(rows, version: tuple = ()) -> Thesaurus:
    """The thesaurus of these SearchSynonym rows (or rows of its historical model, in a migration)."""
    from jobs.models.search_terms import SearchSynonym, split_words

    rows = [(row.kind, row.term, split_words(row.words)) for row in rows]
    canonical: dict[str, str] = {}
    words: list[str] = []
    for kind, term, others in rows:  # synonym groups first, so that aliases can name their main words
        if kind == SearchSynonym.Kind.SYNONYMS:
            for word in [term, *others]:
                canonical.setdefault(word, term)
                words.append(word)
    aliases = {}
    for kind, term, others in rows:
        if kind == SearchSynonym.Kind.ALIAS:
            aliases[term] = tuple(dict.fromkeys(canonical.get(w, w) for w in others))
            words += [term, *others]
    return Thesaurus(version=version, canonical=canonical, aliases=aliases, tokenizer=tokenizer_with_words(words))


def table_version() -> tuple:
    from jobs.models import SearchSynonym

    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        state = SearchSynonym.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
        version = (state["n"], state["top"], state["last"].isoformat() if state["last"] else "")
        cache.set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    return tuple(version)


_lock = threading.Lock()
_current: list[Thesaurus] = []


def current() -> Thesaurus:
    """The thesaurus of the table as it is now (rebuilt in this process after any edit)."""
    from jobs.models import SearchSynonym

    version = table_version()
    if _current and _current[0].version == version:
        return _current[0]
    with _lock:
        if not (_current and _current[0].version == version):
            _current[:] = [build(SearchSynonym.objects.order_by("pk"), version)]
        return _current[0]


def forget_version() -> None:
    """Called after an edit commits: every process rebuilds on its next search."""
    cache.delete(VERSION_CACHE_KEY)
