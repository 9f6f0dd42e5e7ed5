"""Demo data for the mentoring screens: Lào Cai's union tree, a few thousand members, trainings
with attendance, activities, teams and the plan's targets, and the demo mentor and staff.

The tree has its history: from 2020 the provincial unions of Lào Cai and Yên Bái with their
district-level unions (one per district of the places app's units before 1 July 2025) and
grassroots unions of their communes; on 1 July 2025 (places.models.REFORM_2025) it is
restructured by mentoring.restructure as the union did it: Yên Bái's provincial union joins
Lào Cai's, the district-level unions end with the districts, and the communes' unions merge
as their communes did, into one union per commune of today (the places app's successions),
directly under the province. Activities, trainings and reports before that day stay where
they happened; what came after belongs to today's units.

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
from django.db.models import Q

from accounts.models import User
from core.slugs import ascii_slugify
from core.text import fold
from demo import shop
from mentoring import answers, restructure, selectors, selling, services
from mentoring.models import (
    THE_BEGINNING,
    Activity,
    AnswerSource,
    AssistedSignup,
    Attendance,
    Evaluation,
    Indicator,
    Member,
    MemberEvaluation,
    OnlineShop,
    OrgUnit,
    OrgUnitRole,
    ReportingRule,
    SensitiveBasis,
    Target,
    Team,
    TeamMember,
    Topic,
    TrainingSession,
    TriState,
)
from mentoring.reporting import funnel, kpi
from mentoring.selectors import today
from places.models import BEFORE_REFORM_2025, REFORM_2025, AdministrativeUnit, UnitSuccession
from places.selectors import communes_of, home_province, unit_on
from places.services import admin_units_load
from producers.models import Producer

STAFF_GROUP = "Provincial staff (mentoring)"  # created by mentoring 0002_mentors_group
OPENED_ON = datetime.date(2020, 1, 1)
PROVINCE_CODE = "lc"
# The provincial unions before the reform: (GSO code of the province then, union code, name).
# Lào Cai's union carries on as the merged province's; Yên Bái's joins it.
OLD_PROVINCES = [("10", "lc", "Tỉnh đoàn Lào Cai"), ("15", "yb", "Tỉnh đoàn Yên Bái")]
TODAYS_PROVINCE = "15"  # the merged Lào Cai's GSO code (Yên Bái's before the reform)
DIRECT = ("lc-khoi-cq-dn", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh")
DIRECT_GRASSROOTS = [
    "Đoàn cơ sở Sở Nông nghiệp và Phát triển nông thôn",
    "Đoàn cơ sở Sở Văn hóa, Thể thao và Du lịch",
    "Đoàn cơ sở Bưu điện tỉnh",
]

# Share of members per district-level union (bigger towns, bigger rosters), by the district's
# name as the places app spells it (its type dropped).
WEIGHTS = {
    "Lào Cai": 14,
    "Sa Pa": 10,
    "Bát Xát": 11,
    "Mường Khương": 9,
    "Si Ma Cai": 7,
    "Bắc Hà": 10,
    "Bảo Thắng": 12,
    "Bảo Yên": 11,
    "Văn Bàn": 11,
    "Yên Bái": 12,
    "Nghĩa Lộ": 6,
    "Lục Yên": 8,
    "Văn Yên": 9,
    "Mù Căng Chải": 6,
    "Trấn Yên": 8,
    "Trạm Tấu": 5,
    "Văn Chấn": 10,
    "Yên Bình": 9,
    DIRECT[1]: 5,
}
ETHNICITIES = {  # (group, weight) per district-level union
    "Lào Cai": [("Kinh", 7), ("Tày", 1), ("Giáy", 1), ("Dao", 1)],
    "Sa Pa": [("H'Mông", 5), ("Dao", 3), ("Giáy", 1), ("Kinh", 2)],
    "Bát Xát": [("H'Mông", 3), ("Dao", 3), ("Hà Nhì", 1), ("Giáy", 1), ("Kinh", 1)],
    "Mường Khương": [("H'Mông", 4), ("Nùng", 3), ("Kinh", 1), ("Dao", 1)],
    "Si Ma Cai": [("H'Mông", 8), ("Nùng", 1), ("Kinh", 1)],
    "Bắc Hà": [("H'Mông", 5), ("Tày", 2), ("Dao", 1), ("Nùng", 1), ("Kinh", 1)],
    "Bảo Thắng": [("Kinh", 5), ("Tày", 2), ("Dao", 2), ("Giáy", 1)],
    "Bảo Yên": [("Tày", 4), ("Kinh", 3), ("Dao", 2), ("H'Mông", 1)],
    "Văn Bàn": [("Tày", 4), ("Kinh", 2), ("Dao", 2), ("H'Mông", 2)],
    "Yên Bái": [("Kinh", 7), ("Tày", 1), ("Dao", 1), ("Nùng", 1)],
    "Nghĩa Lộ": [("Thái", 4), ("Kinh", 4), ("Tày", 1)],
    "Lục Yên": [("Tày", 5), ("Dao", 2), ("Kinh", 2), ("Nùng", 1)],
    "Văn Yên": [("Kinh", 4), ("Dao", 3), ("Tày", 2)],
    "Mù Căng Chải": [("H'Mông", 9), ("Thái", 1)],
    "Trấn Yên": [("Kinh", 5), ("Tày", 2), ("Dao", 2)],
    "Trạm Tấu": [("H'Mông", 7), ("Thái", 2), ("Kinh", 1)],
    "Văn Chấn": [("Kinh", 4), ("Thái", 3), ("Tày", 1), ("H'Mông", 1)],
    "Yên Bình": [("Kinh", 5), ("Tày", 2), ("Dao", 2)],
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
    "Thái": ["Lò", "Lường", "Cầm", "Vì", "Điêu", "Hà"],
}
MIDDLE = {  # (male, female)
    "Kinh": (["Văn", "Đức", "Minh", "Quang", "Hữu"], ["Thị", "Thu", "Ngọc", "Thanh", "Minh"]),
    "H'Mông": (["A", "Seo", "Văn"], ["Thị", "Thị", "Seo"]),
    "Dao": (["Văn", "Láo", "Chàn"], ["Thị", "Tả", "Thị"]),
    "Tày": (["Văn", "Đình", "Văn"], ["Thị", "Thị", "Thu"]),
    "Giáy": (["Văn", "A"], ["Thị"]),
    "Nùng": (["Văn", "Văn", "A"], ["Thị"]),
    "Hà Nhì": (["Cà", "Văn", "A"], ["Thị", "Hà", "Thị"]),
    "Thái": (["Văn", "Văn", "Đình"], ["Thị", "Thị", "Thu"]),
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
    "Thái": (["Xuân", "Thanh", "Tiến", "Hùng", "Phong"], ["Ban", "Xuân", "Hương", "Thoa", "Lả"]),
}
SPECIALTIES = {
    "Lào Cai": ["Chè Shan Tuyết", "Thịt gác bếp", "Dược liệu"],
    "Sa Pa": ["Thổ cẩm", "Dược liệu", "Thảo quả", "Cá hồi"],
    "Bát Xát": ["Chè Shan Tuyết", "Gạo Séng Cù", "Thảo quả"],
    "Mường Khương": ["Gạo Séng Cù", "Chè Shan Tuyết", "Ớt, gừng"],
    "Si Ma Cai": ["Mật ong bạc hà", "Ngô bản địa", "Thổ cẩm"],
    "Bắc Hà": ["Mận tam hoa", "Chè hữu cơ", "Thổ cẩm"],
    "Bảo Thắng": ["Dứa", "Nấm", "Chuối"],
    "Bảo Yên": ["Quế", "Thổ cẩm Tày", "Bưởi"],
    "Văn Bàn": ["Quế", "Thảo quả", "Mật ong rừng"],
    "Yên Bái": ["Chè Suối Giàng", "Bưởi Đại Minh", "Miến đao"],
    "Nghĩa Lộ": ["Gạo nếp Tú Lệ", "Xôi ngũ sắc", "Chè"],
    "Lục Yên": ["Quế", "Thổ cẩm Tày", "Gạo nếp"],
    "Văn Yên": ["Quế Văn Yên", "Măng tre Bát Độ", "Tinh dầu quế"],
    "Mù Căng Chải": ["Táo mèo", "Gạo nếp Mù Cang Chải", "Mật ong"],
    "Trấn Yên": ["Chè", "Tơ tằm", "Bưởi"],
    "Trạm Tấu": ["Táo mèo", "Gạo nếp", "Chè Shan Tuyết"],
    "Văn Chấn": ["Chè Shan Tuyết Suối Giàng", "Gạo nếp Tú Lệ", "Cam Văn Chấn"],
    "Yên Bình": ["Bưởi Đại Minh", "Cá hồ Thác Bà", "Quế"],
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
    "Cầm": "Thái",
    "Lường": "Thái",
}
TRAININGS_OTHER = [
    (Topic.PUBLIC_SERVICES, "Hướng dẫn dịch vụ công trực tuyến và VNeID cho đoàn viên"),
    (Topic.EPAYMENT, "Mở tài khoản và thanh toán không dùng tiền mặt"),
    (Topic.SAFE_INTERNET, "An toàn trên không gian mạng cho thanh niên"),
    (Topic.DIGITAL_SKILLS, "Kỹ năng số cơ bản cho thanh niên nông thôn"),
]
ACTIVITIES = [
    (Activity.Kind.TRAINING, "Tập huấn kỹ năng số cho đoàn viên"),
    (Activity.Kind.DIGITAL_SPACE, "Ngày hội chuyển đổi số"),
    (Activity.Kind.CONTEST, "Cuộc thi Thanh niên với chuyển đổi số"),
    (Activity.Kind.VOLUNTEER, "Chiến dịch Bình dân học vụ số"),
]
PLAN_TARGETS = {  # the 2023 plan's targets for the province
    Indicator.SELLING_ONLINE: 10,
    Indicator.PUBLIC_SERVICES: 60,
    Indicator.EPAYMENT: 80,
    Indicator.CORE_TEAMS: 20,
    Indicator.ACTIVITIES: 2,
    Indicator.COMMUNITY_TEAMS: 100,
}


_DISTRICT_UNION = {"thanh_pho": "Thành đoàn", "thi_xa": "Thị đoàn", "quan": "Quận đoàn"}
_COMMUNE_UNION = {"phuong": "Đoàn phường", "thi_tran": "Đoàn thị trấn", "dac_khu": "Đoàn đặc khu"}


def _district_union_name(district: AdministrativeUnit) -> str:
    return f"{_DISTRICT_UNION.get(district.kind, 'Huyện đoàn')} {district.name}"


def _grassroots_name(commune: AdministrativeUnit) -> str:
    return f"{_COMMUNE_UNION.get(commune.kind, 'Đoàn xã')} {commune.name}"


def _district_key(name: str) -> str:
    """A district as the demo shop names it ("Thành phố Lào Cai", "Bắc Hà") or as the places
    app does ("Lào Cai"): the places name, the key of WEIGHTS and the like."""
    for prefix in ("Thành phố ", "Thị xã ", "Huyện "):
        name = name.removeprefix(prefix)
    return name


def _units_loaded() -> None:
    """The administrative units the tree is named after (places), loaded if missing."""
    if not AdministrativeUnit.objects.filter(code=TODAYS_PROVINCE).exists():
        admin_units_load()


def _old_districts(province_code: str) -> list[AdministrativeUnit]:
    province = unit_on(
        province_code, on=BEFORE_REFORM_2025, level=AdministrativeUnit.Level.PROVINCE
    )
    return list(
        AdministrativeUnit.objects.on(BEFORE_REFORM_2025)
        .filter(parent=province, level=AdministrativeUnit.Level.DISTRICT)
        .order_by("code")
    )


def _communes(district: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The producers' communes first (their members must have a union there), then others
    of the district by code, four or five in all."""
    key = _district_key(district.name)
    wanted = {fold(p.commune) for p in shop.PRODUCERS if _district_key(str(p.district)) == key}
    communes = list(
        AdministrativeUnit.objects.on(BEFORE_REFORM_2025)
        .filter(parent=district, level=AdministrativeUnit.Level.COMMUNE)
        .order_by("code")
    )
    own = [c for c in communes if c.name_folded in wanted]
    others = [c for c in communes if c.name_folded not in wanted]
    return (own + others)[: max(len(own), 4 + len(key) % 2)]


class _Tree:
    """The demo units by code, creating the missing ones through mentoring.services."""

    def __init__(self):
        self.by_code = {
            unit.code: unit for unit in OrgUnit.objects.filter(code__regex=r"^(lc|yb)(-|$)")
        }
        self.created = 0
        # district key -> district-level union, (district key, folded commune) -> grassroots
        # union and its commune (before the reform), district key -> leaf units
        self.districts: dict[str, OrgUnit] = {}
        self.grassroots: dict[tuple[str, str], OrgUnit] = {}
        self.old_communes: dict[int, AdministrativeUnit] = {}
        self.leaves: dict[str, list[OrgUnit]] = {}
        self.provinces: dict[str, OrgUnit] = {}
        self.communes_today: dict[str, OrgUnit] = {}  # code -> union, after the restructure

    def unit(self, code: str, name: str, kind: str, parent, opened_on=OPENED_ON) -> OrgUnit:
        if code not in self.by_code:
            self.by_code[code] = services.org_unit_create(
                code=code, kind=kind, name=name, parent=parent, opened_on=opened_on
            )
            self.created += 1
        return self.by_code[code]

    def build(self) -> None:
        for province_code, union_code, union_name in OLD_PROVINCES:
            province = self.unit(union_code, union_name, OrgUnit.Kind.PROVINCE, None)
            self.provinces[union_code] = province
            for district in _old_districts(province_code):
                self._district(union_code, province, district)
        self.province = self.provinces[PROVINCE_CODE]
        direct = self.unit(DIRECT[0], DIRECT[1], OrgUnit.Kind.DIRECT, self.province)
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

    def _district(self, prefix: str, province: OrgUnit, district: AdministrativeUnit) -> None:
        key = _district_key(district.name)
        code = f"{prefix}-{ascii_slugify(district.name)}"
        union = self.unit(code, _district_union_name(district), OrgUnit.Kind.DISTRICT, province)
        self.districts[key] = union
        self.leaves[key] = []
        for commune in _communes(district):
            grassroots = self.unit(
                f"{code}-{ascii_slugify(commune.name)}",
                _grassroots_name(commune),
                OrgUnit.Kind.GRASSROOTS,
                union,
            )
            self.grassroots[(key, commune.name_folded)] = grassroots
            self.old_communes[grassroots.pk] = commune
            self.leaves[key].append(grassroots)
            for number in (1, 2):
                self.leaves[key].append(
                    self.unit(
                        f"{grassroots.code}-{number}",
                        f"Chi đoàn thôn {number} – {commune.name}",
                        OrgUnit.Kind.BRANCH,
                        grassroots,
                    )
                )

    def grassroots_of(self, district: str, commune: str) -> OrgUnit:
        key = _district_key(str(district))
        return self.grassroots.get((key, fold(commune))) or self.leaves[key][0]


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
    unions = [union for union in WEIGHTS if union in tree.leaves]
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
                sensitive_basis=SensitiveBasis.UNION_RECORD,  # on the union's roster
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
        if _district_key(str(item.district)) not in tree.districts:
            continue  # a district the demo's tree does not have: no union to be a member of
        if item.kind == "household":
            name = item.name.removeprefix("Hộ kinh doanh ")
            parts = name.split()
            ethnicity = PRODUCER_ETHNICITY.get(parts[0], "Kinh")
            gender = Member.Gender.FEMALE if "Thị" in parts[1:-1] else Member.Gender.MALE
        else:
            ethnicity = _pick(
                rng, ETHNICITIES.get(_district_key(str(item.district)), [("Kinh", 1)])
            )
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
                sensitive_basis=SensitiveBasis.UNION_RECORD,  # on the union's roster
                phone=item.phone,
                org_unit=tree.grassroots_of(item.district, item.commune),
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
    """Per district-level union, before the reform: an e-commerce training in September 2024
    (every producer's member and some members with a specialty product attended) and one on
    another topic in the spring of 2025."""
    rng = random.Random(11)
    created = 0
    last_year = datetime.date(REFORM_2025.year - 1, 9, 15)
    this_year = min(datetime.date(REFORM_2025.year, 4, 20), day)
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
        # where they were before the reform (a second run finds them in today's units)
        members = selectors.members_in_units_on(units, BEFORE_REFORM_2025).order_by("member_number")
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
    """Before the reform, two or three a year per district-level union in 2024 and one or
    two in the first half of 2025; since then, one a year by a few of today's commune unions
    (tree.communes_today, after the restructure) and the province."""
    created = 0
    for index, union in enumerate(tree.districts.values()):
        for year, count, months in ((2024, 2 + index % 2, 4), (2025, 1 + (index % 3 > 0), 2)):
            for number in range(count):
                kind, title = ACTIVITIES[(index + number) % len(ACTIVITIES)]
                held_on = min(datetime.date(year, 3 + months * number, 10 + index), day)
                created += _activity(union, kind, f"{title} {year}", held_on, index + number)
    units = [tree.province, *sorted(tree.communes_today.values(), key=lambda u: u.code)[:12]]
    for index, unit in enumerate(units):
        for year in range(REFORM_2025.year, day.year + 1):
            kind, title = ACTIVITIES[index % len(ACTIVITIES)]
            held_on = min(datetime.date(year, 9 + index % 3, 5 + index), day)
            if held_on >= REFORM_2025:
                created += _activity(unit, kind, f"{title} {year}", held_on, index)
    return created


def _activity(unit, kind, title, held_on, seed) -> int:
    activity, new = Activity.objects.get_or_create(
        org_unit=unit,
        title=title,
        held_on=held_on,
        defaults={"kind": kind, "other_participants": 40 + 17 * (seed % 7)},
    )
    # Who came: a few members of the unit (or the units under it) picked; one activity in
    # seven keeps only its head count, as activities did before participants were recorded,
    # so the admin shows "no participants recorded" and the target leaves it out.
    if new and seed % 7 != 3:
        came = (
            Member.objects.filter(Q(org_unit=unit) | Q(org_unit__versions__parent=unit))
            .order_by("member_number")
            .values_list("pk", flat=True)
            .distinct()[: 3 + seed % 4]
        )
        activity.attendees.add(*came)
    return new


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
            # Ticked before members were recorded: "reported, not evidenced"
            defaults={"youth_at_core_reported": True},
        )
        created += new
    for index, (_key, unit) in enumerate(sorted(tree.grassroots.items())):
        commune = tree.old_communes[unit.pk]
        team, new = Team.objects.get_or_create(
            kind=Team.Kind.COMMUNITY,
            org_unit=unit,
            name=f"Tổ công nghệ số cộng đồng {_grassroots_name(commune).removeprefix('Đoàn ')}",
            defaults={"youth_at_core_reported": index % 5 != 0},
        )
        created += new
        if new:
            local = list(
                Member.objects.filter(org_unit__versions__parent=unit)
                .order_by("member_number")
                .values_list("pk", flat=True)[:40]
            )
            picked = rng.sample(local, min(len(local), 2 + index % 3))
            if index < 2 and picked:
                _team_filled_in(team, picked, youth_at_core=index == 0)
            else:  # only some youth listed, no leader: the old tick still speaks for it
                TeamMember.objects.bulk_create(TeamMember(team=team, member_id=pk) for pk in picked)
    return created


def _team_filled_in(team, member_ids: list[int], *, youth_at_core: bool) -> None:
    """A team filled in: a union member leads it, with residents by name beside the members.
    At the core when youth lead and are most of it; the other is led by an older resident
    and has more older residents than youth."""
    people = [TeamMember(team=team, member_id=pk) for pk in member_ids]
    if youth_at_core:
        people[0].role = TeamMember.Role.LEADER
        people.append(
            TeamMember(team=team, full_name="Lò Văn Minh", phone="0912000301", birth_year=2001)
        )
    else:
        people.insert(
            0,
            TeamMember(
                team=team,
                full_name="Vàng A Chư",
                phone="0912000302",
                birth_year=1978,
                role=TeamMember.Role.LEADER,
            ),
        )
        people += [
            TeamMember(team=team, full_name=name, phone=phone, birth_year=year)
            for name, phone, year in (
                ("Sùng Thị Dua", "0912000303", 1980),
                ("Giàng A Sử", "0912000304", 1975),
                ("Thào Thị Mỷ", "0912000305", 1983),
                ("Lù Văn Sáng", "0912000306", 1986),
                ("Hầu A Lử", "0912000307", 1972),
            )
        ]
    TeamMember.objects.bulk_create(people)


# The demo province's reporting levels (as migration 0018 sets them; kept here too because a
# test database emptied by a transactional test has lost the migration's rows): the
# district-level unions until the districts ended, then the commune and ward unions.
REPORTING_LEVELS = [
    (OrgUnit.Kind.DISTRICT, THE_BEGINNING, datetime.date(2025, 6, 30), 2),
    (OrgUnit.Kind.GRASSROOTS, datetime.date(2025, 7, 1), None, 2),
]


def _reporting_levels() -> None:
    """The reporting levels as data, when the province has set none."""
    if ReportingRule.objects.exists():
        return  # the province's own choice is left as it is
    for kind, valid_from, valid_until, activities in REPORTING_LEVELS:
        ReportingRule.objects.create(
            kind=kind,
            valid_from=valid_from,
            valid_until=valid_until,
            must_report=True,
            activities_per_year=activities,
        )


def _targets(tree: _Tree, day: datetime.date) -> None:
    for indicator, value in PLAN_TARGETS.items():
        Target.objects.get_or_create(
            indicator=indicator, org_unit=tree.province, year=day.year, defaults={"value": value}
        )


def _accounts(tree: _Tree) -> str:
    """The demo mentor mentors the district-level union of the demo producer's union (from
    2020; the restructure hands the role on to its commune unions); the demo staff see every
    unit. Only when load_demo_data made the accounts (DEBUG)."""
    mentor = User.objects.filter(email__iexact="mentor@example.com").first()
    staff = User.objects.filter(email__iexact="staff@example.com").first()
    notes = []
    if mentor is not None:
        producer = Producer.objects.filter(partner__users__email="producer@example.com").first()
        # The demo's own district name for the producer (demo.shop, as typed before 2025).
        item = next((p for p in shop.PRODUCERS if producer and p.name == producer.name), None)
        first = next(iter(tree.districts))
        district = _district_key(item.district) if item else first
        union = tree.districts.get(district, tree.districts[first])
        role, _new = OrgUnitRole.objects.get_or_create(
            user=mentor, org_unit=union, defaults={"role": OrgUnitRole.Role.MENTOR}
        )
        services.org_unit_role_grant(role=role)
        eve = BEFORE_REFORM_2025  # the union's members as it was, wherever they are now
        if union.closed_on is not None:
            _roles_as_handed_on(role=role, eve=eve)
        units = selectors.subtree_ids(selectors.org_tree_on(eve), [union.pk])
        mentees = selectors.members_in_units_on(units, eve).filter(
            mentor__isnull=True, has_specialty_product=TriState.YES
        )
        Member.objects.filter(
            pk__in=list(mentees.order_by("member_number").values_list("pk", flat=True)[:30])
        ).update(mentor=mentor)
        notes.append(f"{mentor.email} mentors {union}")
    if staff is not None:
        group = Group.objects.filter(name=STAFF_GROUP).first()
        if group is not None:
            staff.groups.add(group)
    return "; ".join(notes)


def _roles_as_handed_on(*, role: OrgUnitRole, eve: datetime.date) -> None:
    """The accounts came after the reform was loaded (the demo loaded first with DEBUG off,
    then again with it on): give the mentor what the restructure hands on when the role is
    already there (mentoring.restructure._role_heirs), so the demo is the same whichever load
    made the accounts. The district union closed into the province: its commune unions of
    the eve; each of those merged into today's commune union: its successor."""
    node = selectors.org_tree_on(eve).get(role.org_unit_id)
    children = [child.id for child in node.children] if node is not None else []
    for unit in OrgUnit.objects.filter(pk__in=children).select_related("successor"):
        for heir in (unit, unit.successor):
            if heir is not None:
                OrgUnitRole.objects.get_or_create(
                    user=role.user, org_unit=heir, defaults={"role": role.role}
                )


def _restructure(tree: _Tree) -> str:
    """The reform of 1 July 2025, done with the union's own restructuring service
    (mentoring.restructure) as staff would from the admin: Yên Bái's provincial union joins
    Lào Cai's; the district-level unions close into the province (their commune unions now
    sit under it, and their mentors keep them); each commune of today gets one union, taking
    over the unions of the former communes it was made of (places' UnitSuccession). Once:
    a second run finds Yên Bái's union closed."""
    tree.communes_today = {
        unit.code: unit for unit in OrgUnit.objects.filter(code__regex=r"^lc-[0-9]{5}$")
    }
    yen_bai = OrgUnit.objects.get(pk=tree.provinces["yb"].pk)
    if yen_bai.closed_on is not None:
        return ""
    on = REFORM_2025
    restructure.units_merge(units=[yen_bai], into=tree.province, on=on)
    districts = [u for u in tree.districts.values() if u.kind == OrgUnit.Kind.DISTRICT]
    restructure.units_merge(units=districts, into=tree.province, on=on)
    merged: dict[int, list[OrgUnit]] = {}
    communes: dict[int, AdministrativeUnit] = {}
    for unit in tree.grassroots.values():
        succession = (
            UnitSuccession.objects.filter(predecessor=tree.old_communes[unit.pk])
            .select_related("successor")
            .order_by("-is_primary", "successor__code")
            .first()
        )
        if succession is None:  # not in the map: the union stays as it is, under the province
            continue
        communes[succession.successor_id] = succession.successor
        merged.setdefault(succession.successor_id, []).append(unit)
    for pk, olds in sorted(merged.items(), key=lambda item: communes[item[0]].code):
        commune = communes[pk]
        new = tree.unit(
            f"{PROVINCE_CODE}-{commune.code}",
            _grassroots_name(commune),
            OrgUnit.Kind.GRASSROOTS,
            tree.province,
            opened_on=on,
        )
        tree.communes_today[new.code] = new
        restructure.units_merge(units=olds, into=new, on=on)
    return (
        f"Restructured on {on}: {len(districts)} district-level unions closed, "
        f"{len(tree.grassroots)} commune unions became {len(merged)}."
    )


def _quarterly_reports(tree: _Tree) -> str:
    """The demo mentor's union reports the last two quarters before the reform: the first
    approved by the demo staff, the second waiting for their approval (so both screens have
    something to show). The district-level union made them for the months it existed; the
    tree of those days says who may. Counted from the demo data by the real services; nothing
    when the accounts are not there, and a report already submitted or approved is left as
    it is."""
    mentor = User.objects.filter(email__iexact="mentor@example.com").first()
    staff = User.objects.filter(email__iexact="staff@example.com").first()
    if mentor is None or staff is None or not staff.has_perm(kpi.APPROVE_PERMISSION):
        return ""
    quarters = [q for q in ((2025, 2), (2025, 1)) if q in kpi.ended_quarters()]
    then = selectors.org_tree_on(kpi.quarter_last_day(2025, 2))
    unions = kpi.submittable_unit_ids(mentor, tree=then)
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


def _roster_evidence(members: list[Member], day: datetime.date) -> None:
    """The new members' known answers, as the roster import records them (mentoring.answers:
    from the source "roster import", dated as recorded)."""
    fields = ("uses_public_services", "public_services_recorded_on")
    fields += ("has_epayment_account", "epayment_recorded_on")
    ids = dict(
        Member.objects.filter(
            member_number__in=[member.member_number for member in members]
        ).values_list("member_number", "pk")
    )
    rows = [
        (ids[member.member_number], {name: getattr(member, name) for name in fields})
        for member in members
        if member.member_number in ids
    ]
    answers.answers_record(
        answers=list(answers.roster_answers(rows, today=day)),
        source=AnswerSource.ROSTER,
    )


def _assisted_signups(day: datetime.date) -> None:
    """A few entries of the assisted sign-up log by the demo mentor (once; only when
    load_demo_data made the accounts): members of the mentor's units helped to a VNeID
    level-2 account or an e-wallet, and a resident who is not a member."""
    mentor = User.objects.filter(email__iexact="mentor@example.com").first()
    province = home_province()
    if mentor is None or province is None or AssistedSignup.objects.exists():
        return
    places = list(communes_of(province)[:3])
    members = list(
        selectors.members_visible_to(mentor)
        .filter(uses_public_services=TriState.UNKNOWN)
        .order_by("member_number")[:4]
    )
    tasks = [AssistedSignup.Task.VNEID, AssistedSignup.Task.EWALLET]
    for number, member in enumerate(members):
        answers.assisted_signup_record(
            signup=AssistedSignup(
                org_unit=member.org_unit,
                member=member,
                task=tasks[number % 2],
                done_on=day - datetime.timedelta(days=3 + number),
                place=places[number % len(places)],
            ),
            by=mentor,
        )
    if members:
        answers.assisted_signup_record(
            signup=AssistedSignup(
                org_unit=members[0].org_unit,
                resident_name="Bà Lý Thị Sử",
                task=AssistedSignup.Task.BANK_ACCOUNT,
                done_on=day - datetime.timedelta(days=2),
                place=places[0],
            ),
            by=mentor,
        )


# A few of the demo mentor's members sell on other platforms (mentoring.selling): shops the
# member recorded, checked by the mentor with a sale seen this year, and one not checked yet,
# so the dashboard's "members selling online" shows both its parts.
DEMO_SHOPS = [
    ("https://shopee.vn/che-shan-tuyet-demo", True),
    ("https://shopee.vn/mat-ong-rung-demo", True),
    ("https://www.tiktok.com/@dacsanlaocai.demo", True),
    ("https://www.facebook.com/gianhang.demo", False),
]


def _online_shops(day: datetime.date) -> str:
    """Only with the demo mentor (DEBUG: the demo accounts), who checks the shops. Idempotent:
    a shop already recorded, or already checked, is left as it is."""
    mentor = User.objects.filter(email__iexact="mentor@example.com").first()
    if mentor is None:
        return ""
    mentees = list(
        selectors.members_visible_to(mentor)
        .filter(mentor=mentor, producer__isnull=True, anonymised_at__isnull=True)
        .order_by("member_number")[: len(DEMO_SHOPS)]
    )
    checked = 0
    for member, (url, verified) in zip(mentees, DEMO_SHOPS, strict=False):
        shop = OnlineShop.objects.filter(member=member, url=url).first()
        if shop is None:
            shop = selling.shop_record(
                member=member,
                by=None,  # the member, on their phone (they have no demo account)
                url=url,
                since=day.replace(month=1, day=1) - datetime.timedelta(days=200),
                for_member=False,
            )
        if verified and not shop.checks.exists():
            selling.shop_check(
                shop=shop,
                by=mentor,
                checked=True,
                link_opened=True,
                checked_on=day,
                sold_count=40 + checked * 17,
                last_sale_on=max(day - datetime.timedelta(days=3), day.replace(month=1, day=1)),
            )
            checked += 1
    return f"{len(mentees)} members' shops elsewhere ({checked} checked now)."


# The classes the demo's unions gave, in this proportion (most members complete their duties).
EVALUATION_MIX = [Evaluation.EXCELLENT] * 2 + [Evaluation.GOOD] * 5 + [Evaluation.COMPLETED] * 2
EVALUATION_MIX += [Evaluation.NOT_COMPLETED]


def _evaluations(day: datetime.date) -> None:
    """Last year's and this year's annual evaluation for four members in five (the rest not
    evaluated yet), so the dashboard's fifth point has figures."""
    if MemberEvaluation.objects.exists():
        return
    rng = random.Random(27)
    ids = Member.objects.order_by("pk").values_list("pk", flat=True)
    MemberEvaluation.objects.bulk_create(
        (
            MemberEvaluation(
                member_id=pk,
                year=year,
                grade=rng.choice(EVALUATION_MIX),
                source=MemberEvaluation.Source.ROSTER,
            )
            for pk in ids
            for year in (day.year - 1, day.year)
            if pk % 5
        ),
        batch_size=1000,
    )


def load_mentoring_demo(*, stdout) -> None:
    """Load (or complete) the mentoring demo data; see the module docstring."""
    day = today()
    _units_loaded()
    tree = _Tree()
    tree.build()
    restructured = OrgUnit.objects.get(pk=tree.provinces["yb"].pk).closed_on is not None
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
    _roster_evidence(new, day)
    trainings = _trainings(tree, day)
    # Teams were formed before the reform (once): they stay on the district unions that
    # formed them, carried by today's units (mentoring.restructure._teams_hand_on).
    teams = 0 if restructured else _teams(tree)
    _targets(tree, day)
    _reporting_levels()
    accounts = _accounts(tree)
    reform = _restructure(tree)
    _assisted_signups(day)
    activities = _activities(tree, day)
    shops = _online_shops(day)
    _evaluations(day)
    # The dashboard reads stored stages (the nightly funnel_recompute); compute them now so the
    # demo's dashboard shows the demo producers' real progress from the first visit.
    stages = funnel.funnel_recompute()
    reports = _quarterly_reports(tree)
    stdout.write(
        f"Mentoring: {tree.created} org units, {len(new)} members, {trainings} trainings, "
        f"{activities} activities, {teams} teams added; {stages.members} members with a "
        f"funnel step. {reform} {accounts} {reports} {shops}".strip()
    )
