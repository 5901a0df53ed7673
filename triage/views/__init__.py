"""Triage pages, a module by subject: the public referral form, the staff worklist, the
team worktray, a referral's pages, the carers register and its case notes.

Views parse input, call services and selectors, and render. Every record page starts
from the scoped `*_list_visible_to` selectors, so anything out of scope is 404.
"""

from triage.views.case_notes import case_note_add
from triage.views.changes import task_change
from triage.views.duplicates import referral_compare
from triage.views.public_referral import (
    referral_check,
    referral_complete,
    referral_start,
    referral_step,
)
from triage.views.referrals import (
    referral_carer_create,
    referral_close,
    referral_create,
    referral_decision,
    referral_detail,
    referral_link,
    referral_triage,
)
from triage.views.register import cared_for_add, carer_detail, carer_edit, carer_list
from triage.views.search import search
from triage.views.tray import task_assign, task_claim, tray
from triage.views.worklist import caseload, queue, referral_assign

__all__ = [
    "case_note_add",
    "referral_compare",
    "search",
    "task_assign",
    "task_change",
    "task_claim",
    "tray",
    "cared_for_add",
    "carer_detail",
    "carer_edit",
    "carer_list",
    "caseload",
    "queue",
    "referral_assign",
    "referral_carer_create",
    "referral_check",
    "referral_close",
    "referral_complete",
    "referral_create",
    "referral_decision",
    "referral_detail",
    "referral_link",
    "referral_start",
    "referral_step",
    "referral_triage",
]
