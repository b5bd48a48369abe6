"""Pages of the jobs app: public search and detail, veterans' applications, the employer area, staff review, fairs
and staff running them."""

from .acting import act_apply, act_fair_register
from .employer import (
    application_detail,
    application_resume,
    employer_home,
    follow_up_record_view,
    position_close_view,
    position_edit,
    position_submit_view,
)
from .fairs import (
    booth_page,
    booth_qr,
    fair_booth,
    fair_detail,
    fair_list,
    fair_register_view,
    fair_registration_cancel_view,
    fair_scan,
    fair_ticket,
    fair_ticket_qr,
)
from .positions import application_withdraw, apply, index, my_applications, position_detail
from .staff import review_list, review_position
from .staff_fairs import staff_booth_review, staff_fair_booths, staff_fair_edit, staff_fair_list

__all__ = [
    "act_apply",
    "act_fair_register",
    "application_detail",
    "application_resume",
    "application_withdraw",
    "apply",
    "booth_page",
    "booth_qr",
    "employer_home",
    "fair_booth",
    "fair_detail",
    "fair_list",
    "fair_register_view",
    "fair_registration_cancel_view",
    "fair_scan",
    "fair_ticket",
    "fair_ticket_qr",
    "follow_up_record_view",
    "index",
    "my_applications",
    "position_close_view",
    "position_detail",
    "position_edit",
    "position_submit_view",
    "review_list",
    "review_position",
    "staff_booth_review",
    "staff_fair_booths",
    "staff_fair_edit",
    "staff_fair_list",
]
