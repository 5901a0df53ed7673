"""Demo directory: about 25 carer support services from 10 providers, with contracts on each
funding stream, a few stale entries and one service at capacity. Safe to run again."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from faker import Faker

from carers_portal.budget_lines import code_if_known
from services_directory import services
from services_directory.models import (
    Contact,
    Contract,
    CostOption,
    FundingStream,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services_directory.taxonomy import ensure_carer_support_taxonomy

PROVIDERS = [
    (
        "Shireborough Carers Hub",
        "The council's commissioned carers' support provider and single point of entry for adult carers.",
    ),
    ("Young Carers Shireborough", "Support, clubs and breaks for young carers aged 5 to 17."),
    (
        "Age Friendly Shireborough",
        "Information, advice and activities for older people and the people who care for them.",
    ),
    ("Dementia Support East", "Specialist advice and groups for families living with dementia."),
    ("Mind in Shireborough", "Mental health support, counselling and wellbeing courses."),
    (
        "Parent Carer Forum Shireborough",
        "A network of parents caring for disabled children and young people.",
    ),
    (
        "Careline Community Alarms",
        "Telecare, alarms and assistive technology for people living at home.",
    ),
    (
        "Crossroads Breaks Partnership",
        "Replacement care and short breaks so carers can have time for themselves.",
    ),
    (
        "Citizens Advice Shireborough",
        "Free, independent advice on benefits, money, work and rights.",
    ),
    (
        "Shireborough County Council Adult Social Care",
        "The council's own services for adults and carers.",
    ),
]

# (name, provider index, term codes, min age, max age, areas, carer types, description)
SERVICES = [
    (
        "Carers single point of entry",
        0,
        ["information-and-advice", "helpline"],
        18,
        None,
        [],
        [],
        "One phone number and web form for every adult carer: we listen, give advice and refer you for a carer's assessment.",
    ),
    (
        "Carers information and advice service",
        0,
        ["information-and-advice"],
        18,
        None,
        [],
        [],
        "Help to understand your rights as a carer, Carer's Allowance and the support available locally.",
    ),
    (
        "Carers emotional support line",
        0,
        ["emotional-support", "helpline"],
        18,
        None,
        [],
        [],
        "Talk to a trained listener about how caring is affecting you, evenings and weekends included.",
    ),
    (
        "Think Carer awareness training",
        0,
        ["think-carer", "training-to-care"],
        18,
        None,
        [],
        [],
        "Training for GP practices, employers and council staff to recognise and support unpaid carers.",
    ),
    (
        "Emergency card and contingency planning",
        0,
        ["emergency-planning"],
        18,
        None,
        [],
        [],
        "Make a plan for what happens if you cannot care in an emergency, and get a carer's emergency card.",
    ),
    (
        "Carers peer support groups",
        0,
        ["peer-support", "emotional-support"],
        18,
        None,
        ["NR1", "NR2", "NR3"],
        [],
        "Monthly groups in Shireborough town where carers meet, share tips and support each other.",
    ),
    (
        "Young carers club",
        1,
        ["peer-support", "short-breaks"],
        5,
        17,
        [],
        ["young"],
        "Weekly clubs, trips and activities where young carers can have fun and meet others in the same situation.",
    ),
    (
        "Young adult carers transition support",
        1,
        ["information-and-advice", "emotional-support"],
        16,
        25,
        [],
        ["young_adult"],
        "One-to-one support for young adult carers moving into college, work or independent living.",
    ),
    (
        "Young carers in schools",
        1,
        ["think-carer"],
        5,
        18,
        [],
        ["young"],
        "Helps schools identify young carers and put support in place.",
    ),
    (
        "Older carers befriending",
        2,
        ["emotional-support", "practical-support"],
        65,
        None,
        [],
        ["older"],
        "A regular visit or phone call from a volunteer befriender for carers aged 65 and over.",
    ),
    (
        "Staying well as a carer course",
        2,
        ["training-to-care"],
        50,
        None,
        [],
        [],
        "A six-week course on looking after your own health while caring.",
    ),
    (
        "Dementia carers advice service",
        3,
        ["information-and-advice"],
        None,
        None,
        [],
        [],
        "Specialist dementia advisers for families at any stage, from diagnosis onwards.",
    ),
    (
        "Dementia cafe",
        3,
        ["peer-support", "short-breaks"],
        None,
        None,
        ["NR4", "NR5"],
        [],
        "A relaxed monthly cafe for people living with dementia and the people who care for them.",
    ),
    (
        "Carers counselling",
        4,
        ["emotional-support"],
        18,
        None,
        [],
        [],
        "Up to 8 free counselling sessions for carers, in person, by phone or online.",
    ),
    (
        "Caring for someone with mental ill health course",
        4,
        ["training-to-care"],
        18,
        None,
        [],
        [],
        "Understand mental health conditions, services and how to look after yourself.",
    ),
    (
        "Parent carer network",
        5,
        ["peer-support", "information-and-advice"],
        None,
        None,
        [],
        ["parent"],
        "Coffee mornings, newsletters and a voice for parent carers in local services.",
    ),
    (
        "Telecare and community alarms",
        6,
        ["assistive-technology", "emergency-planning"],
        None,
        None,
        [],
        [],
        "A pendant alarm and sensors linked to a 24-hour response centre.",
    ),
    (
        "Technology to help you care",
        6,
        ["assistive-technology", "practical-support"],
        None,
        None,
        [],
        [],
        "Try out reminders, door sensors and video calling devices at our smart flat.",
    ),
    (
        "Replacement care sitting service",
        7,
        ["respite-and-replacement-care", "short-breaks"],
        None,
        None,
        [],
        [],
        "A trained care worker sits with the person you care for so you can take a few hours off.",
    ),
    (
        "Carers short breaks grant",
        7,
        ["short-breaks", "direct-payments"],
        18,
        None,
        [],
        [],
        "A one-off grant of up to £300 towards a break that helps you carry on caring.",
    ),
    (
        "Overnight respite stays",
        7,
        ["respite-and-replacement-care"],
        18,
        None,
        [],
        [],
        "Planned overnight stays for the person you care for in a registered care home.",
    ),
    (
        "Benefits and money advice for carers",
        8,
        ["information-and-advice", "practical-support"],
        None,
        None,
        [],
        [],
        "Check you receive everything you are entitled to, including Carer's Allowance and Council Tax reductions.",
    ),
    (
        "Working carers advice",
        8,
        ["information-and-advice"],
        18,
        None,
        [],
        ["working"],
        "Advice on flexible working, carer's leave and talking to your employer.",
    ),
    (
        "Direct payments for carers",
        9,
        ["direct-payments"],
        18,
        None,
        [],
        [],
        "Money from the council to arrange support that meets your needs as a carer, after a carer's assessment.",
    ),
    (
        "Carers wellbeing payments",
        9,
        ["direct-payments", "practical-support"],
        18,
        None,
        [],
        [],
        "A small annual payment towards something that supports your wellbeing, such as a gym membership or a laptop.",
    ),
]

# (reference, service name, funding stream, value per year). Sized to the seed budget: about
# £500,000 a year commissions the single point of entry and local services from the base
# (£360,000) and Care Act (£150,000) allocations, and Think Carer work stays within its
# £10,000 reserve. The £300,000 transitional fund was for 2017/18 only.
CONTRACTS = [
    ("SCC-CAR-0001", "Carers single point of entry", FundingStream.BASE_BUDGET, Decimal("290000")),
    (
        "SCC-CAR-0002",
        "Carers information and advice service",
        FundingStream.CARE_ACT,
        Decimal("45000"),
    ),
    (
        "SCC-CAR-0003",
        "Think Carer awareness training",
        FundingStream.THINK_CARER_RESERVE,
        Decimal("6000"),
    ),
    ("SCC-CAR-0004", "Young carers club", FundingStream.BASE_BUDGET, Decimal("40000")),
    (
        "SCC-CAR-0005",
        "Young adult carers transition support",
        FundingStream.CARE_ACT,
        Decimal("18000"),
    ),
    ("SCC-CAR-0006", "Replacement care sitting service", FundingStream.CARE_ACT, Decimal("25000")),
    ("SCC-CAR-0007", "Carers counselling", FundingStream.BASE_BUDGET, Decimal("22000")),
    (
        "SCC-CAR-0008",
        "Emergency card and contingency planning",
        # Set up from the 2017/18 transitional fund; shown so every stream has a contract.
        FundingStream.TRANSITIONAL_FUND,
        Decimal("15000"),
    ),
    (
        "SCC-CAR-0009",
        "Young carers in schools",
        FundingStream.THINK_CARER_RESERVE,
        Decimal("3000"),
    ),
]

# The seed budget's lines (reporting migration 0007); the transitional fund has none this year.
DEMO_LINE_CODES = {
    FundingStream.BASE_BUDGET: "SPOE-BASE",
    FundingStream.CARE_ACT: "SPOE-CA",
    FundingStream.THINK_CARER_RESERVE: "TC-MATERIALS",
}

STALE = {"Dementia cafe", "Technology to help you care", "Carers wellbeing payments"}
AT_CAPACITY = "Carers counselling"


@transaction.atomic
def seed(*, stdout) -> None:
    fake = Faker("en_GB")
    Faker.seed(2026)
    today = timezone.localdate()
    ensure_carer_support_taxonomy(Taxonomy, TaxonomyTerm)
    terms = {term.code: term for term in TaxonomyTerm.objects.all()}
    organisations = []
    for name, description in PROVIDERS:
        org = Organisation.objects.filter(name=name).first()
        if org is None:
            slug = name.lower().replace(" ", "")[:20]
            org = services.organisation_save(
                organisation=Organisation(
                    name=name,
                    description=description,
                    email=f"hello@{slug}.example.org",
                    website=f"https://{slug}.example.org",
                )
            )
        organisations.append(org)

    created = 0
    for index, (
        name,
        org_index,
        codes,
        min_age,
        max_age,
        areas,
        carer_types,
        description,
    ) in enumerate(SERVICES):
        # Drawn for every row, created or not, so reruns give the same details.
        phone = fake.phone_number()
        street = fake.street_address()
        district = f"NR{1 + index % 14}"
        postcode = f"{district} {fake.random_int(1, 9)}{fake.random_uppercase_letter()}{fake.random_uppercase_letter()}"
        if Service.objects.filter(name=name).exists():
            continue
        org = organisations[org_index]
        if name in STALE:
            verified = today - datetime.timedelta(days=400 + 30 * index)
        else:
            verified = today - datetime.timedelta(days=20 + 7 * index)
        service = services.service_save(
            service=Service(
                organisation=org,
                name=name,
                description=description,
                url=org.website,
                email=org.email,
                minimum_age=min_age,
                maximum_age=max_age,
                areas=areas,
                carer_types=carer_types,
                eligibility_description=(
                    "After a carer's assessment" if "payments" in name.lower() else ""
                ),
                capacity=40 if name == AT_CAPACITY else (120 if index % 3 == 0 else None),
                uptake=40 if name == AT_CAPACITY else (35 + index if index % 3 == 0 else 0),
                last_verified_on=verified,
            )
        )
        service.taxonomy_terms.set([terms[code] for code in codes])
        contact = Contact.objects.create(
            service=service, name=org.name, title="Duty team", email=org.email
        )
        Phone.objects.create(contact=contact, number=phone, description="Main line")
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday="MO,TU,WE,TH,FR",
            opens_at=datetime.time(9, 0),
            closes_at=datetime.time(17, 0),
            description="Monday to Friday",
        )
        if "course" in name.lower() or "club" in name.lower():
            CostOption.objects.create(
                service=service,
                option="Per session",
                amount=Decimal("0.00"),
                amount_description="Free to carers",
            )
        location, _ = Location.objects.get_or_create(
            name=f"{org.name} centre",
            defaults={
                "organisation": org,
                "address_1": street,
                "city": "Shireborough",
                "state_province": "Shireborough",
                "postal_code": postcode,
            },
        )
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
        created += 1

    by_name = {
        service.name: service
        for service in Service.objects.filter(name__in=[c[1] for c in CONTRACTS])
    }
    contracts = 0
    for reference, service_name, stream, value in CONTRACTS:
        if Contract.objects.filter(reference=reference).exists() or service_name not in by_name:
            continue
        services.contract_create(
            service=by_name[service_name],
            reference=reference,
            value_per_year=value,
            start_date=datetime.date(2025, 4, 1),
            end_date=datetime.date(2028, 3, 31),
            funding_stream=stream,
            budget_line_code=code_if_known(
                funding_stream=stream, code=DEMO_LINE_CODES.get(stream, "")
            ),
        )
        contracts += 1
    stdout.write(f"Services directory: {created} services and {contracts} contracts added")
