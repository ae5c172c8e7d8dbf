class ApplicationError(Exception):
    """A rule of the domain was broken; `message` is shown to the person as it is.

    Services raise it with a translated, human message; views turn it into a form error or
    a flash message. It is never a 500.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
