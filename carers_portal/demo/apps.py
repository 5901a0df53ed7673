from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "carers_portal.demo"
    label = "demo"
    verbose_name = "Demo county data"
