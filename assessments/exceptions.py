class NotEditable(Exception):
    """The assessment is no longer in progress (completed or awaiting approval)."""

    def __init__(self, message: str = "This assessment has already been completed."):
        super().__init__(message)
        self.message = message
