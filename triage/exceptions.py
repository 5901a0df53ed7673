class EditConflict(Exception):
    """Someone else saved the record after this user read it; nothing was written."""

    message = (
        "Someone else changed this record while you were editing it. "
        "Your changes have not been saved. Check the current details and make your changes again."
    )

    def __str__(self) -> str:
        return self.message


class TriageNotReady(Exception):
    """A triage step was attempted before the steps it depends on."""
