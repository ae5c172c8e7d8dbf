"""Access-matrix rows of the insights router (talkoot/api/tests/harness.py)."""

from talkoot.api.tests.harness import Case

CASES = [
    Case("insights_community", "GET", "/communities/kallio-seniors/insights?period=quarter"),
    # The whole instance is for every signed-in member: the outsider sees the same numbers.
    Case("insights_instance", "GET", "/insights?period=all", outsider=200),
]
