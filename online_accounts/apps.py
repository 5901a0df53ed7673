from django.apps import AppConfig


class OnlineAccountsConfig(AppConfig):
    """Carers' online accounts: invitations from the record (an emailed link, or a one-time
    code by text message or on a printed letter), and people acting for a carer.

    Sits just above triage (it needs the carer's record) and below the apps whose pages
    people acting for a carer may read: support plans and emergency cards read its grants
    (`online_accounts.selectors.carer_ids_acted_for`) and add their sections to that
    person's home page through `online_accounts/acting_for_sections.py`.
    """

    name = "online_accounts"
    verbose_name = "Online accounts"

    def ready(self) -> None:
        from online_accounts.panels import carer_online_account_panel
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel

        register_carer_record_panel(
            CarerRecordPanel(key="online_account", order=40, render=carer_online_account_panel)
        )
