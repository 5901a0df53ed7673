class PlanError(Exception):
    """A plan change the rules refuse. The message is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEditError(PlanError):
    """Someone else saved the record after this user read it."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Someone else changed this support plan while you were working on it. "
            "Your changes have not been saved. Check the plan and make your changes again."
        )
