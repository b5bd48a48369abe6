"""Admin search that finds people the way counter staff know them: by Chinese name, by full ID number, by phone.

Django's admin search splits the term on spaces and matches each word with ``icontains`` on the listed columns, which
cannot reach a person's name from an application or a card (the name lives on the profile) and can never match an
ID number or phone, which are stored encrypted. ``PersonSearchMixin`` adds, for each path to a user named in
``person_search_paths``, the users whose veteran or family profile matches the term:

- a whole Chinese name (王建军; never a part of one, so a surname does not list a province's 王s);
- a full 18-digit ID number (or a 15-digit first-generation one), matched by its keyed hash, never decrypted;
- a whole mobile number (11 digits), matched by the phone's keyed hash (the last four alone are a column already).
"""

import re

from django.db.models import Q

from portal.staff.selectors import veteran_search_key

CHINESE_NAME = re.compile(r"^[\u3400-\u9fff·]{2,20}$")  # 2 characters at least: 王五; 20 fits 阿沛·阿旺晋美


def people_matching(term: str) -> Q | None:
    """A Q over ``User`` for the people the term names, or None when the term is no name, ID number or phone.
    A full ID number or mobile number becomes its keyed hash as at the counter (veteran_search_key)."""
    key = veteran_search_key(term)
    if "id_hash" in key:
        return Q(veteran_profile__id_number_hash=key["id_hash"]) | Q(family_profile__id_number_hash=key["id_hash"])
    if "phone_hash" in key:
        digest = key["phone_hash"]
        return Q(veteran_profile__phone_hash=digest) | Q(family_profile__phone_hash=digest) | Q(phone_hash=digest)
    if CHINESE_NAME.match(key["text"]):
        return Q(veteran_profile__real_name=key["text"]) | Q(family_profile__real_name=key["text"])
    return None


class PersonSearchMixin:
    """Mix into a ModelAdmin with ``person_search_paths`` (paths from the model to a user; "" for User itself)."""

    person_search_paths: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        people = people_matching(search_term) if self.person_search_paths else None
        if people is None:
            return results, may_have_duplicates
        from portal.models import User

        users = User.objects.filter(people).values("pk")
        matched = Q()
        for path in self.person_search_paths:
            matched |= Q(**{f"{path}__in" if path else "pk__in": users})
        return results | queryset.filter(matched), True
