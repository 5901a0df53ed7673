from django.apps import AppConfig


class EmergencyCardsConfig(AppConfig):
    name = "emergency_cards"
    verbose_name = "Emergency cards"

    def ready(self) -> None:
        from emergency_cards.panels import carer_emergency_card_panel
        from triage.record_panels import CarerRecordPanel, register_carer_record_panel

        register_carer_record_panel(
            CarerRecordPanel(key="emergency_cards", order=30, render=carer_emergency_card_panel)
        )
