class EditConflict(Exception):
    """Someone else saved the record after this user read it; nothing was written."""

    message = (
        "Someone else changed this budget while you were editing it. "
        "Your changes have not been saved. Check the current figures and make your changes again."
    )

    def __str__(self) -> str:
        return self.message
