import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English: a page asked for in Finnish leaves Finnish active in the thread."""
    with translation.override("en"):
        yield
