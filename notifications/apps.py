from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Email, text messages and letters to carers and referrers, sent through GOV.UK Notify.

    Other apps call `notifications.services.message_queue`; this app imports none of them.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Messages to carers"

    def ready(self) -> None:
        from carers_portal.contact_log import ContactLogSource, register_contact_log_source
        from notifications.selectors import contact_log_entries

        # Every message sent about a carer is on their contact log, read from its one row.
        register_contact_log_source(ContactLogSource(key="messages", entries=contact_log_entries))
