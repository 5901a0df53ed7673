from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from triage import permissions  # noqa: F401 - registers the object permissions
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel
        from triage.views.case_notes import carer_case_notes_panel

        register_carer_record_panel(
            CarerRecordPanel(key="case_notes", order=5, render=carer_case_notes_panel)
        )
        from triage.journey import carer_journey_panel

        register_carer_record_panel(
            CarerRecordPanel(key="journey", order=1, render=carer_journey_panel)
        )
        from triage.next_actions import register as register_next_actions

        register_next_actions()
        from triage.contact_changes import register as register_contact_changes

        register_contact_changes()
