from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assessments import permissions  # noqa: F401 - registers the object permissions
        from assessments.panels import carer_assessments_panel
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel

        register_carer_record_panel(
            CarerRecordPanel(key="assessments", order=10, render=carer_assessments_panel)
        )
