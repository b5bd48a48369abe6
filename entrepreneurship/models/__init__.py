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
from entrepreneurship.models.loans import (
    LoanApplication,
    LoanDocument,
    LoanProduct,
    RepaymentInstalment,
    SubsidySettlement,
)
from entrepreneurship.models.mentors import MentorBooking, MentorProfile, MentorSlot
from entrepreneurship.models.workstations import Desk, DeskAllocation, Room

__all__ = [
    "Competition",
    "CompetitionEntry",
    "CompetitionStage",
    "Desk",
    "DeskAllocation",
    "Enterprise",
    "IncubatorBase",
    "JudgeAssignment",
    "JudgeConflict",
    "LoanApplication",
    "LoanDocument",
    "LoanProduct",
    "MentorBooking",
    "MentorProfile",
    "MentorSlot",
    "RepaymentInstalment",
    "Residency",
    "Room",
    "RubricCriterion",
    "Score",
    "SubsidySettlement",
]
