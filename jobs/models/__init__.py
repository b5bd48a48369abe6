"""Data of the jobs app: positions, applications and their pipeline, employment follow-up, job fairs."""

from .applications import Application, ApplicationEvent, EmploymentRecord, FollowUp
from .fairs import Booth, FairRegistration, IntentRecord, JobFair
from .live import PresentationSlot
from .positions import Position
from .spot_checks import PositionSpotCheck

__all__ = [
    "Application",
    "ApplicationEvent",
    "Booth",
    "EmploymentRecord",
    "FairRegistration",
    "FollowUp",
    "IntentRecord",
    "JobFair",
    "Position",
    "PositionSpotCheck",
    "PresentationSlot",
]
