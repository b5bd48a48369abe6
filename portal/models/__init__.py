"""The shell's data: users and roles, regions, occupations, organizations, veteran profiles, notifications, audit,
and the staff workbench's import and export jobs (portal/models/staff.py)."""

from .audit import AuditLog
from .claims import AccountInvitation
from .consents import Consent
from .notifications import Notification, NotificationPreference
from .organizations import Organization, OrganizationInvitation, OrganizationMembership
from .profiles import FamilyMemberProfile, VeteranProfile
from .reference import MilitarySpecialty, OccupationCategory, Region
from .sms import SmsMessage
from .staff import DuplicateDismissal, ExportJob, ImportJob
from .status_history import StatusChange
from .threads import Thread, ThreadMessage, ThreadReadMark
from .tokens import ApiToken
from .users import Role, User

__all__ = [
    "AccountInvitation",
    "ApiToken",
    "AuditLog",
    "Consent",
    "DuplicateDismissal",
    "ExportJob",
    "FamilyMemberProfile",
    "ImportJob",
    "MilitarySpecialty",
    "Notification",
    "NotificationPreference",
    "OccupationCategory",
    "Organization",
    "OrganizationInvitation",
    "OrganizationMembership",
    "Region",
    "Role",
    "SmsMessage",
    "StatusChange",
    "Thread",
    "ThreadMessage",
    "ThreadReadMark",
    "User",
    "VeteranProfile",
]
