from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from triage import permissions  # noqa: F401 - registers the object permissions
        from triage.next_actions import register as register_next_actions

        register_next_actions()
