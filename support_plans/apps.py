from django.apps import AppConfig


class SupportPlansConfig(AppConfig):
    name = "support_plans"
    verbose_name = "Support plans"

    def ready(self) -> None:
        from carers_portal.next_actions import NextAction, register_next_action
        from support_plans import permissions  # noqa: F401 - registers the object permissions
        from support_plans.panels import carer_support_plans_panel
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel

        register_carer_record_panel(
            CarerRecordPanel(key="support_plans", order=20, render=carer_support_plans_panel)
        )
        # The assessment page offers the next step without knowing support plans exist.
        register_next_action(
            "assessment",
            NextAction(
                key="create-support-plan",
                label="Create support plan",
                url_name="support_plans:plan-create",
                url_kwargs=lambda assessment: {"assessment_id": assessment.pk},
                offered=lambda user, assessment: user.has_perm(
                    "support_plans.add_supportplan", assessment
                ),
            ),
        )

        from online_accounts.acting_for_sections import (
            ActingForSection,
            register_acting_for_section,
        )
        from support_plans.views.acting_for import acting_for_plans_section

        register_acting_for_section(
            ActingForSection(key="support_plans", order=10, render=acting_for_plans_section)
        )

        from support_plans.panels import carer_plan_journey_steps
        from triage.journey import register_journey_source

        register_journey_source("support_plans", carer_plan_journey_steps)

        from django.urls import reverse

        from support_plans.panels import case_note_options
        from triage.case_notes import CaseNoteSubject, register_case_note_subject

        register_case_note_subject(
            CaseNoteSubject(
                kind="support_plan",
                options=case_note_options,
                url=lambda pk: reverse("support_plans:plan-detail", kwargs={"plan_id": pk}),
                order=20,
            )
        )

        from carers_portal.accounts.roles import EDITOR_ROLES
        from triage.models import TaskKind

        # The tray's "Write the support plan" task leads to the assessments ready for a plan.
        register_next_action(
            "task",
            NextAction(
                key="write-support-plan",
                label="Write the support plan",
                url_name="support_plans:assessment-list",
                offered=lambda user, task: (
                    task.kind == TaskKind.CREATE_SUPPORT_PLAN
                    and getattr(user, "role", None) in EDITOR_ROLES
                ),
            ),
        )
