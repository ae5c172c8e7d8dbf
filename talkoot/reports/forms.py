from django import forms
from django.utils.translation import gettext_lazy as _

from talkoot.core.forms import PlainTextField, textarea
from talkoot.core.once import OnceField
from talkoot.notifications.texts import excerpt
from talkoot.proposals.services import TEXT_MAX_LENGTH
from talkoot.reports.models import REASON_MAX_LENGTH
from talkoot.reports.selectors import ReportSubject


class ReportForm(forms.Form):
    once = OnceField()
    about = forms.ChoiceField(label=_("What do you report?"), widget=forms.RadioSelect)
    reason = PlainTextField(
        label=_("What is wrong?"),
        max_length=REASON_MAX_LENGTH,
        widget=textarea(4),
        help_text=_("Only the stewards read this. They may hide it while they decide, and you will see what they did."),
    )

    def __init__(self, *args, subject: ReportSubject, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        if subject.member is not None:
            choices = [("member", subject.member.display_name)]
        elif subject.message is not None:
            author = subject.message.author.display_name if subject.message.author else _("a former member")
            text = excerpt(subject.message.text)
            choices = [("message", _("The message of %(name)s: “%(text)s”") % {"name": author, "text": text})]
        else:
            assert subject.action is not None  # noqa: S101 - the selector gives one of the two
            choices = [("action", _("The action “%(title)s” itself") % {"title": subject.action.title})]
            choices += [
                (f"task-{task.pk}", _("The task “%(title)s”") % {"title": task.title}) for task in subject.tasks or []
            ]
        about = self.fields["about"]
        assert isinstance(about, forms.ChoiceField)  # noqa: S101 - declared above
        about.choices, about.initial = choices, choices[0][0]

    def target(self) -> dict:
        """The service's keyword for what was chosen: action, task or member."""
        about = self.cleaned_data["about"]
        if about == "member":
            return {"member": self.subject.member}
        if about == "message":
            return {"message": self.subject.message}
        if about == "action":
            return {"action": self.subject.action}
        task_id = int(about.removeprefix("task-"))
        return {"task": next(task for task in self.subject.tasks or [] if task.pk == task_id)}


class RemovalForm(forms.Form):
    text = PlainTextField(
        label=_("Why you propose it, for every member to read"), max_length=TEXT_MAX_LENGTH, widget=textarea(3)
    )
