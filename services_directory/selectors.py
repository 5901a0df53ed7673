"""Reads for the services directory. Every list and detail view starts from these."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone

from carers_portal.accounts.roles import COMMISSIONING_ROLES
from services_directory import rules
from services_directory.models import (
    Contact,
    Contract,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

# Shown to the public: a temporarily closed service is still worth knowing about.
PUBLIC_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


def stale_after_months() -> int:
    return getattr(settings, "DIRECTORY_STALE_AFTER_MONTHS", rules.DEFAULT_STALE_AFTER_MONTHS)


def with_freshness(
    queryset: QuerySet[Service], *, today: datetime.date | None = None
) -> QuerySet[Service]:
    """Annotate `is_stale` and `is_at_capacity` in SQL, the same rules as rules.py."""
    cutoff = rules.stale_cutoff(
        today=today or timezone.localdate(), stale_after_months=stale_after_months()
    )
    return queryset.annotate(
        is_stale=Case(
            When(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=cutoff), then=True),
            default=False,
            output_field=BooleanField(),
        ),
        is_at_capacity=Case(
            When(capacity__isnull=False, uptake__gte=F("capacity"), then=True),
            default=False,
            output_field=BooleanField(),
        ),
    )


def _summary_queryset(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return with_freshness(
        queryset.select_related("organisation").prefetch_related(
            Prefetch(
                "taxonomy_terms",
                queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by(
                    "position", "name"
                ),
            )
        )
    )


def _filter(
    queryset: QuerySet[Service],
    *,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    taxonomy_id: uuid.UUID | str | None = None,
    age: int | None = None,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    postcode_district: str | None = None,
) -> QuerySet[Service]:
    search = search.strip()
    if search:
        term_matches = TaxonomyTerm.objects.filter(services=OuterRef("pk"), name__icontains=search)
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organisation__name__icontains=search)
            | Exists(term_matches)
        )
    if term_id:
        queryset = queryset.filter(
            Exists(TaxonomyTerm.objects.filter(services=OuterRef("pk"), id=term_id))
        )
    if taxonomy_id:
        queryset = queryset.filter(
            Exists(TaxonomyTerm.objects.filter(services=OuterRef("pk"), taxonomy_id=taxonomy_id))
        )
    if age is not None:
        queryset = queryset.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
    # ORUK v3 openapi.json: "services with a minimum age of at least" / "a maximum age equal
    # to or below" the value; a service with no limit has no such age, so it is left out.
    if minimum_age is not None:
        queryset = queryset.filter(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        queryset = queryset.filter(maximum_age__lte=maximum_age)
    if postcode_district:
        district = rules.postcode_district(postcode_district) or postcode_district.upper()
        # No areas listed means the whole council area.
        queryset = queryset.filter(Q(areas=[]) | Q(areas__contains=[district]))
    return queryset


def service_list_visible_to(user) -> QuerySet[Service]:
    """THE scope for services: managers see every service, everyone else (including the
    public) sees the ones that are running or temporarily closed."""
    queryset = Service.objects.all()
    if not (getattr(user, "is_authenticated", False) and user.role in COMMISSIONING_ROLES):
        queryset = queryset.filter(status__in=PUBLIC_STATUSES)
    return queryset


def service_list_public(
    *,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    postcode_district: str | None = None,
    age: int | None = None,
) -> QuerySet[Service]:
    return _summary_queryset(
        _filter(
            Service.objects.filter(status__in=PUBLIC_STATUSES),
            search=search,
            term_id=term_id,
            postcode_district=postcode_district,
            age=age,
        )
    ).order_by("name", "id")


def service_list_for_support_planning(
    *,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    age: int | None = None,
    postcode_district: str | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Service]:
    """Active services a plan can point a carer to, with `is_stale` and `is_at_capacity`.

    The one match of a person (age, postcode) against the directory's published criteria;
    support plans search through it.
    """
    return with_freshness(
        _filter(
            Service.objects.filter(status=ServiceStatus.ACTIVE),
            search=search,
            term_id=term_id,
            age=age,
            postcode_district=postcode_district,
        ).select_related("organisation"),
        today=today,
    ).order_by("name", "id")


def service_get_for_support_planning(
    *, service_id: uuid.UUID | str, age: int | None = None, postcode_district: str | None = None
) -> Service | None:
    """One service from `service_list_for_support_planning`, or None (also for a bad id)."""
    try:
        uuid.UUID(str(service_id))
    except ValueError:
        return None
    return (
        service_list_for_support_planning(age=age, postcode_district=postcode_district)
        .filter(pk=service_id)
        .first()
    )


def category_list() -> QuerySet[TaxonomyTerm]:
    """The top-level types of support, for a search's "Type of support" list."""
    return TaxonomyTerm.objects.filter(parent__isnull=True).order_by("position", "name")


def service_list_for_api(
    *,
    user,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    postcode_district: str | None = None,
) -> QuerySet[Service]:
    return _summary_queryset(
        _filter(
            service_list_visible_to(user),
            search=search,
            term_id=term_id,
            postcode_district=postcode_district,
        )
    ).order_by("name", "id")


def service_detail_queryset(base: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Everything a service page or the ORUK /services/{id} needs, in a fixed number of queries."""
    base = Service.objects.all() if base is None else base
    return _summary_queryset(base).prefetch_related(
        Prefetch(
            "contacts",
            queryset=Contact.objects.order_by("name").prefetch_related(
                Prefetch("phones", queryset=Phone.objects.order_by("number"))
            ),
        ),
        Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
        "cost_options",
        Prefetch("contracts", queryset=Contract.objects.order_by("start_date", "reference")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by(
                "location__name"
            ),
        ),
    )


def service_get(*, service_id: uuid.UUID | str) -> Service | None:
    """One active or temporarily closed service with everything about it, or None."""
    try:
        return service_detail_queryset(Service.objects.filter(status__in=PUBLIC_STATUSES)).get(
            id=service_id
        )
    except (Service.DoesNotExist, ValueError, ValidationError):
        return None


def service_list_needing_attention() -> QuerySet[Service]:
    """Services to re-check with the provider or to discuss with it: stale or full."""
    return (
        _summary_queryset(Service.objects.exclude(status=ServiceStatus.DEFUNCT))
        .filter(Q(is_stale=True) | Q(is_at_capacity=True))
        .order_by("last_verified_on", "name", "id")
    )


def contract_list() -> QuerySet[Contract]:
    return Contract.objects.select_related("service__organisation").order_by("reference")


def taxonomy_list() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "id")


def taxonomy_term_list(*, taxonomy_id: uuid.UUID | str | None = None) -> QuerySet[TaxonomyTerm]:
    queryset = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
        "position", "name", "id"
    )
    if taxonomy_id:
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    return queryset


def service_at_location_list(
    *,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    taxonomy_id: uuid.UUID | str | None = None,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    postcode: str = "",
) -> QuerySet[ServiceAtLocation]:
    """ORUK: `postcode` keeps services whose service areas cover that postcode."""
    postcode = postcode.strip()
    district = rules.postcode_district(postcode) if postcode else None
    services = _filter(
        Service.objects.filter(status__in=PUBLIC_STATUSES),
        search=search,
        term_id=term_id,
        taxonomy_id=taxonomy_id,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        postcode_district=district,
    )
    if postcode and district is None:
        services = services.none()
    return (
        ServiceAtLocation.objects.filter(service__in=services)
        .select_related("location")
        .order_by("location__name", "id")
    )


def service_list_oruk(
    *,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    taxonomy_id: uuid.UUID | str | None = None,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
) -> QuerySet[Service]:
    """The public ORUK feed: the same services the public directory shows."""
    return _summary_queryset(
        _filter(
            Service.objects.filter(status__in=PUBLIC_STATUSES),
            search=search,
            term_id=term_id,
            taxonomy_id=taxonomy_id,
            minimum_age=minimum_age,
            maximum_age=maximum_age,
        )
    ).order_by("name", "id")
