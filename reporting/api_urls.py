from django.urls import path

from reporting import api

urlpatterns = [
    path("reporting/ni135/", api.NI135View.as_view(), name="reporting-ni135"),
    path("reporting/budget/", api.BudgetView.as_view(), name="reporting-budget"),
    path("reporting/returns/", api.ReturnRunList.as_view(), name="reporting-returns"),
]
