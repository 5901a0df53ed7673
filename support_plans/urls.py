app_name = "support_plans"

urlpatterns: list = []
