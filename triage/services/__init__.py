"""Triage writes, a module by subject. Every write is keyword-only and atomic, and a
versioned record is saved with carers_portal.versioning.save_versioned."""

from triage.services.bulk import referrals_assign_many
from triage.services.carers import (
    CARER_EDITABLE_FIELDS,
    cared_for_person_add,
    carer_create,
    carer_update,
)
from triage.services.changes import (
    change_request_accept,
    change_request_create,
    change_request_decline,
)
from triage.services.referrals import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERRAL_DETAIL_FIELDS,
    referral_assign,
    referral_carer_create,
    referral_close,
    referral_create,
    referral_link_carer,
    referral_mark_assessment_started,
    referral_record_assessment_outcome,
    referral_reference_new,
    referral_triage_complete,
    referral_triage_record,
    referral_update,
)
from triage.services.tasks import (
    carer_tasks_complete,
    task_assign,
    task_claim,
    task_complete,
    task_create,
)

__all__ = [
    "CARER_EDITABLE_FIELDS",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REFERRAL_DETAIL_FIELDS",
    "cared_for_person_add",
    "change_request_accept",
    "change_request_create",
    "change_request_decline",
    "carer_create",
    "carer_update",
    "referral_assign",
    "referral_carer_create",
    "referral_close",
    "referral_create",
    "referral_link_carer",
    "referral_mark_assessment_started",
    "referral_record_assessment_outcome",
    "referral_reference_new",
    "referral_triage_complete",
    "referral_triage_record",
    "referral_update",
    "referrals_assign_many",
    "carer_tasks_complete",
    "task_assign",
    "task_claim",
    "task_complete",
    "task_create",
]
