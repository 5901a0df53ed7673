from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from carers_portal.accounts.roles import Role
        from carers_portal.next_actions import NextAction, register_next_action
        from governance import permissions  # noqa: F401 - registers the object permissions
        from governance.panels import carer_governance_panel
        from triage.models import TaskKind
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel

        # Restriction and challenges, on the carer's record, after the later apps' sections.
        register_carer_record_panel(
            CarerRecordPanel(key="governance", order=90, render=carer_governance_panel)
        )
        # The tray's "Decide a carer's challenge" task leads to the carer's challenges.
        register_next_action(
            "task",
            NextAction(
                key="decide-challenge",
                label="Decide the challenge",
                url_name="governance:carer-challenges",
                url_kwargs=lambda task: {"pk": task.carer_id},
                offered=lambda user, task: (
                    task.kind == TaskKind.RECORD_CHALLENGE
                    and task.carer_id is not None
                    and getattr(user, "role", None) == Role.TEAM_MANAGER
                ),
            ),
        )
