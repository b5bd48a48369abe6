"""Data of the jobs app: positions, applications and their pipeline, interviews and messages, employment follow-up,
job fairs and their booth queues, saved searches with their alerts, and the search's synonyms."""

from .applications import Application, ApplicationEvent, EmploymentRecord, FollowUp
from .booth_queue import QueueTicket
from .fairs import Booth, FairRegistration, IntentRecord, JobFair
from .interviews import Interview, InterviewEvent, InterviewReminder, InterviewSlot
from .live import PresentationSlot
from .positions import Position
from .saved_searches import SavedSearch, SearchAlertDelivery
from .search_terms import SearchSynonym
from .spot_checks import PositionSpotCheck

__all__ = [
    "Application",
    "ApplicationEvent",
    "Booth",
    "EmploymentRecord",
    "FairRegistration",
    "FollowUp",
    "IntentRecord",
    "Interview",
    "InterviewEvent",
    "InterviewReminder",
    "InterviewSlot",
    "JobFair",
    "Position",
    "PositionSpotCheck",
    "PresentationSlot",
    "QueueTicket",
    "SavedSearch",
    "SearchAlertDelivery",
    "SearchSynonym",
]
