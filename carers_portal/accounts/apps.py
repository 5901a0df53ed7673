from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carers_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from carers_portal.accounts.middleware import record_sign_in_activity

        user_logged_in.connect(record_sign_in_activity, dispatch_uid="record_sign_in_activity")
        # Registers the OpenAPI description of the verified-session authentication.
        from carers_portal.accounts import api_auth  # noqa: F401
