from django.urls import path

from services_directory import api

urlpatterns = [
    path("services/", api.ServiceListApi.as_view(), name="service-list"),
    path("services/<uuid:service_id>/", api.ServiceDetailApi.as_view(), name="service-detail"),
]
