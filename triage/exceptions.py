"""Triage's own refusals. A lost edit race is carers_portal.versioning.EditConflict."""


class TriageNotReady(Exception):
    """A triage step was attempted before the steps it depends on."""
