"""Data of the entrepreneurship app: veteran enterprises, incubator bases and residency, mentors and bookings,
competitions with judging, startup loans with interest subsidies."""

from entrepreneurship.models.competitions import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    JudgeAssignment,
    JudgeConflict,
    RubricCriterion,
    Score,
)
from entrepreneurship.models.enterprises import Enterprise
from entrepreneurship.models.incubators import IncubatorBase, Residency
from entrepreneurship.models.loans import LoanApplication, LoanProduct
from entrepreneurship.models.mentors import MentorBooking, MentorProfile, MentorSlot

__all__ = [
    "Competition",
    "CompetitionEntry",
    "CompetitionStage",
    "Enterprise",
    "IncubatorBase",
    "JudgeAssignment",
    "JudgeConflict",
    "LoanApplication",
    "LoanProduct",
    "MentorBooking",
    "MentorProfile",
    "MentorSlot",
    "Residency",
    "RubricCriterion",
    "Score",
]
