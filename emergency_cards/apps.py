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

        from emergency_cards.views.acting_for import acting_for_cards_section
        from online_accounts.acting_for_sections import (
            ActingForSection,
            register_acting_for_section,
        )

        register_acting_for_section(
            ActingForSection(key="emergency_cards", order=20, render=acting_for_cards_section)
        )

        from emergency_cards.selectors import carer_ids_for_card_number
        from triage.search import SearchSource, register_search_source

        register_search_source(
            SearchSource(
                key="card_number", label="card number", carer_ids=carer_ids_for_card_number
            )
        )

        from django.urls import reverse

        from emergency_cards.panels import case_note_options
        from triage.case_notes import CaseNoteSubject, register_case_note_subject

        register_case_note_subject(
            CaseNoteSubject(
                kind="emergency_card",
                options=case_note_options,
                url=lambda pk: reverse("emergency_cards:plan-detail", kwargs={"plan_id": pk}),
                order=30,
            )
        )
        from emergency_cards.contact_changes import register as register_contact_changes

        # A carer's change to their emergency contacts is a change request triage's tray
        # carries and applies through this app.
        register_contact_changes()
