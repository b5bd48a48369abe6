"""The search thesaurus: staff add, change and remove synonym groups and occupation aliases; positions are
re-indexed after each change (a task), because the index stores the main words (jobs.thesaurus)."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jobs import thesaurus
from jobs.models import Position, SearchSynonym
from jobs.models.search_terms import WORD_SEPARATORS, split_words
from jobs.tasks import reindex_positions
from portal.exceptions import AccessDenied
from portal.permissions import is_bureau_staff
from portal.search import index_queryset

MAX_WORD_LENGTH = 20
REINDEX_BATCH = 500


def synonym_clean(synonym: SearchSynonym) -> None:
    """Normalise the term and words and check them against the rest of the table. Raises field errors."""
    synonym.term = (synonym.term or "").strip().lower()
    words = split_words(synonym.words)
    errors: dict[str, list[str]] = {}
    if not synonym.term or WORD_SEPARATORS.search(synonym.term):
        errors["term"] = [_("Enter one word, without spaces or commas.")]
    words = [w for w in words if w != synonym.term]
    if not words:
        errors["words"] = [_("List at least one other word.")]
    too_long = [w for w in [synonym.term, *words] if len(w) > MAX_WORD_LENGTH]
    if too_long:
        errors.setdefault("words", []).append(
            _("A word may have at most %(n)s characters: %(words)s")
            % {"n": MAX_WORD_LENGTH, "words": "、".join(too_long)}
        )
    synonym.words = " ".join(words)
    if not errors:
        errors = _conflicts(synonym, words)
    if errors:
        raise ValidationError(errors)


def _conflicts(synonym: SearchSynonym, words: list[str]) -> dict:
    """A word belongs to one synonym group only, and an alias is nobody's synonym: otherwise a query could mean two
    different main words."""
    others = SearchSynonym.objects.exclude(pk=synonym.pk)
    owner: dict[str, SearchSynonym] = {}
    for other in others:
        if other.kind == SearchSynonym.Kind.SYNONYMS:
            for word in [other.term, *other.word_list()]:
                owner.setdefault(word, other)
        else:
            owner.setdefault(other.term, other)
    mine = [synonym.term, *words] if synonym.kind == SearchSynonym.Kind.SYNONYMS else [synonym.term]
    taken = [f"{w}（{owner[w].term}）" for w in mine if w in owner]
    if not taken:
        return {}
    message = _("Already in another entry: %(words)s") % {"words": "、".join(taken)}
    field = "term" if synonym.term in owner else "words"
    return {field: [message]}


def _check_staff(user) -> None:
    if not is_bureau_staff(user):
        raise AccessDenied(_("Only bureau staff edit the search synonyms."))


@transaction.atomic
def synonym_save(*, synonym: SearchSynonym, user) -> SearchSynonym:
    _check_staff(user)
    synonym_clean(synonym)
    synonym.updated_by = user
    synonym.full_clean(exclude=["updated_by"])
    synonym.save()
    _after_change()
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: SearchSynonym, user) -> None:
    _check_staff(user)
    synonym.delete()
    _after_change()


def _after_change() -> None:
    thesaurus.forget_version()
    transaction.on_commit(thesaurus.forget_version)
    reindex_positions.delay_on_commit()


def positions_reindex(*, batch_size: int = REINDEX_BATCH, using=None) -> int:
    """Re-segment every position with the current thesaurus, a batch per transaction (safe to rerun). A migration
    passes `using` (its historical models and its thesaurus)."""
    model, words = using or (Position, thesaurus.current())
    segment = words.segment
    done, last_pk = 0, 0
    while True:
        batch = list(
            model.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "title", "description", "skills", "work_address")[:batch_size]
        )
        if not batch:
            return done
        for position in batch:
            title, body = Position.search_text(position)
            position.search_title, position.search_body = segment(title), segment(body)
        with transaction.atomic():
            model.objects.bulk_update(batch, ["search_title", "search_body"])
            if connection.vendor == "postgresql":
                index_queryset(
                    model.objects.filter(pk__in=[p.pk for p in batch]),
                    title_expr=F("search_title"),
                    body_expr=F("search_body"),
                )
        done += len(batch)
        last_pk = batch[-1].pk
