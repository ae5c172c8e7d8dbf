"""Small helpers shared by the members tests."""

import re

from django.conf import settings

LINK = re.compile(r"https?://[^\s\"<>]+")


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def mailed_path(message, marker: str) -> str:
    """The site-relative path of the one link in `message` (a locmem EmailMessage) containing `marker`."""
    links = [link for link in links_in(message.body) if marker in link]
    assert len(links) == 1, message.body
    assert links[0].startswith(settings.SITE_URL + "/"), links[0]
    return links[0][len(settings.SITE_URL) :]


def error_summary(page: str) -> str:
    """The error summary at the top of a form page (fails the test when there is none)."""
    match = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert match, "no error summary on the page"
    return match.group(0)
