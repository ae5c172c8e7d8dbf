"""Fixtures for the members app: strong passwords (the real SMTP server is in the root conftest.py)."""

import pytest

STRONG_PASSWORD = "kahvi-ja-pulla-2026"


@pytest.fixture
def strong_password():
    return STRONG_PASSWORD
