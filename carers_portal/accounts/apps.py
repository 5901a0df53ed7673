from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carers_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # Registers the OpenAPI description of the verified-session authentication.
        from carers_portal.accounts import api_auth  # noqa: F401
