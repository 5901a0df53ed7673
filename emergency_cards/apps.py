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

        from emergency_cards.selectors import carer_ids_for_card_number
        from triage.search import SearchSource, register_search_source

        register_search_source(
            SearchSource(
                key="card_number", label="card number", carer_ids=carer_ids_for_card_number
            )
        )

        from emergency_cards.contact_changes import register as register_contact_changes

        # A carer's change to their emergency contacts is a change request triage's tray
        # carries and applies through this app.
        register_contact_changes()
