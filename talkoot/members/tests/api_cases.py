"""Access-matrix rows of the members router (talkoot/api/tests/harness.py)."""

from talkoot.api.tests.harness import Case

CASES = [
    Case("me", "GET", "/me", outsider=200),
    Case("me_preferences", "PATCH", "/me/preferences", body={"text_size": "large"}, outsider=200),
    Case("me_profile", "PATCH", "/me/profile", body={"bio": "I like gardens."}, outsider=200),
]
