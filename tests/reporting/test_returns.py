import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook

from reporting import rules, services
from reporting.models import MonthlyFigure, ReturnRun
from tests.reporting.factories import AssessmentFactory

D = datetime.date
OCTOBER = rules.month_period(2026, 10)


def test_a_return_rerun_for_the_same_period_gives_identical_files(ni135_world):
    first = services.return_produce(period=OCTOBER)
    second = services.return_produce(period=OCTOBER)
    assert ReturnRun.objects.count() == 1
    assert second.id == first.id
    assert second.times_produced == 2
    assert second.revision == 1
    assert bytes(second.csv_content) == bytes(first.csv_content)
    assert bytes(second.xlsx_content) == bytes(first.xlsx_content)
    assert (second.csv_sha256, second.xlsx_sha256) == (first.csv_sha256, first.xlsx_sha256)


def test_late_records_give_a_new_revision(ni135_world):
    first = services.return_produce(period=OCTOBER)
    AssessmentFactory(
        carer=ni135_world.carers["c3"], completed_on=D(2026, 10, 5), received_specific_service=True
    )
    second = services.return_produce(period=OCTOBER)
    assert second.revision == 2
    assert second.csv_sha256 != first.csv_sha256


def test_the_return_holds_the_year_to_date_indicator_and_the_months_counts(ni135_world):
    AssessmentFactory(
        carer=ni135_world.carers["c3"],
        kind="joint",
        completed_on=D(2026, 10, 5),
        received_information_advice=True,
    )
    run = services.return_produce(period=OCTOBER)
    lines = bytes(run.csv_content).decode().splitlines()
    assert lines[0] == "section,measure,breakdown,value"
    # Year to 31 Oct 2026: c1, c2, c5 and now c3 -> 100 x 4 / 40 = 10.0
    assert "ni135_year_to_date,numerator,,4" in lines
    assert "ni135_year_to_date,value_percent,,10.0" in lines
    assert "month_assessments,carers,joint,1" in lines
    assert "month_assessments,carers,separate,0" in lines
    workbook = load_workbook(io.BytesIO(bytes(run.xlsx_content)))
    rows = {(r[0], r[1], r[2] or ""): r[3] for r in workbook["Return"].iter_rows(values_only=True)}
    assert rows[("ni135_year_to_date", "numerator", "")] == 4
    assert rows[("ni135_year_to_date", "value_percent", "")] == pytest.approx(10.0)
    assert workbook.properties.modified == datetime.datetime(2026, 10, 31)


def test_produce_return_command(ni135_world, capsys):
    call_command("produce_return", "--period", "2026-10")
    call_command("produce_return", "--period", "2026-10")
    run = ReturnRun.objects.get()
    assert run.times_produced == 2
    assert run.csv_sha256 in capsys.readouterr().out


def test_produce_return_command_refuses_a_bad_period(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("produce_return", "--period", "October")


def test_nightly_job_computes_figures_and_produces_last_months_return_once(ni135_world):
    today = D(2026, 11, 23)
    services.reporting_nightly(today=today)
    services.reporting_nightly(today=today)
    run = ReturnRun.objects.get(kind=ReturnRun.ReturnKind.MONTHLY)
    assert run.period_start == D(2026, 10, 1)
    assert run.times_produced == 1
    # After the quarter ending 30 September 2026: its CLD return, once, for the 12 months.
    cld = ReturnRun.objects.get(kind=ReturnRun.ReturnKind.CLD)
    assert (cld.period_start, cld.period_end) == (D(2025, 10, 1), D(2026, 9, 30))
    assert cld.times_produced == 1 and cld.figures["quarter"] == "2026-Q2"
    november = MonthlyFigure.objects.get(month=D(2026, 11, 1), key="ni135_value", team=None)
    assert november.value == Decimal("7.50")
    assert MonthlyFigure.objects.filter(month=D(2026, 10, 1), key="ni135_numerator").exists()
    # Re-running replaced the rows rather than adding more.
    assert MonthlyFigure.objects.filter(month=D(2026, 11, 1), key="ni135_value").count() == 1


def test_monthly_figures_by_team(ni135_world):
    services.figures_refresh(month=rules.month_period(2026, 8), today=D(2026, 11, 23))
    figures = dict(
        MonthlyFigure.objects.filter(
            month=D(2026, 8, 1), key="ni135_numerator", team__isnull=False
        ).values_list("team__name", "value")
    )
    # Year to 31 Aug: team X c1, c2, c5; team Y none supported.
    assert figures == {"Reporting Team X": Decimal("3.00"), "Reporting Team Y": Decimal("0.00")}


def test_the_nightly_job_is_scheduled_at_0315_london_time(db):
    task = PeriodicTask.objects.get(task="reporting.tasks.reporting_nightly_task")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "15")
    assert str(task.crontab.timezone) == "Europe/London"


def test_commissioners_download_the_files(ni135_world, world, client_for):
    run = services.return_produce(period=OCTOBER)
    client = client_for(world.user("commissioner"))
    response = client.get(reverse("reporting:return-download", args=[run.id, "xlsx"]))
    assert response.status_code == 200
    assert response.content == bytes(run.xlsx_content)
    assert 'filename="monthly_carers_2026-10.xlsx"' in response["Content-Disposition"]
    assert client.get(reverse("reporting:return-download", args=[run.id, "pdf"])).status_code == 404
    listing = client.get(reverse("api:reporting-returns")).json()
    assert listing["results"][0]["csv_sha256"] == run.csv_sha256


def test_asking_for_a_return_queues_it_after_commit(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "reporting.tasks.return_produce_task.delay", lambda period: queued.append(period)
    )
    client = client_for(world.user("commissioner"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:returns"), {"month": "2026-09"})
    assert response.status_code == 302
    assert queued == ["2026-09"]
    response = client.post(reverse("reporting:returns"), {"month": "Sept"})
    assert "Select a month that is in the list" in response.content.decode()


def _add_runs(first: int, count: int) -> None:
    for month in range(first, first + count):
        year, index = divmod(month, 12)
        ReturnRun(
            period_start=D(2000 + year, index + 1, 1),
            period_end=D(2000 + year, index + 1, 28),
            csv_content=b"",
            xlsx_content=b"",
            first_produced_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            last_produced_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        ).save()


def test_returns_list_queries_do_not_grow_with_rows(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.user("commissioner"))
    counts = []
    for first, count in ((0, 3), (3, 27)):
        _add_runs(first, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reporting:returns")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_failed_run_leaves_no_half_written_return(ni135_world, monkeypatch):
    first = services.return_produce(period=OCTOBER)
    AssessmentFactory(
        carer=ni135_world.carers["c3"], completed_on=D(2026, 10, 5), received_specific_service=True
    )

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reporting.services.returns.return_xlsx", broken)
    with pytest.raises(OSError):
        services.return_produce(period=OCTOBER)
    with pytest.raises(OSError):
        services.return_produce(period=rules.month_period(2026, 9))
    run = ReturnRun.objects.get()
    assert (run.csv_sha256, run.times_produced, run.revision) == (first.csv_sha256, 1, 1)


def test_the_task_retries_database_and_file_errors():
    from django.db import DatabaseError

    from reporting.tasks import reporting_nightly_task, return_produce_task

    for task in (return_produce_task, reporting_nightly_task):
        assert set(task.autoretry_for) == {DatabaseError, OSError}
        assert task.max_retries == 5


def test_current_month_figures_carry_breaches_and_directory_freshness(db):
    from tests.reporting.factories import ServiceFactory
    from tests.triage.factories import ReferralFactory

    today = D(2026, 11, 23)
    # Received six weeks ago and still not triaged: past every triage time limit.
    ReferralFactory(
        received_at=datetime.datetime(2026, 10, 12, 10, 0, tzinfo=datetime.UTC),
        status="awaiting_triage",
    )
    ReferralFactory(received_at=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC))
    ServiceFactory(last_verified_on=None)
    ServiceFactory(last_verified_on=D(2026, 9, 1))
    services.figures_refresh(month=rules.month_period(2026, 11), today=today)
    values = dict(
        MonthlyFigure.objects.filter(month=D(2026, 11, 1), team=None).values_list("key", "value")
    )
    assert values["referrals_breached"] == 1
    assert (values["directory_services"], values["directory_stale"]) == (2, 1)
    # A finished month does not record "as now" figures.
    services.figures_refresh(month=rules.month_period(2026, 10), today=today)
    assert not MonthlyFigure.objects.filter(month=D(2026, 10, 1), key="referrals_breached").exists()


def test_month_figures_carry_emergency_card_activations(world):
    from emergency_cards.models import Activation
    from tests.emergency_cards.factories import plan_for

    plan = plan_for(world.carer_a)
    for day, what in ((3, "hospital_admission"), (20, "other")):
        Activation.objects.create(
            plan=plan,
            occurred_at=datetime.datetime(2026, 10, day, 22, 0, tzinfo=datetime.UTC),
            caller_name="PC Smith",
            caller_type="emergency_services",
            what_happened=what,
            outcome="Daughter came round",
            recorded_by=world.user("responder"),
        )
    services.figures_refresh(month=OCTOBER, today=D(2026, 11, 23))
    values = dict(
        MonthlyFigure.objects.filter(month=D(2026, 10, 1), team=None).values_list("key", "value")
    )
    assert values["activations_count"] == 2
    assert values["activations_hospital_admissions"] == 1
