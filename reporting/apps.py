from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from carers_portal.budget_lines import register_budget_line_source
        from reporting.selectors.budget import budget_line_options

        # Contracts and plan items name a budget line by code, offered from here.
        register_budget_line_source(budget_line_options)
