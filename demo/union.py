"""Demo data for the mentoring screens: Lào Cai's union tree, a few thousand members, trainings
with attendance, activities, teams and the plan's targets, and the demo mentor and staff.

Called from `load_demo_data` after the catalogue and accounts. Safe to run again: units are
found by code, members by member number, trainings, activities and teams by unit, title and
date (or name), so a second run adds nothing. Members are invented: names are drawn from
common family, middle and given names of each ethnic group with a fixed seed, and phones use
the fake sequential range 09000010…, like the demo producers'.
"""

import datetime
import random

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import User
from core.places import LAO_CAI_DISTRICTS
from core.slugs import ascii_slugify
from demo import shop
from mentoring import services
from mentoring.models import (
    Activity,
    Attendance,
    Indicator,
    Member,
    OrgUnit,
    OrgUnitRole,
    Target,
    Team,
    Topic,
    TrainingSession,
    TriState,
)
from mentoring.reporting import funnel, kpi
from mentoring.selectors import today
from producers.models import Producer

STAFF_GROUP = "Provincial staff (mentoring)"  # created by mentoring 0002_mentors_group
OPENED_ON = datetime.date(2020, 1, 1)
PROVINCE_CODE = "lc"
DIRECT = ("lc-khoi-cq-dn", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh")
DIRECT_GRASSROOTS = [
    "Đoàn cơ sở Sở Nông nghiệp và Phát triển nông thôn",
    "Đoàn cơ sở Sở Văn hóa, Thể thao và Du lịch",
    "Đoàn cơ sở Bưu điện tỉnh",
]
# Wards and towns get "Đoàn phường" / "Đoàn thị trấn"; every other commune "Đoàn xã".
WARDS = {"Cốc Lếu", "Duyên Hải", "Kim Tân", "Bắc Cường", "Cam Đường", "Sa Pa"}
TOWNS = {"Phố Lu", "Phố Ràng", "Khánh Yên", "Bắc Hà", "Mường Khương"}

# Share of members per district-level union (bigger towns, bigger rosters).
WEIGHTS = {
    "Thành phố Lào Cai": 14,
    "Thị xã Sa Pa": 10,
    "Bát Xát": 11,
    "Mường Khương": 9,
    "Si Ma Cai": 7,
    "Bắc Hà": 10,
    "Bảo Thắng": 12,
    "Bảo Yên": 11,
    "Văn Bàn": 11,
    DIRECT[1]: 5,
}
ETHNICITIES = {  # (group, weight) per district-level union
    "Thành phố Lào Cai": [("Kinh", 7), ("Tày", 1), ("Giáy", 1), ("Dao", 1)],
    "Thị xã Sa Pa": [("H'Mông", 5), ("Dao", 3), ("Giáy", 1), ("Kinh", 2)],
    "Bát Xát": [("H'Mông", 3), ("Dao", 3), ("Hà Nhì", 1), ("Giáy", 1), ("Kinh", 1)],
    "Mường Khương": [("H'Mông", 4), ("Nùng", 3), ("Kinh", 1), ("Dao", 1)],
    "Si Ma Cai": [("H'Mông", 8), ("Nùng", 1), ("Kinh", 1)],
    "Bắc Hà": [("H'Mông", 5), ("Tày", 2), ("Dao", 1), ("Nùng", 1), ("Kinh", 1)],
    "Bảo Thắng": [("Kinh", 5), ("Tày", 2), ("Dao", 2), ("Giáy", 1)],
    "Bảo Yên": [("Tày", 4), ("Kinh", 3), ("Dao", 2), ("H'Mông", 1)],
    "Văn Bàn": [("Tày", 4), ("Kinh", 2), ("Dao", 2), ("H'Mông", 2)],
    DIRECT[1]: [("Kinh", 7), ("Tày", 2), ("Giáy", 1)],
}
FAMILY = {
    "Kinh": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"],
    "H'Mông": ["Giàng", "Thào", "Sùng", "Vàng", "Lý", "Hạng", "Mua", "Lầu", "Sình"],
    "Dao": ["Bàn", "Triệu", "Tẩn", "Phàn", "Chảo", "Lý", "Đặng"],
    "Tày": ["Hoàng", "Nông", "Ma", "Lò", "Hà", "Lương", "Hoàng"],
    "Giáy": ["Lù", "Vàng", "Hoàng", "Lồ", "Sần"],
    "Nùng": ["Nông", "Hoàng", "Vi", "Lù", "Sầm"],
    "Hà Nhì": ["Chu", "Phu", "Ly", "Pờ", "Lỳ"],
}
MIDDLE = {  # (male, female)
    "Kinh": (["Văn", "Đức", "Minh", "Quang", "Hữu"], ["Thị", "Thu", "Ngọc", "Thanh", "Minh"]),
    "H'Mông": (["A", "Seo", "Văn"], ["Thị", "Thị", "Seo"]),
    "Dao": (["Văn", "Láo", "Chàn"], ["Thị", "Tả", "Thị"]),
    "Tày": (["Văn", "Đình", "Văn"], ["Thị", "Thị", "Thu"]),
    "Giáy": (["Văn", "A"], ["Thị"]),
    "Nùng": (["Văn", "Văn", "A"], ["Thị"]),
    "Hà Nhì": (["Cà", "Văn", "A"], ["Thị", "Hà", "Thị"]),
}
GIVEN = {  # (male, female)
    "Kinh": (
        ["Minh", "Nam", "Hải", "Dũng", "Tuấn", "Long", "Hùng", "Quân", "Trung", "Phong", "Đạt"],
        ["Lan", "Hương", "Mai", "Linh", "Trang", "Hà", "Thảo", "Ngọc", "Huyền", "Yến", "Chi"],
    ),
    "H'Mông": (
        ["Páo", "Chư", "Sử", "Chứ", "Sình", "Lử", "Phử", "Dình", "Của", "Vư", "Tráng"],
        ["Mỷ", "Dính", "Sinh", "Súa", "Dợ", "Mai", "Pàng", "Chi", "Sa", "Dua", "Ca"],
    ),
    "Dao": (
        ["Sơn", "Chàn", "Phủ", "Lở", "Kiềm", "Quẩy", "Chỉn", "Hưng", "Sài"],
        ["Mẩy", "Quyên", "Sử", "Mây", "Chài", "Lở", "Xuân", "Phây"],
    ),
    "Tày": (
        ["Thắng", "Tuấn", "Cường", "Khánh", "Lợi", "Thịnh", "Hưng", "Chiến", "Bình"],
        ["Thoa", "Lan", "Hoa", "Nhung", "Duyên", "Hằng", "Huệ", "Thơm", "Quyên"],
    ),
    "Giáy": (["Dũng", "Sinh", "Chản", "Sáng", "Phúc"], ["Hoa", "Lan", "Sen", "Dung"]),
    "Nùng": (["Dũng", "Pao", "Chấn", "Thành", "Phúc"], ["Sinh", "Hoa", "Mai", "Lìn", "Thơm"]),
    "Hà Nhì": (["Gió", "Xá", "Chừ", "Lỳ", "Hừ"], ["Ca", "Mé", "Xuân", "Gióng"]),
}
SPECIALTIES = {
    "Thành phố Lào Cai": ["Chè Shan Tuyết", "Thịt gác bếp", "Dược liệu"],
    "Thị xã Sa Pa": ["Thổ cẩm", "Dược liệu", "Thảo quả", "Cá hồi"],
    "Bát Xát": ["Chè Shan Tuyết", "Gạo Séng Cù", "Thảo quả"],
    "Mường Khương": ["Gạo Séng Cù", "Chè Shan Tuyết", "Ớt, gừng"],
    "Si Ma Cai": ["Mật ong bạc hà", "Ngô bản địa", "Thổ cẩm"],
    "Bắc Hà": ["Mận tam hoa", "Chè hữu cơ", "Thổ cẩm"],
    "Bảo Thắng": ["Dứa", "Nấm", "Chuối"],
    "Bảo Yên": ["Quế", "Thổ cẩm Tày", "Bưởi"],
    "Văn Bàn": ["Quế", "Thảo quả", "Mật ong rừng"],
    DIRECT[1]: ["Chè Shan Tuyết", "Mật ong"],
}
# Producers' family names give their ethnic group (the stories say so).
PRODUCER_ETHNICITY = {
    "Giàng": "H'Mông",
    "Vàng": "H'Mông",
    "Thào": "H'Mông",
    "Sùng": "H'Mông",
    "Lý": "H'Mông",
    "Tẩn": "Dao",
    "Phàn": "Dao",
    "Triệu": "Dao",
    "Bàn": "Dao",
    "Chu": "Hà Nhì",
    "Lù": "Nùng",
    "Hoàng": "Tày",
    "Nông": "Tày",
    "Hà": "Tày",
    "Lò": "Tày",
}
TRAININGS_OTHER = [
    (Topic.PUBLIC_SERVICES, "Hướng dẫn dịch vụ công trực tuyến và VNeID cho đoàn viên"),
    (Topic.EPAYMENT, "Mở tài khoản và thanh toán không dùng tiền mặt"),
    (Topic.SAFE_INTERNET, "An toàn trên không gian mạng cho thanh niên"),
    (Topic.DIGITAL_SKILLS, "Kỹ năng số cơ bản cho thanh niên nông thôn"),
]
ACTIVITIES = [
    (Activity.Kind.TRAINING, "Tập huấn kỹ năng số cho đoàn viên"),
    (Activity.Kind.CAMPAIGN, "Ngày hội chuyển đổi số"),
    (Activity.Kind.CONTEST, "Cuộc thi Thanh niên với chuyển đổi số"),
    (Activity.Kind.CAMPAIGN, "Chiến dịch Bình dân học vụ số"),
]
PLAN_TARGETS = {  # the 2023 plan's targets for the province
    Indicator.SELLING_ONLINE: 10,
    Indicator.PUBLIC_SERVICES: 60,
    Indicator.EPAYMENT: 80,
    Indicator.CORE_TEAMS: 20,
    Indicator.ACTIVITIES: 2,
    Indicator.COMMUNITY_TEAMS: 100,
}


def _district_union_name(district: str) -> str:
    if district.startswith("Thành phố "):
        return "Thành đoàn " + district.removeprefix("Thành phố ")
    if district.startswith("Thị xã "):
        return "Thị đoàn " + district.removeprefix("Thị xã ")
    return "Huyện đoàn " + district


def _grassroots_name(commune: str) -> str:
    if commune in WARDS:
        return "Đoàn phường " + commune
    if commune in TOWNS:
        return "Đoàn thị trấn " + commune
    return "Đoàn xã " + commune


def _district_code(district: str) -> str:
    short = district.removeprefix("Thành phố ").removeprefix("Thị xã ")
    return "lc-" + ascii_slugify(short)


def _communes(district: str) -> list[str]:
    """The producers' communes first (their members must have a union there), then others
    of the district, four or five in all."""
    own = sorted({p.commune for p in shop.PRODUCERS if p.district == district})
    # demo.shop keeps every district's communes; sorted for a stable order
    others = sorted(set(shop._COMMUNES[district]) - set(own))
    return (own + others)[: max(len(own), 4 + len(district) % 2)]


class _Tree:
    """The demo units by code, creating the missing ones through mentoring.services."""

    def __init__(self):
        self.by_code = {unit.code: unit for unit in OrgUnit.objects.filter(code__startswith="lc")}
        self.created = 0
        # district name -> district unit, commune -> grassroots unit, district -> leaf units
        self.districts: dict[str, OrgUnit] = {}
        self.grassroots: dict[tuple[str, str], OrgUnit] = {}
        self.leaves: dict[str, list[OrgUnit]] = {}

    def unit(self, code: str, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
        if code not in self.by_code:
            self.by_code[code] = services.org_unit_create(
                code=code, kind=kind, name=name, parent=parent, opened_on=OPENED_ON
            )
            self.created += 1
        return self.by_code[code]

    def build(self) -> None:
        province = self.unit(PROVINCE_CODE, "Tỉnh đoàn Lào Cai", OrgUnit.Kind.PROVINCE, None)
        for district in LAO_CAI_DISTRICTS:
            code = _district_code(district)
            union = self.unit(code, _district_union_name(district), OrgUnit.Kind.DISTRICT, province)
            self.districts[district] = union
            self.leaves[district] = []
            for commune in _communes(district):
                grassroots = self.unit(
                    f"{code}-{ascii_slugify(commune)}",
                    _grassroots_name(commune),
                    OrgUnit.Kind.GRASSROOTS,
                    union,
                )
                self.grassroots[(district, commune)] = grassroots
                self.leaves[district].append(grassroots)
                for number in (1, 2):
                    self.leaves[district].append(
                        self.unit(
                            f"{grassroots.code}-{number}",
                            f"Chi đoàn thôn {number} – {commune}",
                            OrgUnit.Kind.BRANCH,
                            grassroots,
                        )
                    )
        direct = self.unit(DIRECT[0], DIRECT[1], OrgUnit.Kind.DIRECT, province)
        self.districts[DIRECT[1]] = direct
        self.leaves[DIRECT[1]] = []
        for number, name in enumerate(DIRECT_GRASSROOTS, start=1):
            grassroots = self.unit(f"{DIRECT[0]}-{number}", name, OrgUnit.Kind.GRASSROOTS, direct)
            self.leaves[DIRECT[1]].append(grassroots)
            for branch in (1, 2):
                self.leaves[DIRECT[1]].append(
                    self.unit(
                        f"{grassroots.code}-{branch}",
                        f"Chi đoàn {branch} – {name.removeprefix('Đoàn cơ sở ')}",
                        OrgUnit.Kind.BRANCH,
                        grassroots,
                    )
                )
        self.province = province


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _tri(rng: random.Random, yes: float, no: float) -> str:
    roll = rng.random()
    if roll < yes:
        return TriState.YES
    if roll < yes + no:
        return TriState.NO
    return TriState.UNKNOWN


def _recorded(rng: random.Random, value: str, day: datetime.date) -> datetime.date | None:
    if value == TriState.UNKNOWN:
        return None
    return day - datetime.timedelta(days=rng.randrange(30, 400))


def _person(rng: random.Random, ethnicity: str) -> tuple[str, str]:
    gender = rng.choice([Member.Gender.FEMALE, Member.Gender.MALE])
    index = 1 if gender == Member.Gender.FEMALE else 0
    name = " ".join(
        [
            rng.choice(FAMILY[ethnicity]),
            rng.choice(MIDDLE[ethnicity][index]),
            rng.choice(GIVEN[ethnicity][index]),
        ]
    )
    return name, gender


def _members(tree: _Tree, count: int, day: datetime.date) -> list[Member]:
    """`count` members spread over the district-level unions by WEIGHTS (the same every run)."""
    rng = random.Random(2023)  # the year of the plan: any fixed seed keeps the roster stable
    unions = list(WEIGHTS)
    members = []
    for number in range(1, count + 1):
        union = rng.choices(unions, [WEIGHTS[u] for u in unions])[0]
        ethnicity = _pick(rng, ETHNICITIES[union])
        name, gender = _person(rng, ethnicity)
        specialty = _tri(rng, 0.15, 0.55)
        services_used = _tri(rng, 0.50, 0.30)
        epayment = _tri(rng, 0.70, 0.15)
        phone = f"09{1000 + number:08d}" if rng.random() < 0.6 else ""
        members.append(
            Member(
                member_number=f"LC{number:07d}",
                full_name=name,
                birth_year=rng.randint(1990, 2008),
                gender=gender,
                ethnicity=ethnicity,
                phone=phone,
                org_unit=rng.choice(tree.leaves[union]),
                has_specialty_product=specialty,
                specialty_product=(
                    rng.choice(SPECIALTIES[union]) if specialty == TriState.YES else ""
                ),
                specialty_recorded_on=_recorded(rng, specialty, day),
                uses_public_services=services_used,
                public_services_recorded_on=_recorded(rng, services_used, day),
                has_epayment_account=epayment,
                epayment_recorded_on=_recorded(rng, epayment, day),
                consent_to_contact=rng.random() < 0.6,
            )
        )
    return members


def _producer_members(tree: _Tree, day: datetime.date) -> list[Member]:
    """One member behind each demo producer, in the union of the producer's commune: the
    householder for a household business, a young manager for a cooperative or company."""
    rng = random.Random(37)
    producers = {
        producer.partner.name: producer
        for producer in Producer.objects.select_related("partner").filter(
            partner__name__in=[p.name for p in shop.PRODUCERS]
        )
    }
    members = []
    for number, item in enumerate(shop.PRODUCERS, start=1):
        producer = producers.get(item.name)
        if producer is None:
            continue
        if item.district not in ETHNICITIES:
            # A producer of the former Yên Bái: its unions are not in this tree (the old Lào
            # Cai's) until the restructure of 1 July 2025 is part of the demo (issue 24).
            continue
        if item.kind == "household":
            name = item.name.removeprefix("Hộ kinh doanh ")
            parts = name.split()
            ethnicity = PRODUCER_ETHNICITY.get(parts[0], "Kinh")
            gender = Member.Gender.FEMALE if "Thị" in parts[1:-1] else Member.Gender.MALE
        else:
            ethnicity = _pick(rng, ETHNICITIES[item.district])
            name, gender = _person(rng, ethnicity)
        category = next(
            (
                c.name
                for c in shop.CATEGORIES
                for p in shop.PRODUCTS
                if p.producer == item.name and p.category == c.slug
            ),
            "",
        )
        members.append(
            Member(
                member_number=f"LCP{number:06d}",
                full_name=name,
                birth_year=rng.randint(1995, 2003),
                gender=gender,
                ethnicity=ethnicity,
                phone=item.phone,
                org_unit=tree.grassroots[(item.district, item.commune)],
                has_specialty_product=TriState.YES,
                specialty_product=category,
                specialty_recorded_on=day - datetime.timedelta(days=300),
                uses_public_services=TriState.YES,
                public_services_recorded_on=day - datetime.timedelta(days=300),
                has_epayment_account=TriState.YES,
                epayment_recorded_on=day - datetime.timedelta(days=300),
                consent_to_contact=True,
                producer=producer,
            )
        )
    return members


def _trainings(tree: _Tree, day: datetime.date) -> int:
    """Per district-level union: an e-commerce training last year (every producer's member
    and some members with a specialty product attended) and one on another topic this year."""
    rng = random.Random(11)
    created = 0
    last_year = datetime.date(day.year - 1, 9, 15)
    this_year = min(datetime.date(day.year, 4, 20), day)
    for index, (district, union) in enumerate(tree.districts.items()):
        units = [union.pk, *(unit.pk for unit in tree.leaves[district])]
        ecommerce, new = TrainingSession.objects.get_or_create(
            org_unit=union,
            title="Bán hàng trên sàn thương mại điện tử cho thanh niên",
            held_on=last_year + datetime.timedelta(days=index),
            defaults={
                "topic": Topic.ECOMMERCE,
                "place": f"Hội trường {union}",
                "trainers": "Tỉnh đoàn Lào Cai, Sở Công Thương",
            },
        )
        created += new
        topic, title = TRAININGS_OTHER[index % len(TRAININGS_OTHER)]
        other, new = TrainingSession.objects.get_or_create(
            org_unit=union,
            title=title,
            held_on=this_year - datetime.timedelta(days=index),
            defaults={"topic": topic, "place": f"Hội trường {union}", "trainers": "Tổ CNSCĐ"},
        )
        created += new
        members = Member.objects.filter(org_unit_id__in=units).order_by("member_number")
        sellers = list(members.filter(producer__isnull=False).values_list("pk", flat=True))
        specialty = list(
            members.filter(producer__isnull=True, has_specialty_product=TriState.YES).values_list(
                "pk", flat=True
            )
        )
        everyone = list(members.values_list("pk", flat=True))
        attendance = [
            *((ecommerce, pk) for pk in sellers),
            *((ecommerce, pk) for pk in specialty[: max(5, len(specialty) // 3)]),
            *((other, pk) for pk in rng.sample(everyone, min(30, len(everyone)))),
        ]
        Attendance.objects.bulk_create(
            [Attendance(session=session, member_id=pk) for session, pk in attendance],
            ignore_conflicts=True,  # attended once: a second run adds nothing
        )
    return created


def _activities(tree: _Tree, day: datetime.date) -> int:
    """Two or three a year per district-level union; this year, a few have only one so far
    (the report shows who is behind)."""
    created = 0
    for index, union in enumerate(tree.districts.values()):
        for year, count in ((day.year - 1, 2 + index % 2), (day.year, 1 + (index % 3 > 0))):
            for number in range(count):
                kind, title = ACTIVITIES[(index + number) % len(ACTIVITIES)]
                held_on = min(datetime.date(year, 3 + 4 * number, 10 + index), day)
                _activity, new = Activity.objects.get_or_create(
                    org_unit=union,
                    title=f"{title} {year}",
                    held_on=held_on,
                    defaults={"kind": kind, "participants": 40 + 17 * ((index + number) % 7)},
                )
                created += new
    return created


def _teams(tree: _Tree) -> int:
    """Twelve core youth teams (the plan wants 20) and a community digital technology team in
    each grassroots union of a commune, most with youth at the core."""
    rng = random.Random(20)
    created = 0
    core_units = [*tree.districts.values()][:10] + [
        tree.grassroots[key] for key in sorted(tree.grassroots)[:2]
    ]
    for unit in core_units:
        _team, new = Team.objects.get_or_create(
            kind=Team.Kind.CORE,
            org_unit=unit,
            name=f"Đội thanh niên nòng cốt chuyển đổi số – {unit}",
            defaults={"size": 8 + unit.pk % 5, "youth_at_core": True},
        )
        created += new
    for index, ((_district, commune), unit) in enumerate(sorted(tree.grassroots.items())):
        team, new = Team.objects.get_or_create(
            kind=Team.Kind.COMMUNITY,
            org_unit=unit,
            name=f"Tổ công nghệ số cộng đồng {_grassroots_name(commune).removeprefix('Đoàn ')}",
            defaults={"size": 5 + index % 5, "youth_at_core": index % 5 != 0},
        )
        created += new
        if new:
            local = list(
                Member.objects.filter(org_unit__versions__parent=unit)
                .order_by("member_number")
                .values_list("pk", flat=True)[:40]
            )
            team.youth_members.add(*rng.sample(local, min(len(local), 2 + index % 3)))
    return created


def _targets(tree: _Tree, day: datetime.date) -> None:
    for indicator, value in PLAN_TARGETS.items():
        Target.objects.get_or_create(
            indicator=indicator, org_unit=tree.province, year=day.year, defaults={"value": value}
        )


def _accounts(tree: _Tree) -> str:
    """The demo mentor mentors the district of the demo producer's union; the demo staff
    see every unit. Only when load_demo_data made the accounts (DEBUG)."""
    mentor = User.objects.filter(email__iexact="mentor@example.com").first()
    staff = User.objects.filter(email__iexact="staff@example.com").first()
    notes = []
    if mentor is not None:
        producer = Producer.objects.filter(partner__users__email="producer@example.com").first()
        # The demo's own district name for the producer (demo.shop, as typed before 2025).
        item = next((p for p in shop.PRODUCERS if producer and p.name == producer.name), None)
        district = item.district if item else LAO_CAI_DISTRICTS[0]
        union = tree.districts.get(district, tree.districts[LAO_CAI_DISTRICTS[0]])
        role, _new = OrgUnitRole.objects.get_or_create(
            user=mentor, org_unit=union, defaults={"role": OrgUnitRole.Role.MENTOR}
        )
        services.org_unit_role_grant(role=role)
        units = [union.pk, *(unit.pk for unit in tree.leaves[district])]
        mentees = Member.objects.filter(org_unit_id__in=units, mentor__isnull=True).filter(
            has_specialty_product=TriState.YES
        )
        mentees.filter(
            pk__in=list(mentees.order_by("member_number").values_list("pk", flat=True)[:30])
        ).update(mentor=mentor)
        notes.append(f"{mentor.email} mentors {union}")
    if staff is not None:
        group = Group.objects.filter(name=STAFF_GROUP).first()
        if group is not None:
            staff.groups.add(group)
    return "; ".join(notes)


def _quarterly_reports() -> str:
    """The demo mentor's union reports its last two ended quarters: the older one approved by
    the demo staff, the newer one waiting for their approval (so both screens have something
    to show). Counted from the demo data by the real services; nothing when the accounts are
    not there, and a report already submitted or approved is left as it is."""
    mentor = User.objects.filter(email__iexact="mentor@example.com").first()
    staff = User.objects.filter(email__iexact="staff@example.com").first()
    if mentor is None or staff is None or not staff.has_perm(kpi.APPROVE_PERMISSION):
        return ""
    unions = kpi.submittable_unit_ids(mentor)
    quarters = kpi.ended_quarters()[:2]
    if not unions or len(quarters) < 2:
        return ""
    union = OrgUnit.objects.filter(pk__in=unions).order_by("code").first()
    for (year, quarter), approve in zip(quarters, (False, True), strict=True):
        snapshot = kpi.snapshot_prepare(unit=union, year=year, quarter=quarter, by=mentor)
        if snapshot.status in kpi.SUBMITTABLE:
            snapshot = kpi.snapshot_submit(snapshot=snapshot, by=mentor)
        if approve and snapshot.status in kpi.DECIDABLE:
            kpi.snapshot_approve(snapshot=snapshot, by=staff)
    return f"Quarterly reports of {union}: one approved, one waiting."


def load_mentoring_demo(*, stdout) -> None:
    """Load (or complete) the mentoring demo data; see the module docstring."""
    day = today()
    tree = _Tree()
    tree.build()
    existing = set(Member.objects.values_list("member_number", flat=True))
    wanted = [
        *_members(tree, getattr(settings, "DEMO_MEMBERS", 3000), day),
        *_producer_members(tree, day),
    ]
    linked = set(
        Member.objects.filter(producer__isnull=False).values_list("producer_id", flat=True)
    )
    new = [
        member
        for member in wanted
        if member.member_number not in existing and member.producer_id not in linked
    ]
    Member.objects.bulk_create(new, batch_size=500)
    trainings = _trainings(tree, day)
    activities = _activities(tree, day)
    teams = _teams(tree)
    _targets(tree, day)
    accounts = _accounts(tree)
    # The dashboard reads stored stages (the nightly funnel_recompute); compute them now so the
    # demo's dashboard shows the demo producers' real progress from the first visit.
    stages = funnel.funnel_recompute()
    reports = _quarterly_reports()
    stdout.write(
        f"Mentoring: {tree.created} org units, {len(new)} members, {trainings} trainings, "
        f"{activities} activities, {teams} teams added; {stages.members} members with a "
        f"funnel step. {accounts} {reports}".strip()
    )
