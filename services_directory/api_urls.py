from django.urls import path

from services_directory import apis

urlpatterns = [
    path("services/", apis.ServiceListApi.as_view(), name="service-list"),
    path("services/<uuid:service_id>/", apis.ServiceDetailApi.as_view(), name="service-detail"),
]
