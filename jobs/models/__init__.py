"""Data of the jobs app: positions, applications and their pipeline, employment follow-up, job fairs, saved
searches with their alerts, and the search's synonyms."""

from .applications import Application, ApplicationEvent, EmploymentRecord, FollowUp
from .fairs import Booth, FairRegistration, IntentRecord, JobFair
from .positions import Position
from .saved_searches import SavedSearch, SearchAlertDelivery
from .search_terms import SearchSynonym

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
    "SavedSearch",
    "SearchAlertDelivery",
    "SearchSynonym",
]
