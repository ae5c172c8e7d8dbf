class ApplicationError(Exception):
    """A rule of the domain was broken; `message` is shown to the person as it is.

    Services raise it with a translated, human message; views turn it into a form error or
    a flash message, and the API into a problem: 422 when it names a `field`, else `status`
    (409 by default: the thing's state does not allow it now; 403 when the person may not do it),
    with `code` as its machine-readable name. It is never a 500.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status


class RateLimitedError(ApplicationError):
    """Too many of something in a short time: a form error on the pages, 429 with Retry-After in the API."""

    def __init__(self, message: str, *, retry_after: int, field: str | None = None):
        super().__init__(message, field=field, code="rate_limited", status=429)
        self.retry_after = retry_after
