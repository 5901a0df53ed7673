app_name = "services_directory"

urlpatterns: list = []
