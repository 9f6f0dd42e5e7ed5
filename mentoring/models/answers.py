"""The evidence behind two of the plan's indicators: each answer a member gave to "do you use
online public services?" and "do you have an e-payment account?" is a dated record with its
source (the roster, the member's own survey, a volunteer's assisted sign-up, a mentor), and
the assisted sign-up log of the volunteer teams. The member's current answer is the latest
record; Member keeps it denormalised (mentoring.answers.answers_record), so the dashboard's
counts stay one grouped query over members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models.members import Member, TriState
from mentoring.models.units import OrgUnit


class Question(models.TextChoices):
    PUBLIC_SERVICES = "public_services", _("Uses online public services")
    EPAYMENT = "epayment", _("Has an e-payment account")


# The Member field holding each question's current answer, and its recorded-on date.
QUESTION_FIELDS = {
    Question.PUBLIC_SERVICES: ("uses_public_services", "public_services_recorded_on"),
    Question.EPAYMENT: ("has_epayment_account", "epayment_recorded_on"),
}


class AnswerSource(models.TextChoices):
    ROSTER = "roster", _("Roster import")
    SURVEY = "survey", _("Member survey")
    ASSISTED = "assisted", _("Assisted sign-up log")
    MENTOR = "mentor", _("Mentor")


class MemberAnswer(models.Model):
    """One answer of a member to one question, as given on `answered_on` through `source`.
    Never edited: a new answer is a new row, and the latest (by day, then by row) is the
    member's current answer."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="answers", verbose_name=_("member")
    )
    question = models.CharField(_("question"), max_length=20, choices=Question.choices)
    answer = models.CharField(
        _("answer"),
        max_length=10,
        choices=[(TriState.YES, TriState.YES.label), (TriState.NO, TriState.NO.label)],
    )
    source = models.CharField(_("source"), max_length=20, choices=AnswerSource.choices)
    answered_on = models.DateField(_("answered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    assisted_signup = models.ForeignKey(
        "mentoring.AssistedSignup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
    )

    class Meta:
        verbose_name = _("member's answer")
        verbose_name_plural = _("members' answers")
        ordering = ["member", "question", "answered_on", "pk"]
        indexes = [models.Index(fields=["member", "question", "answered_on"])]

    def __str__(self):
        return f"{self.member_id} · {self.question} · {self.answer} · {self.answered_on}"


class AssistedSignup(models.Model):
    """A volunteer helped someone (a listed member, or a resident named here) create an
    account or use a service, on a day, in a commune or ward. An entry about a member is
    evidence for that member's answer (a "yes" from the source "assisted sign-up")."""

    class Task(models.TextChoices):
        VNEID = "vneid", _("VNeID level-2 account")
        PUBLIC_PORTAL = "public_portal", _("National public services portal")
        EWALLET = "ewallet", _("E-wallet")
        BANK_ACCOUNT = "bank_account", _("Bank account")

    # What a task is evidence of.
    TASK_QUESTIONS = {
        Task.VNEID: Question.PUBLIC_SERVICES,
        Task.PUBLIC_PORTAL: Question.PUBLIC_SERVICES,
        Task.EWALLET: Question.EPAYMENT,
        Task.BANK_ACCOUNT: Question.EPAYMENT,
    }

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assisted_signups",
        verbose_name=_("member helped"),
        help_text=_("A member of your units; or leave empty and give the resident's name."),
    )
    resident_name = models.CharField(_("resident's name"), max_length=200, blank=True)
    resident_phone = models.CharField(_("resident's phone"), max_length=20, blank=True)
    task = models.CharField(_("what was done"), max_length=20, choices=Task.choices)
    done_on = models.DateField(_("date"))
    place = models.ForeignKey(
        "places.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune or ward"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("helped by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assisted sign-up")
        verbose_name_plural = _("assisted sign-ups")
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(resident_name=""),
                name="assisted_signup_names_someone",
                violation_error_message=_("Choose a member or give the resident's name."),
            )
        ]

    def __str__(self):
        who = self.member.full_name if self.member_id else self.resident_name
        return f"{who} · {self.get_task_display()} · {self.done_on:%d/%m/%Y}"
