class EditConflict(Exception):
    """Someone else saved the assessment since this user read it."""

    message = (
        "Someone else changed this assessment while you were editing it. "
        "Your answers have not been saved yet: check the latest version and try again."
    )


class NotEditable(Exception):
    """The assessment is no longer in progress (completed or awaiting approval)."""

    def __init__(self, message: str = "This assessment has already been completed."):
        super().__init__(message)
        self.message = message
