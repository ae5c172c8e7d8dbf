from django.urls import reverse

from talkoot.core.links import IdUrl


def test_id_url_gives_what_reverse_gives():
    claim = IdUrl("actions:task_claim", "kallio-cares")
    for pk in (1, 42, 987_654):
        assert claim(pk) == reverse("actions:task_claim", args=["kallio-cares", pk])
