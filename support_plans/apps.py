from django.apps import AppConfig


class SupportPlansConfig(AppConfig):
    name = "support_plans"
    verbose_name = "Support plans"

    def ready(self) -> None:
        from support_plans.panels import carer_support_plans_panel
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel

        register_carer_record_panel(
            CarerRecordPanel(key="support_plans", order=20, render=carer_support_plans_panel)
        )

        from support_plans.panels import carer_plan_journey_steps
        from triage.journey import register_journey_source

        register_journey_source("support_plans", carer_plan_journey_steps)
