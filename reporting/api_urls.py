from django.urls import path

from reporting import api

urlpatterns = [
    path("reporting/ni135/", api.NI135View.as_view(), name="reporting-ni135"),
    path("reporting/budget/", api.BudgetView.as_view(), name="reporting-budget"),
    path("reporting/budget/lines/", api.BudgetLineCreate.as_view(), name="reporting-budget-lines"),
    path(
        "reporting/budget/lines/<int:line_id>/",
        api.BudgetLineUpdate.as_view(),
        name="reporting-budget-line",
    ),
    path("reporting/returns/", api.ReturnRunList.as_view(), name="reporting-returns"),
]
