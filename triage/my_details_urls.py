"""The carer's own contact details, at /my/details/ beside the carer's home page."""

from django.urls import path

from triage.views import my_details

app_name = "my_details"

urlpatterns = [
    path("", my_details.overview, name="overview"),
    path("check/", my_details.check, name="check"),
    path("<slug:slug>/", my_details.question, name="question"),
]
