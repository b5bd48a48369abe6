"""The job search's thesaurus: synonym groups and occupation aliases staff keep (同义词、职业别名).

Used at index and query time (jobs.thesaurus): every word is taught to the jobs search's jieba user dictionary, a
position whose text holds a word is also indexed under the group's main word or the alias's meaning, and a query's
word is looked up the same way, so 司机 finds 驾驶员 positions and 货车司机 finds 货车 + 驾驶员 ones.
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WORD_SEPARATORS = re.compile(r"[\s,，、;；/|+＋]+")


def split_words(text: str) -> list[str]:
    """`司机，驾驶人员 开车` → ['司机', '驾驶人员', '开车'] (lower-cased, de-duplicated, in order)."""
    return list(dict.fromkeys(w.lower() for w in WORD_SEPARATORS.split(text or "") if w))


class SearchSynonym(models.Model):
    class Kind(models.TextChoices):
        SYNONYMS = "synonyms", _("Synonyms (the words mean the same)")
        ALIAS = "alias", _("Occupation alias (the term means all of the words)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SYNONYMS)
    term = models.CharField(
        _("term"),
        max_length=20,
        unique=True,
        help_text=_("For synonyms the main word (驾驶员); for an alias the word people type (货车司机)."),
    )
    words = models.CharField(
        _("words"),
        max_length=300,
        help_text=_(
            "Separated by spaces or commas. Synonyms: the other words for the term (司机 驾驶人员). "
            "Alias: what the term stands for, all of them (驾驶员 货车)."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms and occupation aliases")

    def __str__(self):
        arrow = "→" if self.kind == self.Kind.ALIAS else "≈"
        return f"{self.term} {arrow} {' '.join(self.word_list())}"

    def word_list(self) -> list[str]:
        return split_words(self.words)
