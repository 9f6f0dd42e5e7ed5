"""Trainings and their attendance, the practice shop of a training (mentoring.practice), and
a unit's other digital-skills work: activities and teams."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class Activity(models.Model):
    """A digital-skills activity of a unit (target: a number a year per reporting unit, set by
    the province in mentoring.models.ReportingRule)."""

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
