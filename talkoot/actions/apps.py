from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "talkoot.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        # Not a domain rule: a write that reaches the database some other way than a service
        # (a factory, the shell, the admin) still leaves this process's open-work columns fresh.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from talkoot.actions import open_work
        from talkoot.actions.models import Action, ActionBeneficiary, Claim, Task

        for model in (Task, Claim, Action, ActionBeneficiary):
            post_save.connect(open_work.forget, sender=model, dispatch_uid=f"open_work_save_{model.__name__}")
            post_delete.connect(open_work.forget, sender=model, dispatch_uid=f"open_work_delete_{model.__name__}")
        post_save.connect(open_work.forget_on_place_change, sender=get_user_model(), dispatch_uid="open_work_member")
        m2m_changed.connect(open_work.forget, sender=Task.skills.through, dispatch_uid="open_work_task_skills")
