"""Loaded with `-p` before pytest-django reads the settings, so tests use DJANGO_ENV=test."""

import os

os.environ.setdefault("DJANGO_ENV", "test")
