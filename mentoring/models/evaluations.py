"""Members' annual evaluation: the classification each grassroots union gives its members at
the end of each year (the plan's fifth point: members' quality, measured)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models.members import Member


class Evaluation(models.TextChoices):
    """The four levels of the Youth Union's annual classification of its members (đánh giá,
    xếp loại chất lượng đoàn viên hằng năm, 2023–2027 guidance), best first."""

    EXCELLENT = "excellent", _("Completed duties excellently")
    GOOD = "good", _("Completed duties well")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


class MemberEvaluation(models.Model):
    """A member's classification for one year, imported with the roster or entered on the
    member's "Annual evaluation" screen (mentoring.evaluations)."""

    class Source(models.TextChoices):
        ROSTER = "roster", _("Roster import")
        ADMIN = "admin", _("Entered by a mentor")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    grade = models.CharField(_("classification"), max_length=20, choices=Evaluation.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ADMIN, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="one_evaluation_per_member_year",
                violation_error_message=_(
                    "This member already has a classification for that year."
                ),
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.get_grade_display()}"
