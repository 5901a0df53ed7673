from django.apps import AppConfig


class EmergencyCardsConfig(AppConfig):
    name = "emergency_cards"
    verbose_name = "Emergency cards"
