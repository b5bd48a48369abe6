"""Likely duplicate applicants: two active person accounts that look like one person.

- the same national ID number (its keyed hash) on a veteran registration and a family profile (each kind is
  unique on its own, so a repeat shows across the two);
- the same verified mobile number: one account confirmed the number with a code, another account (or its
  registration) uses it too;
- the same real name and birth date on two veteran registrations (a mistyped ID number).
Staff accounts are left out. Only keyed hashes are compared; nothing is decrypted.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.models import DuplicateDismissal, FamilyMemberProfile, User, VeteranProfile

REASONS = {
    "id_number": _("Same ID number"),
    "phone": _("Same verified mobile number"),
    "name_birth": _("Same name and birth date"),
}


@dataclass
class DuplicatePair:
    first: User
    second: User
    reasons: list = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]


def _person_accounts():
    return User.objects.filter(is_active=True, is_staff=False, is_superuser=False)


def _same_id_number(found: dict) -> None:
    family = dict(
        FamilyMemberProfile.objects.exclude(id_number_hash=None)
        .filter(user__in=_person_accounts())
        .values_list("id_number_hash", "user_id")
    )
    for user_id, id_hash in (
        VeteranProfile.objects.filter(id_number_hash__in=list(family), user__in=_person_accounts())
        .values_list("user_id", "id_number_hash")
        .iterator()
    ):
        if family[id_hash] != user_id:
            found[tuple(sorted((user_id, family[id_hash])))].add("id_number")


def _same_verified_phone(found: dict) -> None:
    verified = dict(
        _person_accounts().filter(phone_verified=True).exclude(phone_hash=None).values_list("phone_hash", "pk")
    )
    if not verified:
        return
    holders = [
        _person_accounts().filter(phone_hash__in=list(verified)).values_list("pk", "phone_hash"),
        VeteranProfile.objects.filter(phone_hash__in=list(verified), user__in=_person_accounts()).values_list(
            "user_id", "phone_hash"
        ),
        FamilyMemberProfile.objects.filter(phone_hash__in=list(verified), user__in=_person_accounts()).values_list(
            "user_id", "phone_hash"
        ),
    ]
    for rows in holders:
        for user_id, phone_hash in rows.iterator():
            if verified[phone_hash] != user_id:
                found[tuple(sorted((user_id, verified[phone_hash])))].add("phone")


def _same_name_and_birth_date(found: dict) -> None:
    profiles = VeteranProfile.objects.filter(user__in=_person_accounts(), birth_date__isnull=False).exclude(
        real_name=""
    )
    repeated = set(
        profiles.values("real_name", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("real_name", "birth_date")[:1000]
    )
    if not repeated:
        return
    groups = defaultdict(list)
    candidates = profiles.filter(
        real_name__in={name for name, _day in repeated}, birth_date__in={day for _name, day in repeated}
    ).values_list("real_name", "birth_date", "user_id")
    for name, birth_date, user_id in candidates.iterator():
        if (name, birth_date) in repeated:
            groups[(name, birth_date)].append(user_id)
    for user_ids in groups.values():
        user_ids.sort()
        for i, first in enumerate(user_ids):
            for second in user_ids[i + 1 :]:
                found[(first, second)].add("name_birth")


def likely_duplicates(*, limit: int = 200) -> list[DuplicatePair]:
    """Pairs of accounts, the most reasons first, then the newest pair; at most `limit`."""
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    _same_id_number(found)
    _same_verified_phone(found)
    _same_name_and_birth_date(found)
    for pair in DuplicateDismissal.objects.filter(first_id__in={a for a, _b in found}).values_list("first", "second"):
        found.pop(pair, None)  # checked by staff: two different people
    order = sorted(found.items(), key=lambda item: (-len(item[1]), -item[0][1], -item[0][0]))[:limit]
    users = User.objects.select_related("veteran_profile", "family_profile").in_bulk(
        {pk for pair, _reasons in order for pk in pair}
    )
    return [
        DuplicatePair(users[a], users[b], [r for r in REASONS if r in reasons])
        for (a, b), reasons in order
        if a in users and b in users
    ]


def _profiles(user) -> list:
    return [p for p in (getattr(user, "veteran_profile", None), getattr(user, "family_profile", None)) if p]


def pair_reasons(first: User, second: User) -> list[str]:
    """Why these two accounts look like one person (empty when nothing in common is found)."""
    first = User.objects.select_related("veteran_profile", "family_profile").get(pk=first.pk)
    second = User.objects.select_related("veteran_profile", "family_profile").get(pk=second.pk)
    reasons = []
    ids = [{p.id_number_hash for p in _profiles(u) if p.id_number_hash} for u in (first, second)]
    if ids[0] & ids[1]:
        reasons.append("id_number")
    phones = [{h for h in [u.phone_hash, *(p.phone_hash for p in _profiles(u))] if h} for u in (first, second)]
    verified = [u.phone_hash if u.phone_verified and u.phone_hash else None for u in (first, second)]
    if (verified[0] and verified[0] in phones[1]) or (verified[1] and verified[1] in phones[0]):
        reasons.append("phone")
    veterans = [getattr(u, "veteran_profile", None) for u in (first, second)]
    identity = [(v.real_name, v.birth_date) if v and v.real_name and v.birth_date else None for v in veterans]
    if identity[0] and identity[0] == identity[1]:
        reasons.append("name_birth")
    return [str(REASONS[r]) for r in reasons]
