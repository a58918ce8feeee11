"""A fictional combined authority: councils, schools and their places. Deterministic per seed.

Every name here is invented. LA codes 991-996 and URNs from 900001 are outside the ranges
GIAS uses, so demo data can never be mistaken for a real establishment.
"""

import datetime
import random

from schools_platform.registry.models import Authority, School

COUNCILS = [
    ("991", "Ashdown", ["Ashdown Central", "Kiln Lane", "Riverside", "St Bede's"]),
    ("992", "Brackenmoor", ["Brackenmoor North", "Hollins", "Moorside", "Tanyard"]),
    ("993", "Calder Vale", ["Calder", "Foxhollow", "Millbrook", "Weir End"]),
    ("994", "Dunmere", ["Dunmere Docks", "Eastgate", "Larkfield", "Old Quay"]),
    ("995", "Elmsworth", ["Elmsworth Park", "Greenacre", "Pennyfold", "Upper Elm"]),
    ("996", "Fernhill", ["Fernhill Village", "Harrow Cross", "Nettlebank", "Wych Green"]),
]
AREAS = {
    "991": "Ashdown district",
    "992": "Brackenmoor district",
    "993": "Calder district",
    "994": "Dunmere district",
    "995": "Elmsworth district",
    "996": "Fernhill district",
}

# (phase, share, type, low age, high age, pupil range)
PHASES = [
    ("Primary", 0.72, "Community school", 4, 11, (120, 480)),
    ("Primary", 0.0, "Voluntary aided school", 4, 11, (90, 420)),
    ("Secondary", 0.16, "Academy converter", 11, 18, (600, 1600)),
    ("Nursery", 0.04, "LA nursery school", 2, 5, (40, 120)),
    ("Not applicable", 0.05, "Community special school", 3, 19, (40, 220)),
    ("16 plus", 0.03, "Academy 16-19 sponsor led", 16, 19, (200, 900)),
]
FIRST = [
    "Alder",
    "Beacon",
    "Bramble",
    "Cedar",
    "Clover",
    "Copper Beech",
    "Dale",
    "Elder",
    "Falcon",
    "Foxglove",
    "Hawthorn",
    "Heron",
    "Holly",
    "Juniper",
    "Kestrel",
    "Lark",
    "Linden",
    "Maple",
    "Meadow",
    "Oakfield",
    "Orchard",
    "Otter",
    "Poplar",
    "Rowan",
    "Sandpiper",
    "Sycamore",
    "Thistle",
    "Willow",
    "Wren",
    "Yew Tree",
]
SAINTS = [
    "St Aidan's",
    "St Brigid's",
    "St Cuthbert's",
    "St Hilda's",
    "St Mary’s",
    "St Oswald's",
    "St Chad's",
    "Our Lady's",
    "Holy Trinity",
    "All Saints'",
]
STREETS = [
    "Mill Road",
    "Church Lane",
    "School Street",
    "Station Road",
    "Park Avenue",
    "Chapel Walk",
    "Victoria Road",
    "Hill Rise",
    "Orchard Way",
    "Brook Close",
]

SCALES = {"small": 48, "large": 600}
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postcode(rng: random.Random) -> str:
    # ZZ99 is the "no fixed abode" pseudo-postcode; ZZ areas are never real addresses.
    letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
    return f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}{letters}"


def _school_name(rng: random.Random, phase: str, type_: str, ward: str, used: set) -> str:
    while True:
        if "aided" in type_:
            stem = f"{rng.choice(SAINTS)} Catholic"
        elif rng.random() < 0.25:
            stem = ward
        else:
            stem = rng.choice(FIRST)
        suffix = {
            "Primary": rng.choice(["Primary School", "Community Primary School", "Junior School"]),
            "Secondary": rng.choice(["Academy", "High School", "School"]),
            "Nursery": "Nursery School",
            "Not applicable": "Special School",
            "16 plus": "Sixth Form College",
        }[phase]
        name = f"{stem} {suffix}"
        if name not in used:
            used.add(name)
            return name
        stem = f"{stem} {ward}"
        name = f"{stem} {suffix}"
        if name not in used:
            used.add(name)
            return name


def seed_registry(*, rng: random.Random, scale: str) -> tuple[list[Authority], list[School]]:
    authorities = []
    for code, name, _wards in COUNCILS:
        authority, _ = Authority.objects.update_or_create(
            la_code=code, defaults={"name": f"{name} Council"}
        )
        authorities.append(authority)
    total = SCALES[scale]
    weights = [p[1] for p in PHASES]
    used: set[str] = set()
    schools = []
    for i in range(total):
        authority = authorities[i % len(authorities)]
        wards = COUNCILS[i % len(authorities)][2]
        phase, _share, type_, low, high, pupils = rng.choices(PHASES, weights=weights)[0]
        if phase == "Primary" and rng.random() < 0.2:
            type_ = "Voluntary aided school"
        ward = rng.choice(wards)
        opened = datetime.date(rng.randint(1950, 2020), rng.choice([1, 4, 9]), 1)
        closed = None
        status = "Open"
        if rng.random() < 0.03:
            closed = datetime.date(rng.randint(2021, 2025), 8, 31)
            status = "Closed"
        schools.append(
            School(
                urn=900001 + i,
                name=_school_name(rng, phase, type_, ward, used),
                authority=authority,
                establishment_number=f"{2000 + i:04d}",
                type_of_establishment=type_,
                type_group="Academies"
                if "Academy" in type_
                else "Local authority maintained schools",
                phase=phase,
                status=status,
                opened_on=opened,
                closed_on=closed,
                statutory_low_age=low,
                statutory_high_age=high,
                number_of_pupils=rng.randint(*pupils),
                street=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                town=COUNCILS[i % len(authorities)][1],
                postcode=_postcode(rng),
                ward=ward,
                area=AREAS[authority.la_code],
            )
        )
    School.objects.bulk_create(
        schools,
        update_conflicts=True,
        unique_fields=["urn"],
        update_fields=[f.name for f in School._meta.concrete_fields if f.name not in ("id", "urn")],
        batch_size=500,
    )
    return authorities, list(School.objects.filter(urn__gte=900001).order_by("urn"))


DEMO_ORDER = 10


def seed(context) -> list[str]:
    """The demo's councils and schools (updated in place on a rerun)."""
    context.authorities, context.schools = seed_registry(rng=context.rng, scale=context.scale)
    return [f"{len(context.authorities)} councils", f"{len(context.schools)} schools"]
