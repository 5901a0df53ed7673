from django.apps import AppConfig


class ServicesDirectoryConfig(AppConfig):
    name = "services_directory"
    verbose_name = "Services directory"
