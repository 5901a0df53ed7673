app_name = "emergency_cards"

urlpatterns: list = []
