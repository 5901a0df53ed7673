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

        from assessments import journey, next_steps
        from triage.journey import register_journey_source

        next_steps.register()
        register_journey_source("assessments", journey.journey_steps)

        from django.urls import reverse

        from assessments.panels import case_note_options
        from triage.case_notes import CaseNoteSubject, register_case_note_subject

        register_case_note_subject(
            CaseNoteSubject(
                kind="assessment",
                options=case_note_options,
                url=lambda pk: reverse("assessments:detail", kwargs={"pk": pk}),
                order=10,
            )
        )
