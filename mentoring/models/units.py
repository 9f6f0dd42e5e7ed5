"""Org units, effective-dated: a unit keeps its identity (`OrgUnit`) while its name and place
in the tree change over time (`OrgUnitVersion`, each valid from a date until the next one); a
closed unit points at its successor (a merge). `OrgUnitRole`: who mentors or manages a unit.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    """A unit's name, parent and kind from `valid_from` until its next version."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("name"), max_length=200)
    # The kind it had in this period, when it differs from the unit's kind today (empty: the
    # unit's kind): a district-level union of 2024 stays one in the 2024 reports whatever it
    # became after 1 July 2025 (mentoring.services.org_unit_change freezes it on a change).
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrgUnit.Kind.choices, blank=True, default=""
    )
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


class OrgUnitRole(models.Model):
    """A person's role on an org unit: mentors see and edit the members of its subtree."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MANAGER = "manager", _("Unit manager")
        # Logs assisted sign-ups for the unit's subtree (with the "Volunteers" group's
        # permissions: nothing else of the mentoring screens).
        VOLUNTEER = "volunteer", _("Volunteer")

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
