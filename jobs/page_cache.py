"""Generation tokens for the rendered parts of a position's page that are the same for every visitor (its details
and description; its employer and the employer's other positions), which jobs/position_detail.html keeps per
language under `position_page_key`. Every change those parts show replaces a token, so the next page renders afresh:

- an organization's token: a save or delete of any of its positions (the position's own details, and the list of
  the others), of the organization row, a change of a position's military specialties; `positions_expire`, a
  queryset update that sends no signal, replaces the tokens of the organizations it touched itself;
- the reference token: regions, occupation categories and military specialties, whose names the page shows.

The search form's fields (jobs/position_list.html) are kept the same way under the reference token and the fairs
token (a save or delete of a job fair: the form offers the published ones).

As in portal.user_cache, a token is replaced now and again when the transaction commits, and a page reads the
tokens before it reads the position: a page rendered from data read before a change is stored under a token nobody
asks for any more. The signals are connected from JobsConfig.ready()."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

TOKEN_SECONDS = 3600  # outlives every fragment stored under it (the templates keep theirs for less)
REFERENCE_KEY = "jobs-page:reference"
FAIRS_KEY = "jobs-page:fairs"


def _organization_key(organization_id) -> str:
    return f"jobs-page:organization:{organization_id}"


def tokens(keys) -> list[str] | None:
    """The current tokens under these keys (one cache round trip); a missing one is started before the caller reads
    anything it renders. None when the cache keeps nothing (evicted at once): the caller renders afresh."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, TOKEN_SECONDS)
            found[key] = cache.get(key)
    current = [found[key] for key in keys]
    return None if None in current else current


def position_page_key(position) -> str:
    """The key part of the position's cached fragments: the position and the current tokens ("" to render afresh)."""
    found = tokens([_organization_key(position.organization_id), REFERENCE_KEY])
    return f"{position.pk}:{found[0]}:{found[1]}" if found else ""


def search_choices_key() -> str:
    """The key part of the search form's cached fields, whose choices are regions, categories and published fairs."""
    found = tokens([REFERENCE_KEY, FAIRS_KEY])
    return f"{found[0]}:{found[1]}" if found else ""


def forget_organizations(*organization_ids) -> None:
    keys = [_organization_key(pk) for pk in organization_ids if pk is not None]
    replace_tokens(keys)


def forget_reference() -> None:
    replace_tokens([REFERENCE_KEY])


def forget_fairs() -> None:
    replace_tokens([FAIRS_KEY])


def replace_tokens(keys) -> None:
    if not keys:
        return

    def replace():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, TOKEN_SECONDS)

    replace()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(replace)


def _on_position(sender, instance, **kwargs):
    forget_organizations(instance.organization_id)


def _on_organization(sender, instance, **kwargs):
    forget_organizations(instance.pk)


def _on_reference(sender, **kwargs):
    forget_reference()


def _on_fair(sender, **kwargs):
    forget_fairs()


def _on_specialties(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    from jobs.models import Position

    if not reverse:  # position.military_specialties.add/remove/set/clear
        forget_organizations(instance.organization_id)
    elif pk_set:  # specialty.position_set...: the positions named
        forget_organizations(*Position.objects.filter(pk__in=pk_set).values_list("organization_id", flat=True))
    else:  # specialty.position_set.clear(): which positions is no longer known; the names are reference data
        forget_reference()


def connect() -> None:
    from jobs.models import JobFair, Position
    from portal.models import MilitarySpecialty, OccupationCategory, Organization, Region

    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_on_position, sender=Position, dispatch_uid=f"jobs-page-position-{name}")
        signal.connect(_on_organization, sender=Organization, dispatch_uid=f"jobs-page-organization-{name}")
        signal.connect(_on_fair, sender=JobFair, dispatch_uid=f"jobs-page-fair-{name}")
        for model in (Region, OccupationCategory, MilitarySpecialty):
            signal.connect(_on_reference, sender=model, dispatch_uid=f"jobs-page-{model.__name__}-{name}")
    m2m_changed.connect(
        _on_specialties, sender=Position.military_specialties.through, dispatch_uid="jobs-page-specialties"
    )
