from carers_portal.accounts.roles import Role
from reporting.models import BudgetLine, BudgetStream
from tests.routes import Route

COMMISSIONING = frozenset({Role.COMMISSIONER.value, Role.ADMINISTRATOR.value})
DASHBOARD = COMMISSIONING | {Role.TEAM_MANAGER.value}


def routes(world) -> list[Route]:
    from reporting import cld_rules, rules, selectors, services
    from reporting.services.cld import cld_return_produce

    run = services.return_produce(period=rules.month_period(2026, 10))
    cld_run = cld_return_produce(quarter=cld_rules.parse_quarter("2026-Q2"))
    today = selectors.today()
    services.figures_refresh(month=rules.month_period(today.year, today.month), today=today)
    stream = BudgetStream.objects.get(financial_year=2026, key="base_budget")
    line = BudgetLine.objects.filter(stream=stream).first()
    return [
        Route("reporting:dashboard", DASHBOARD),
        Route("reporting:ni135", DASHBOARD),
        Route("reporting:budget", COMMISSIONING),
        Route("reporting:line-new", COMMISSIONING, kwargs={"stream_id": stream.id}),
        Route("reporting:line-edit", COMMISSIONING, kwargs={"line_id": line.id}),
        Route("reporting:spend-new", COMMISSIONING, kwargs={"line_id": line.id}),
        Route("reporting:line-commitments", COMMISSIONING, kwargs={"line_id": line.id}),
        Route(
            "reporting:line-commitments",
            COMMISSIONING,
            kwargs={"line_id": line.id},
            query="show=contracts",
        ),
        Route("reporting:stream-not-on-a-line", COMMISSIONING, kwargs={"stream_id": stream.id}),
        Route("reporting:board-pack", COMMISSIONING),
        Route(
            "reporting:board-pack",
            COMMISSIONING,
            query="month=1999-01&file_format=pdf",  # not a month worked out: the error page
        ),
        Route(
            "reporting:board-pack-download",
            COMMISSIONING,
            kwargs={"year": today.year, "month": today.month, "file_format": "xlsx"},
        ),
        Route("reporting:returns", COMMISSIONING),
        Route(
            "reporting:return-download",
            COMMISSIONING,
            kwargs={"run_id": run.id, "file_format": "csv"},
        ),
        Route("reporting:denominators", COMMISSIONING),
        Route("reporting:population", COMMISSIONING),
        Route("reporting:cld-validation", COMMISSIONING, kwargs={"run_id": cld_run.id}),
        Route("reporting:cld-validation-csv", COMMISSIONING, kwargs={"run_id": cld_run.id}),
        Route(
            "reporting:return-download",
            COMMISSIONING,
            kwargs={"run_id": cld_run.id, "file_format": "csv"},
        ),
        Route("reporting:targets", COMMISSIONING),
        Route("api:reporting-ni135", DASHBOARD, api=True),
        Route("api:reporting-budget", COMMISSIONING, api=True),
        Route("api:reporting-returns", COMMISSIONING, api=True),
    ]
