"""The Youth Union's side: org units, members, mentors, trainings and activities, teams,
targets, and the onboarding funnel each member has reached (computed, never typed in).

Org units are effective-dated. A unit keeps its identity (`OrgUnit`) while its name and place
in the tree change over time (`OrgUnitVersion`, each valid from a date until the next one);
a closed unit points at its successor (a merge). Members keep the unit they were registered
in, with dated transfers (`MemberTransfer`), so a report for an earlier period counts each
member where they were then and still adds up as it did.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

THE_BEGINNING = datetime.date(2000, 1, 1)


class OrgUnit(models.Model):
    """A union organisation: the province, a district-level union, a grassroots union, a branch."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Provincial union")
        DISTRICT = "district", _("District-level union")
        DIRECT = "direct", _("Directly affiliated union")
        GRASSROOTS = "grassroots", _("Grassroots union")
        BRANCH = "branch", _("Branch")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    opened_on = models.DateField(_("open from"), default=THE_BEGINNING)
    closed_on = models.DateField(
        _("closed from"), null=True, blank=True, help_text=_("Merged, split or dissolved.")
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["code"]
        # Provincial staff see every unit and member (see mentoring.selectors).
        permissions = [("view_all_units", _("Can see every org unit and its members"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gt=models.F("opened_on")),
                name="org_unit_closes_after_it_opens",
            )
        ]

    def __str__(self):
        version = self.versions.order_by("-valid_from").first()
        return version.name if version else self.code

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or day < self.closed_on)


class OrgUnitVersion(models.Model):
    """A unit's name and parent from `valid_from` until its next version."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_versions",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"), default=THE_BEGINNING)

    class Meta:
        verbose_name = _("org unit version")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="one_version_per_day")
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from})"


class TriState(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Member(models.Model):
    """A union member on the roster. The phone is private: mentors of the member's unit only."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    member_number = models.CharField(_("member number"), max_length=40, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1940), MaxValueValidator(2020)]
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="members", verbose_name=_("org unit")
    )
    has_specialty_product = models.CharField(
        _("has a specialty product"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    specialty_product = models.CharField(_("specialty product"), max_length=200, blank=True)
    specialty_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    has_epayment_account = models.CharField(
        _("has an e-payment account"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    epayment_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    uses_public_services = models.CharField(
        _("uses online public services"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    public_services_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    producer = models.OneToOneField(
        "producers.Producer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("producer"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    # Set when the member asked to be forgotten (services.member_anonymise): the row stays, so
    # the unit's counts and funnel history add up as before, but nothing names the person.
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]
        # Lists and drill-downs show members by name: the first page of a province's 300,000
        # reads 50 index entries instead of sorting them all.
        indexes = [models.Index(fields=["full_name", "id"], name="member_by_name")]

    def __str__(self):
        return f"{self.full_name} ({self.member_number})"


class MemberTransfer(models.Model):
    """A member moved to another unit from a date (the roster keeps where they were before)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()

    class Meta:
        ordering = ["member", "on"]

    def __str__(self):
        return f"{self.member} → {self.to_unit} ({self.on})"


class OrgUnitRole(models.Model):
    """A person's role on an org unit: mentors see and edit the members of its subtree."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MANAGER = "manager", _("Unit manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_unit_roles"
    )
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MENTOR)

    class Meta:
        verbose_name = _("org unit role")
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit"], name="one_role_per_unit")
        ]

    def __str__(self):
        return f"{self.user} · {self.org_unit} · {self.get_role_display()}"


class MemberAccount(models.Model):
    """A sign-in account that the member said is theirs: signed in to it, they opened a link
    made for them (sign-in help, the shop hand-over, a practice seat) and confirmed
    (mentoring.accounts). The only way an account becomes a member's: never the phone or the
    producer a mentor types on the roster, which would let a mentor claim anyone's account.
    Mentors reset only these accounts' passwords; a practice seat is only these accounts'."""

    class Via(models.TextChoices):
        LINK = "link", _("Sign-in help link")
        DRAFT = "draft", _("Shop hand-over")
        PRACTICE = "practice", _("Practice shop link")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("member")
    )
    # One member per account: an account cannot speak for two trainees.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_account",
        verbose_name=_("account"),
    )
    via = models.CharField(_("confirmed through"), max_length=20, choices=Via.choices)
    # Whose link it was (the mentor who made it): never the account itself.
    link_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member's account")
        verbose_name_plural = _("members' accounts")

    def __str__(self):
        return f"#{self.member_id} · {self.user_id}"


class MemberProductImport(models.Model):
    """A product import a mentor made for a member's draft shop (mentoring.assisted): which
    member it was for, named in the import's audit entry. The import itself is producers'
    (producers.ProductImport, marked for_draft)."""

    product_import = models.OneToOneField(
        "producers.ProductImport", on_delete=models.CASCADE, related_name="drafted_for"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="product_imports", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("product import for a member")
        verbose_name_plural = _("product imports for members")

    def __str__(self):
        return f"#{self.member_id} · {self.product_import_id}"


class Topic(models.TextChoices):
    ECOMMERCE = "ecommerce", _("Selling online (e-commerce)")
    PUBLIC_SERVICES = "public_services", _("Online public services")
    EPAYMENT = "epayment", _("E-payment")
    SAFE_INTERNET = "safe_internet", _("Safe internet")
    DIGITAL_SKILLS = "digital_skills", _("Digital skills")


class TrainingSession(models.Model):
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="trainings")
    trainers = models.CharField(_("trainers"), max_length=300, blank=True)
    attendees = models.ManyToManyField(Member, through="Attendance", related_name="trainings")

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.title} ({self.held_on})"


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Set when the member completed the practice shop's loop (mentoring.practice): listed a
    # product, a fellow trainee bought it by test card, and the member sent it. Evidence of
    # training that the dashboard shows beside "trained".
    practical_passed_on = models.DateField(_("practical passed on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attended_once")]

    def __str__(self):
        return f"{self.member} @ {self.session}"


class PracticeSession(models.Model):
    """The practice shop of a training (mentoring.practice): each attending member gets a
    seat (PracticeSeat), a sandbox producer invisible to the public and left out of every
    sales figure, to list a product, buy a fellow trainee's with the test card and send what
    was bought."""

    training = models.OneToOneField(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="practice",
        verbose_name=_("training session"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice shop")
        verbose_name_plural = _("practice shops")

    def __str__(self):
        return str(self.training)


class PracticeSeat(models.Model):
    """One trainee's practice shop in a training's practice session: a sandbox producer
    (producers.Producer.is_sandbox) made for that member. The producer knows nothing of the
    training; this table is where the practice shop's rules find who it belongs to."""

    session = models.ForeignKey(
        PracticeSession,
        on_delete=models.PROTECT,
        related_name="seats",
        verbose_name=_("practice shop of"),
    )
    # The member's record may be erased (anonymised or deleted): the seat stays, nobody's.
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_seats",
        verbose_name=_("trainee"),
    )
    producer = models.OneToOneField(
        "producers.Producer",
        on_delete=models.CASCADE,
        related_name="practice_seat",
        verbose_name=_("producer"),
    )

    class Meta:
        verbose_name = _("practice seat")
        verbose_name_plural = _("practice seats")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="one_practice_seat_per_trainee"
            )
        ]

    def __str__(self):
        return str(self.producer_id)


class Activity(models.Model):
    """A digital-skills activity of a unit (target: at least 2 per district-level union a year)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CONTEST = "contest", _("Contest")
        CAMPAIGN = "campaign", _("Campaign")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="activities")
    participants = models.PositiveIntegerField(_("participants"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class Team(models.Model):
    """A core youth team (digital transformation) or a community digital technology team."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core youth team")
        COMMUNITY = "community", _("Community digital technology team")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="teams")
    size = models.PositiveIntegerField(
        _("people in the team"), default=0, help_text=_("Everyone, youth or not.")
    )
    youth_members = models.ManyToManyField(Member, blank=True, related_name="teams")
    youth_at_core = models.BooleanField(_("youth are its core"), default=False)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Indicator(models.TextChoices):
    SELLING_ONLINE = "selling_online", _("Members with a specialty product selling online")
    PUBLIC_SERVICES = "public_services", _("Youth using online public services")
    EPAYMENT = "epayment", _("Youth with an e-payment account")
    CORE_TEAMS = "core_teams", _("Core youth teams")
    ACTIVITIES = "activities", _("Digital-skills activities per district-level union a year")
    COMMUNITY_TEAMS = (
        "community_teams",
        _("Community digital technology teams with youth at the core"),
    )


class Target(models.Model):
    """What a unit aims for on an indicator in a year (a percentage or a count)."""

    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "org_unit", "year"], name="one_target_per_unit_year"
            )
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} · {self.org_unit} · {self.year}"


class FunnelStage(models.TextChoices):
    SPECIALTY = "specialty", _("Has a specialty product")
    TRAINED = "trained", _("Trained in e-commerce")
    PROFILE_APPROVED = "profile_approved", _("Producer profile approved")
    PRODUCT_LIVE = "product_live", _("First product live")
    FIRST_ORDER = "first_order", _("First paid order")
    ACTIVE = "active", _("Active seller (a paid order in the last 90 days)")


class MemberStage(models.Model):
    """The date a member reached a funnel stage, as computed by mentoring.reporting.funnel (rules
    `rules_version`). Recomputed from producer, product and order records; never typed in."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=30, choices=FunnelStage.choices)
    reached_on = models.DateField()
    rules_version = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "stage"], name="stage_reached_once")
        ]
        indexes = [models.Index(fields=["stage", "reached_on"])]

    def __str__(self):
        return f"{self.member} · {self.stage} · {self.reached_on}"


class DashboardCounts(models.Model):
    """The dashboard's raw counts of every unit (each on its own) for a report year, as
    mentoring.reporting.counts.unit_counts counted them on `day`. Filled by the nightly
    funnel_recompute and by "Count again now"; read by the dashboard instead of counting a
    million members on every visit. Valid only with the funnel recompute they were counted
    after (`computed`: its time and rules version)."""

    year = models.PositiveSmallIntegerField(unique=True)
    day = models.DateField()
    computed = models.CharField(max_length=80)
    counted_at = models.DateTimeField()
    counts = models.JSONField()  # {"unit id": {"members": 12, "stage_trained": 3, …}}

    def __str__(self):
        return f"{self.year} · {self.day} · {self.counted_at}"


class RosterImport(models.Model):
    """One upload of a member list: checked (dry run) first, then committed all at once.

    Large files are checked and committed by a background task (django-tasks), which updates
    `processed_rows` so the page can show progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, ready to import")
        REJECTED = "rejected", _("Rejected: nothing was imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing was imported")

    file = models.FileField(_("file"), upload_to="roster-imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # {"create": n, "update": n, "unchanged": n, "errors": [{"row": 7, "message": "…"}], …}
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Last sign of life of the check or commit running it (claimed, or rows processed): with
    # its lock gone (mentoring.roster), an old one means the run died with its process.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"


class KpiSnapshot(models.Model):
    """A district-level union's indicators for one quarter, as submitted by the union and
    approved (or sent back) by provincial staff (mentoring.reporting.kpi).

    Submitting stores the six dashboard figures of the unit on the quarter's last day, the
    funnel rules version they were counted with and the ids of the records behind each
    figure; approving freezes them. Later recomputations are shown beside them as a
    difference and never written here. One snapshot per unit and quarter, whatever its
    status, so a quarter is approved at most once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Sent back")
        RESUBMITTED = "resubmitted", _("Submitted again")
        APPROVED = "approved", _("Approved")

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="kpi_snapshots", verbose_name=_("org unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    day = models.DateField(_("counted on"))  # the quarter's last day
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    members = models.PositiveIntegerField(_("members"), default=0)
    # [{"code", "actual", "numerator", "denominator", "target", "target_from_plan", "met"}]
    # as mentoring.reporting.dashboard.Figure, decimals as strings; empty until submitted.
    figures = models.JSONField(default=list, blank=True)
    # {"selling_online": {"done": [member ids], "base": [member ids]}, "activities":
    # {"done": [activity ids]}, …}: mentoring.reporting.drill_down.figure_members / figure_records.
    record_ids = models.JSONField(default=dict, blank=True)
    rules_version = models.PositiveSmallIntegerField(_("rules version"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    return_comment = models.TextField(_("reason for sending back"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or sent back by"),
    )
    decided_at = models.DateTimeField(_("approved or sent back at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarterly indicator report")
        verbose_name_plural = _("quarterly indicator reports")
        ordering = ["-year", "-quarter"]
        # Given to the provincial staff group (migration 0006); seeing every unit alone does
        # not let anyone sign a quarter off.
        permissions = [
            ("approve_kpisnapshot", _("Can approve or send back a quarter's indicators"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "year", "quarter"], name="one_kpi_snapshot_per_unit_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="kpi_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.org_unit} · Q{self.quarter}/{self.year}"
