from django.urls import path

from reporting import cld_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ni135/", views.ni135, name="ni135"),
    path("budget/", views.budget, name="budget"),
    path("budget/streams/<int:stream_id>/lines/new/", views.budget_line_new, name="line-new"),
    path("budget/lines/<int:line_id>/", views.budget_line_edit, name="line-edit"),
    path("budget/lines/<int:line_id>/spend/", views.budget_spend_new, name="spend-new"),
    path(
        "budget/lines/<int:line_id>/behind/",
        views.budget_line_commitments,
        name="line-commitments",
    ),
    path(
        "budget/streams/<int:stream_id>/not-on-a-line/",
        views.budget_stream_not_on_a_line,
        name="stream-not-on-a-line",
    ),
    path("board-pack/", views.board_pack, name="board-pack"),
    path(
        "board-pack/<int:year>/<int:month>/<str:file_format>/",
        views.board_pack_download,
        name="board-pack-download",
    ),
    path("returns/", views.returns, name="returns"),
    path(
        "returns/<int:run_id>/<str:file_format>/",
        views.return_download,
        name="return-download",
    ),
    path("denominators/", views.denominators, name="denominators"),
    path("targets/", views.targets, name="targets"),
    path("recompute/", cld_views.recompute, name="recompute"),
    path("population/", cld_views.population, name="population"),
    path("returns/checks/<int:run_id>/", cld_views.validation_report, name="cld-validation"),
    path(
        "returns/checks/<int:run_id>/csv/",
        cld_views.validation_csv,
        name="cld-validation-csv",
    ),
]
