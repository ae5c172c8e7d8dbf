"""E-mail leaves through talkoot.core.mail: in the recipient's language, after commit, by a task."""

import contextlib
import copy
import email
import email.policy
import json

import pytest
from django.db import transaction
from django.tasks.signals import task_enqueued

from talkoot.core.mail import send_templated_mail
from talkoot.members.tests.helpers import links_in

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = {
    "test/hello_subject.txt": "{% get_current_language as L %}Hello\n in {{ L }}\n",
    "test/hello.txt": "{% get_current_language as L %}{% autoescape off %}Dear {{ name }} ({{ L }}){% endautoescape %}",
    "test/hello.html": "<p>Dear {{ name }}</p>",
    "test/plain_subject.txt": "Plain",
    "test/plain.txt": "Only text",
}


@pytest.fixture
def test_templates(settings):
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", TEST_TEMPLATES),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = [engine]


def test_mail_is_rendered_in_the_recipients_language(test_templates, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(to="aino@example.org", template="test/hello", context={"name": "Aino & co"}, language="fi")
    message = mailoutbox[0]
    assert message.subject == "Hello in fi"  # one line, whatever the template's line breaks
    assert message.body == "Dear Aino & co (fi)"
    assert message.extra_headers["Content-Language"] == "fi"
    assert message.to == ["aino@example.org"]
    assert message.alternatives[0].content == "<p>Dear Aino &amp; co</p>"
    assert message.alternatives[0].mimetype == "text/html"


def test_mail_without_an_html_template_is_plain_text(test_templates, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(to=["a@example.org", "b@example.org"], template="test/plain", context={})
    assert mailoutbox[0].alternatives == []
    assert mailoutbox[0].to == ["a@example.org", "b@example.org"]
    assert mailoutbox[0].extra_headers["Content-Language"] == "en"


def test_mail_about_a_change_that_rolled_back_is_never_sent(
    test_templates, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        send_templated_mail(to="aino@example.org", template="test/plain", context={})
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert mailoutbox == []


def test_mail_task_arguments_are_plain_json_for_a_queue(test_templates, django_capture_on_commit_callbacks):
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append(task_result)

    task_enqueued.connect(remember)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            send_templated_mail(to="aino@example.org", template="test/hello", context={"name": "Aino"}, language="fi")
    finally:
        task_enqueued.disconnect(remember)
    (result,) = enqueued
    assert result.task.module_path == "talkoot.core.mail.send_email"
    assert json.loads(json.dumps(result.kwargs)) == result.kwargs
    assert result.status == "SUCCESSFUL"


def test_confirmation_mail_goes_through_a_real_smtp_server(
    client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://talkoot.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/signup/",
            {
                "display_name": "Helmi Salo",
                "email": "Helmi@Example.org",
                "password1": "kahvi-ja-pulla-2026",
                "password2": "kahvi-ja-pulla-2026",
            },
        )
    assert response.status_code == 302
    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.rcpt_tos == ["helmi@example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Please confirm your e-mail address for talkoot"
    assert message["Content-Language"] == "en"
    text = message.get_body(preferencelist=("plain",)).get_content()
    links = [link for link in links_in(text) if "/confirm-email/" in link]
    assert len(links) == 1
    assert links[0].startswith("https://talkoot.example.org/confirm-email/")
    assert "helmi" not in links[0].lower()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{links[0]}"' in html
    # The link the server received is the one that confirms the address.
    path = links[0].removeprefix("https://talkoot.example.org")
    assert "Confirm my e-mail address" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
