"""Trainings and their attendance, the practice shop of a training (mentoring.practice), and
a unit's other digital-skills work: activities and teams."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from core.storage import private_storage
from mentoring.activity_files import evidence_file_check
from mentoring.models.dated import DatedRule
from mentoring.models.members import Member
from mentoring.models.units import THE_BEGINNING, OrgUnit


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


class Activity(ClusterableModel):
    """A digital-skills activity of a unit (target: a number a year per reporting unit, set by
    the province in mentoring.models.ReportingRule). Who came is recorded: members picked from
    the unit (`attendees`) plus others by count; only an activity with at least one recorded
    participant counts toward the target (mentoring.reporting.counts)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CONTEST = "contest", _("Contest")
        DIGITAL_SPACE = "digital_space", _("Digital-space session")
        VOLUNTEER = "volunteer", _("Volunteer support")
        LIVESTREAM = "livestream", _("Livestream selling practice")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="activities")
    attendees = models.ManyToManyField(
        Member, blank=True, related_name="activities", verbose_name=_("participants")
    )
    # Before participants were recorded, an activity held only this head count (migration
    # 0022 keeps it here): people who came and are not picked as members.
    other_participants = models.PositiveIntegerField(
        _("other participants"),
        default=0,
        help_text=_("People who came and are not listed as members: residents, guests."),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class Team(ClusterableModel):
    """A core youth team (digital transformation) or a community digital technology team, with
    its members (TeamMember): union members by link, other residents by name. Whether youth
    are at its core and whether all are trained are computed (mentoring.teams), never ticked."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core youth team")
        COMMUNITY = "community", _("Community digital technology team")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="teams")
    # The tick box a mentor set before members were recorded (migration 0021): kept as
    # "reported, not evidenced" and counted apart until the team has its leader recorded.
    youth_at_core_reported = models.BooleanField(
        _("youth at the core (reported, not evidenced)"), default=False, editable=False
    )
    # Dated so that an old year counts the teams that existed then (mentoring.reporting).
    founded_on = models.DateField(_("founded on"), default=THE_BEGINNING)
    dissolved_on = models.DateField(
        _("dissolved from"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the team exists. It is counted up to the day before."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True)
                | models.Q(dissolved_on__gt=models.F("founded_on")),
                name="team_dissolved_after_founded",
                violation_error_message=_("A team is dissolved after the day it was founded."),
            )
        ]

    def __str__(self):
        return self.name


class TeamMember(ClusterableModel):
    """One person in a team: a union member picked from the team's unit (`member`), or another
    resident by name, phone and birth year. The rules (listed once, one leader, a member of the
    team's unit) are checked by mentoring.teams.team_members_check."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")

    team = ParentalKey(Team, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_places",
        verbose_name=_("union member"),
    )
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, help_text=_("For someone not on the roster.")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2020)],
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # A resident's trainings are ticked here; a union member's come from attendance.
    trainings = ParentalManyToManyField(
        TrainingSession, blank=True, related_name="+", verbose_name=_("trainings attended")
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "member"], name="team_member_listed_once"),
        ]

    def __str__(self):
        return self.full_name or (str(self.member) if self.member_id else "")


class YouthCoreRule(DatedRule):
    """When youth are "at the core" of a team, from one day until another: data the province
    edits, dated like ReportingRule. Youth are people up to `youth_age_limit` in the year
    (the Youth Law: 16 to 30); at the core means at least `youth_share` % of the team are
    youth and, if `leader_must_be_youth`, its leader is one."""

    youth_age_limit = models.PositiveSmallIntegerField(
        _("youth up to age"), default=30, validators=[MinValueValidator(16), MaxValueValidator(60)]
    )
    youth_share = models.PositiveSmallIntegerField(
        _("share of youth needed (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    leader_must_be_youth = models.BooleanField(_("the leader must be youth"), default=True)

    class Meta:
        verbose_name = _("youth-at-the-core rule")
        verbose_name_plural = _("youth-at-the-core rules")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="youth_core_rule_ends_after_it_starts",
                violation_error_message=_("The end date comes after the start date."),
            )
        ]

    def __str__(self):
        until = f"{self.valid_until:%d/%m/%Y}" if self.valid_until else "…"
        return f"{self.valid_from:%d/%m/%Y} – {until}"

    def clean(self):
        """Two rules may not be in force on the same day."""
        if not self.valid_from:
            return
        if self.others_in_force_on_these_days(YouthCoreRule.objects.all()).exists():
            raise ValidationError(_("Another rule is in force on some of these days."))


def _evidence_path(instance, filename):
    return f"activity-evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class ActivityEvidence(models.Model):
    """A photo of an activity or its sign-in sheet (an image or a PDF): checked by the upload
    rules of mentoring.activity_files and kept in private storage (it shows people)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        SIGN_IN = "sign_in", _("Sign-in sheet")

    activity = ParentalKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField(
        _("file"),
        upload_to=_evidence_path,
        storage=private_storage,
        validators=[evidence_file_check],
        help_text=_("A photo (JPEG, PNG, WebP, HEIC) or a PDF, up to 15 MB."),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
