"""What the union measures: the indicators and each unit's targets, the onboarding funnel
each member has reached (computed, never typed in), the dashboard's stored counts and the
indicator reports of each period (mentoring.reporting)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models.dated import DatedRule
from mentoring.models.members import Member
from mentoring.models.units import OrgUnit


class Indicator(models.TextChoices):
    SELLING_ONLINE = "selling_online", _("Members with a specialty product selling online")
    # Only the members on the roster are asked: the label says so (not "youth").
    PUBLIC_SERVICES = "public_services", _("Listed members using online public services")
    EPAYMENT = "epayment", _("Listed members with an e-payment account")
    CORE_TEAMS = "core_teams", _("Core youth teams")
    ACTIVITIES = "activities", _("Digital-skills activities per reporting unit a year")
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


class ReportingRule(DatedRule):
    """Which kind of unit reports, and how many digital-skills activities it holds a year, from
    one day until another: data the province edits, not a constant. Until 30 June 2025 the
    district-level unions reported; the districts ended then and the province chose the
    commune and ward unions under it (migration 0017). The tree of a day
    (mentoring.selectors.org_tree_on) reads the rule in force that day, so a report for 2024
    still counts the district-level unions and one for 2026 the communes'."""

    kind = models.CharField(_("kind of unit"), max_length=20, choices=OrgUnit.Kind.choices)
    must_report = models.BooleanField(
        _("submits the indicator reports"),
        default=True,
        help_text=_(
            "Its unions prepare and submit the indicator reports (monthly, quarterly, "
            "six-month and annual)."
        ),
    )
    activities_per_year = models.PositiveSmallIntegerField(
        _("digital-skills activities a year"),
        null=True,
        blank=True,
        help_text=_("The plan's target for each unit of this kind. Empty: no target."),
    )
    # Read with the rules into every tree (mentoring.selectors.org_tree_on), so the dashboard
    # needs no query of its own for it.
    min_answer_coverage = models.PositiveSmallIntegerField(
        _("answers needed before a target is met (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "For the public services and e-payment indicators: the share of listed members "
            "who must have answered before the target can be called met."
        ),
    )

    class Meta:
        verbose_name = _("reporting level")
        verbose_name_plural = _("reporting levels")
        ordering = ["valid_from", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="reporting_rule_ends_after_it_starts",
                violation_error_message=_("The end date comes after the start date."),
            )
        ]

    def __str__(self):
        # Dates as the province writes them (dd/mm/yyyy): this is the admin's edit title.
        until = f"{self.valid_until:%d/%m/%Y}" if self.valid_until else "…"
        return f"{self.get_kind_display()} · {self.valid_from:%d/%m/%Y} – {until}"

    def clean(self):
        """Two rules for one kind of unit may not be in force on the same day: the reports
        would not know which to read."""
        if not self.kind or not self.valid_from:
            return
        same_kind = ReportingRule.objects.filter(kind=self.kind)
        if self.others_in_force_on_these_days(same_kind).exists():
            raise ValidationError(
                _("Another rule for this kind of unit is in force on some of these days.")
            )


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


class KpiSnapshot(models.Model):
    """A reporting unit's indicators for one period of a year (a month, a quarter, a half or
    the year), as submitted by the union and approved (or sent back) by provincial staff
    (mentoring.reporting.kpi).

    Submitting stores the six dashboard figures of the unit on the period's last day (`day`),
    the funnel rules version they were counted with, the ids of the records behind each
    figure and the same figures for the same period of the year before (`previous`, across
    restructures: mentoring.reporting.year_before); approving freezes them. Later
    recomputations are shown beside them as a difference and never written here. One
    snapshot per unit and period, whatever its status, so a period is approved at most once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Sent back")
        RESUBMITTED = "resubmitted", _("Submitted again")
        APPROVED = "approved", _("Approved")

    class Period(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        HALF = "half", _("Six-month")
        YEAR = "year", _("Annual")

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="kpi_snapshots", verbose_name=_("org unit")
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.QUARTER
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # The period's place in its year: the month (1-12), the quarter (1-4), the half (1-2),
    # or 1 for the year (mentoring.reporting.periods.ReportPeriod).
    number = models.PositiveSmallIntegerField(
        _("number in the year"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    starts_on = models.DateField(_("first day"))
    day = models.DateField(_("counted on"))  # the period's last day
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
    # The same period of the year before, counted when submitting: {"year", "number",
    # "starts_on", "day", "units": [{"id", "name"}] (the unit, or the units it was formed
    # from), "members", "figures": [{"code", "actual", "numerator", "denominator"}]}.
    previous = models.JSONField(default=dict, blank=True)
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
        verbose_name = _("indicator report")
        verbose_name_plural = _("indicator reports")
        ordering = ["-day", "period"]
        # Given to the provincial staff group (migration 0006); seeing every unit alone does
        # not let anyone sign a period off.
        permissions = [("approve_kpisnapshot", _("Can approve or send back a period's indicators"))]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period", "year", "number"],
                name="one_kpi_snapshot_per_unit_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period="month", number__gte=1, number__lte=12)
                | models.Q(period="quarter", number__gte=1, number__lte=4)
                | models.Q(period="half", number__gte=1, number__lte=2)
                | models.Q(period="year", number=1),
                name="kpi_period_number_in_its_year",
            ),
            models.CheckConstraint(
                condition=models.Q(day__gte=models.F("starts_on")),
                name="kpi_period_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.org_unit} · {self.period_code}"

    @property
    def period_code(self) -> str:
        """Short and language-free, for the audit trail and file names: M3/2026, Q1/2026,
        H1/2026, Y2026."""
        prefix = {"month": "M", "quarter": "Q", "half": "H"}.get(self.period)
        return f"{prefix}{self.number}/{self.year}" if prefix else f"Y{self.year}"
