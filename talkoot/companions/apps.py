from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanionsConfig(AppConfig):
    name = "talkoot.companions"
    label = "companions"
    verbose_name = _("Companions")
