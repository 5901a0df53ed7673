from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Email, text messages and letters to carers and referrers, sent through GOV.UK Notify.

    Other apps call `notifications.services.message_queue`; this app imports none of them.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Messages to carers"
