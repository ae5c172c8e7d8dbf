from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "talkoot.core"
    label = "core"
