"""Reporting API: figures only, no personal data. Views parse input and call selectors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from carers_portal.accounts.api_permissions import HasRole
from carers_portal.accounts.roles import COMMISSIONING_ROLES, DASHBOARD_ROLES
from carers_portal.api_schema import ErrorSerializer
from reporting import rules, selectors, services
from reporting.models import ReturnRun


class PeriodQuerySerializer(serializers.Serializer):
    # "from" is a Python keyword, so the field is renamed on the way in.
    date_from = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
    date_to = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])

    def to_internal_value(self, data):
        # A blank value means "not given", as for every other query parameter in the API.
        renamed = {}
        if data.get("from"):
            renamed["date_from"] = data.get("from")
        if data.get("to"):
            renamed["date_to"] = data.get("to")
        try:
            return super().to_internal_value(renamed)
        except serializers.ValidationError as error:
            detail = error.detail
            raise serializers.ValidationError(
                {
                    {"date_from": "from", "date_to": "to"}.get(key, key): value
                    for key, value in detail.items()
                }
            ) from error

    def validate(self, attrs):
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if (date_from is None) != (date_to is None):
            raise serializers.ValidationError(
                {"from" if date_from is None else "to": "Give both from and to, or neither"}
            )
        if date_from and date_to and date_from > date_to:
            raise serializers.ValidationError({"to": "The to date must be on or after from"})
        return attrs


def _rows(rows: list[dict]) -> list[dict]:
    return [
        {
            "key": row["key"],
            "label": row["label"],
            "assessed": row["assessed"],
            "numerator": row["numerator"],
        }
        for row in rows
    ]


class NI135RowSerializer(serializers.Serializer):
    key = serializers.JSONField(help_text="The team's id, or the band's key")
    label = serializers.CharField()
    assessed = serializers.IntegerField()
    numerator = serializers.IntegerField()


NI135_RESPONSE = inline_serializer(
    name="NI135Report",
    fields={
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "numerator": serializers.IntegerField(),
        "denominator": serializers.IntegerField(allow_null=True),
        "value": serializers.FloatField(allow_null=True),
        "target": serializers.FloatField(allow_null=True),
        "reasons": serializers.ListField(child=serializers.CharField()),
        "as_at": serializers.DateTimeField(
            allow_null=True, help_text="When the records were last counted"
        ),
        "breakdown": inline_serializer(
            name="NI135Breakdown",
            fields={
                "by_kind": serializers.DictField(child=serializers.IntegerField()),
                "carers_assessed": serializers.IntegerField(),
                "identified_carers": serializers.IntegerField(),
                "identified_source": serializers.CharField(),
                "identified_assessed_percent": serializers.FloatField(allow_null=True),
                "by_team": NI135RowSerializer(many=True),
                "by_age_band": NI135RowSerializer(many=True),
                "by_hours_caring": NI135RowSerializer(many=True),
            },
        ),
        "counting_choices": inline_serializer(
            name="NI135CountingChoices",
            fields={
                "counted_kinds": serializers.ListField(child=serializers.CharField()),
                "min_carer_age": serializers.IntegerField(allow_null=True),
                "max_carer_age": serializers.IntegerField(allow_null=True),
            },
        ),
    },
)


class NI135View(APIView):
    """NI135 = 100 x N / D for a period (default: the current financial year)."""

    permission_classes = [HasRole]
    allowed_roles = DASHBOARD_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Give both from and to"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="On or after from"),
        ],
        responses=NI135_RESPONSE,
    )
    def get(self, request: Request) -> Response:
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data.get("date_from"):
            period = rules.Period(
                query.validated_data["date_from"], query.validated_data["date_to"]
            )
        else:
            period = rules.default_period(selectors.today())
        report = selectors.ni135_report(
            period=period, team_ids=selectors.team_scope_for(request.user)
        )
        return Response(
            {
                "from": period.start,
                "to": period.end,
                "numerator": report.result.numerator,
                "denominator": report.result.denominator,
                "value": report.result.value,
                "target": report.target,
                "reasons": report.reasons,
                "as_at": report.as_at,
                "breakdown": {
                    "by_kind": report.by_kind,
                    "carers_assessed": report.assessed,
                    "identified_carers": report.identified_carers,
                    "identified_source": report.identified_source,
                    "identified_assessed_percent": report.identified_assessed_percent,
                    "by_team": _rows(report.by_team),
                    "by_age_band": _rows(report.by_age_band),
                    "by_hours_caring": _rows(report.by_hours),
                },
                "counting_choices": {
                    "counted_kinds": report.choices.counted_kinds(),
                    "min_carer_age": report.choices.min_carer_age,
                    "max_carer_age": report.choices.max_carer_age,
                },
            }
        )


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


def _money(value):
    return None if value is None else f"{value:.2f}"


MONEY = {"allow_null": True, "help_text": "Pounds, two decimal places, as a string"}
PERCENT = {"allow_null": True, "help_text": "Percent of the budget, one decimal place"}
# What each stream, line and "not on a line" row gives (rules.BudgetPosition says what
# each means).
POSITION_MONEY = (
    "committed",
    "committed_contracts",
    "committed_plans",
    "committed_to_date",
    "spent",
    "spent_to_date",
    "forecast",
    "remaining",
    "variance",
)
POSITION_PERCENT = ("percent_committed", "percent_spent", "percent_forecast")


def _position_fields() -> dict:
    return {
        **{name: serializers.CharField(**MONEY) for name in POSITION_MONEY},
        **{name: serializers.FloatField(**PERCENT) for name in POSITION_PERCENT},
    }


BUDGET_RESPONSE = inline_serializer(
    name="BudgetSummary",
    fields={
        "financial_year": serializers.IntegerField(),
        "label": serializers.CharField(),
        "as_at": serializers.DateTimeField(
            allow_null=True, help_text="When the commitments were worked out (overnight)"
        ),
        "total_amount": serializers.CharField(**MONEY),
        "streams": inline_serializer(
            name="BudgetStream",
            many=True,
            fields={
                "key": serializers.CharField(),
                "name": serializers.CharField(),
                "amount": serializers.CharField(**MONEY),
                "allocated": serializers.CharField(**MONEY),
                "unallocated": serializers.CharField(**MONEY),
                **_position_fields(),
                "lines": inline_serializer(
                    name="BudgetStreamLine",
                    many=True,
                    fields={
                        "id": serializers.IntegerField(),
                        "name": serializers.CharField(),
                        "code": serializers.CharField(),
                        "allocated": serializers.CharField(**MONEY),
                        **_position_fields(),
                    },
                ),
                "not_on_a_line": inline_serializer(
                    name="BudgetNotOnALine",
                    allow_null=True,
                    help_text="Commitments naming no line of the stream, or a code it lacks",
                    fields={
                        "unknown_codes": serializers.ListField(child=serializers.CharField()),
                        **_position_fields(),
                    },
                ),
            },
        ),
    },
)


def _percent(value):
    return None if value is None else float(value)


def _position(row: dict) -> dict:
    return {
        **{name: _money(row[name]) for name in POSITION_MONEY},
        **{name: _percent(row[name]) for name in POSITION_PERCENT},
    }


class BudgetView(APIView):
    """Each funding stream and line for the financial year starting in `year`, with the
    commitments the nightly job worked out (the same figures as the budget page)."""

    permission_classes = [HasRole]
    allowed_roles = COMMISSIONING_ROLES

    @extend_schema(parameters=[YearQuerySerializer], responses=BUDGET_RESPONSE)
    def get(self, request: Request) -> Response:
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or rules.financial_year_start(selectors.today())
        summary = selectors.budget_summary_stored(financial_year=year)
        return Response(
            {
                "financial_year": year,
                "label": summary["label"],
                "as_at": summary["as_at"],
                "total_amount": _money(summary["total_amount"]),
                "streams": [
                    {
                        "key": stream["key"],
                        "name": stream["name"],
                        "amount": _money(stream["amount"]),
                        "allocated": _money(stream["allocated"]),
                        "unallocated": _money(stream["unallocated"]),
                        **_position(stream),
                        "lines": [
                            {
                                "id": line["id"],
                                "name": line["name"],
                                "code": line["code"],
                                "allocated": _money(line["allocated"]),
                                **_position(line),
                            }
                            for line in stream["lines"]
                        ],
                        "not_on_a_line": stream["not_on_a_line"]
                        and {
                            "unknown_codes": stream["not_on_a_line"]["unknown_codes"],
                            **_position(stream["not_on_a_line"]),
                        },
                    }
                    for stream in summary["streams"]
                ],
            }
        )


class ReturnRunSerializer(serializers.ModelSerializer):
    csv_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = ReturnRun
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "csv_sha256",
            "xlsx_sha256",
            "first_produced_at",
            "last_produced_at",
            "times_produced",
            "revision",
            "csv_url",
            "xlsx_url",
        ]

    def _url(self, run: ReturnRun, file_format: str) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("reporting:return-download", args=[run.id, file_format])
        )

    def get_csv_url(self, run: ReturnRun) -> str:
        return self._url(run, "csv")

    def get_xlsx_url(self, run: ReturnRun) -> str:
        return self._url(run, "xlsx")


class ReturnRunList(ListAPIView):
    permission_classes = [HasRole]
    allowed_roles = COMMISSIONING_ROLES
    serializer_class = ReturnRunSerializer

    def get_queryset(self):
        return selectors.return_run_list_visible_to(self.request.user)


class BudgetLineWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    allocated = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class BudgetLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stream = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    allocated = serializers.CharField(help_text="Pounds, two decimal places, as a string")
    version = serializers.IntegerField()


class BudgetLineCreate(APIView):
    """POST {stream, name, allocated}: allocate money from a stream. Over-allocation is 400."""

    permission_classes = [HasRole]
    allowed_roles = COMMISSIONING_ROLES

    class InputSerializer(BudgetLineWriteSerializer):
        stream = serializers.IntegerField()
        code = serializers.RegexField(
            rules.BUDGET_LINE_CODE_PATTERN,
            max_length=rules.BUDGET_LINE_CODE_LENGTH,
            required=False,
            help_text="What contracts and plan items name (made from the name when left out)",
        )

    @extend_schema(request=InputSerializer, responses={201: BudgetLineSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        streams = selectors.budget_stream_list_visible_to(request.user)
        if not streams.filter(id=data.validated_data["stream"]).exists():
            raise serializers.ValidationError({"stream": ["No funding stream with that id"]})
        try:
            line = services.budget_line_create(
                stream_id=data.validated_data["stream"],
                name=data.validated_data["name"],
                code=data.validated_data.get("code", ""),
                allocated=data.validated_data["allocated"],
                by=request.user,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(_line_body(line), status=status.HTTP_201_CREATED)


class BudgetLineUpdate(APIView):
    """PATCH {name, allocated, version}: change an allocation. A stale version is 409."""

    permission_classes = [HasRole]
    allowed_roles = COMMISSIONING_ROLES

    class InputSerializer(BudgetLineWriteSerializer):
        version = serializers.IntegerField()

    @extend_schema(
        request=InputSerializer, responses={200: BudgetLineSerializer, 409: ErrorSerializer}
    )
    def patch(self, request: Request, line_id: int) -> Response:
        line = get_object_or_404(selectors.budget_line_list_visible_to(request.user), id=line_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            line = services.budget_line_update(
                line_id=line.id, by=request.user, **data.validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(_line_body(line))


def _line_body(line) -> dict:
    return {
        "id": line.id,
        "stream": line.stream_id,
        "name": line.name,
        "code": line.code,
        "allocated": _money(line.allocated),
        "version": line.version,
    }
