"""Choice lists shared across apps (education levels are ordered so apps can compare them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Education(models.IntegerChoices):
    """Ordered: a position requiring level N accepts anyone with level >= N."""

    NONE = 0, _("No requirement")
    JUNIOR_HIGH = 1, _("Junior high school")
    SENIOR_HIGH = 2, _("Senior high / technical secondary school")
    JUNIOR_COLLEGE = 3, _("Junior college (dazhuan)")
    BACHELOR = 4, _("Bachelor's degree")
    MASTER = 5, _("Master's degree or above")


class ServiceBranch(models.TextChoices):
    ARMY = "army", _("Army")
    NAVY = "navy", _("Navy")
    AIR_FORCE = "air_force", _("Air Force")
    ROCKET_FORCE = "rocket_force", _("Rocket Force")
    AEROSPACE = "aerospace", _("Aerospace Force")
    CYBERSPACE = "cyberspace", _("Cyberspace Force")
    INFORMATION = "information", _("Information Support Force")
    LOGISTICS = "logistics", _("Joint Logistics Support Force")
    ARMED_POLICE = "armed_police", _("People's Armed Police")
    OTHER = "other", _("Other")


class Rank(models.TextChoices):
    PRIVATE = "private", _("Private")
    PRIVATE_FIRST_CLASS = "pfc", _("Private first class")
    CORPORAL = "corporal", _("Corporal")
    SERGEANT = "sergeant", _("Sergeant")
    STAFF_SERGEANT = "staff_sergeant", _("Staff sergeant")
    MASTER_SERGEANT = "master_sergeant", _("Master sergeant")
    LIEUTENANT = "lieutenant", _("Lieutenant")
    CAPTAIN = "captain", _("Captain")
    MAJOR = "major", _("Major")
    COLONEL = "colonel", _("Lieutenant colonel or above")


class EmploymentStatus(models.TextChoices):
    SEEKING = "seeking", _("Seeking work")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed / entrepreneur")
    STUDYING = "studying", _("In education or training")
    NOT_SEEKING = "not_seeking", _("Not seeking work")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
