"""Administrative units and how the units of one period became those of the next."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Resolution 202/2025/QH15 and the laws of June 2025: districts ended on 30 June 2025, the
# two-tier map (34 provinces, 3,321 communes, wards and special zones) started the next day.
REFORM_2025 = datetime.date(2025, 7, 1)
BEFORE_REFORM_2025 = REFORM_2025 - datetime.timedelta(days=1)


class AdministrativeUnitQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """Units in force on `day` (valid_from/valid_until inclusive; null = open-ended)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self):
        return self.filter(valid_until__isnull=True)


class AdministrativeUnit(models.Model):
    """A province, a district (until 30 June 2025) or a commune-level unit (xã, phường, thị
    trấn, đặc khu), with the General Statistics Office's code and the days it was in force.

    A unit that was reorganised is a row per period, not one row edited: the Lào Cai province
    of before 1 July 2025 (code 10) and the merged one (code 15, Yên Bái's old code) are two
    rows, linked by UnitSuccession. Codes are reused across periods, so a code names a unit
    only together with a date (selectors.unit_on)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune / ward")

    class Kind(models.TextChoices):
        # The type word is part of the official name ("Xã Tả Phời"); "thành phố" is a
        # centrally run city at province level and a provincial city at district level.
        TINH = "tinh", _("province (tỉnh)")
        THANH_PHO = "thanh_pho", _("city (thành phố)")
        HUYEN = "huyen", _("rural district (huyện)")
        QUAN = "quan", _("urban district (quận)")
        THI_XA = "thi_xa", _("town (thị xã)")
        XA = "xa", _("commune (xã)")
        PHUONG = "phuong", _("ward (phường)")
        THI_TRAN = "thi_tran", _("township (thị trấn)")
        DAC_KHU = "dac_khu", _("special zone (đặc khu)")

    code = models.CharField(
        _("code"),
        max_length=5,
        help_text=_(
            "GSO code, zero-padded: 2 digits for a province, 3 for a district, 5 for a commune."
        ),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("Without its type: “Tả Phời”."))
    full_name = models.CharField(
        _("full official name"), max_length=120, help_text=_("With its type: “Xã Tả Phời”.")
    )
    name_folded = models.CharField(
        max_length=100, editable=False, help_text="fold(name), for search"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    valid_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty: before our records.")
    )
    valid_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: still in force.")
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code"]
        constraints = [
            # The loader's natural key: one unit per (level, code) and period end. Two partial
            # indexes because NULLs are distinct in a plain unique index.
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_until__isnull=True),
                name="places_one_current_unit_per_code",
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_until"],
                condition=Q(valid_until__isnull=False),
                name="places_one_ended_unit_per_code_and_end",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="places_unit_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "name_folded"], name="places_unit_picker"),
            # unit_on: a code and a day; the partial unique indexes cannot serve "on a day".
            models.Index(fields=["code", "level"], name="places_unit_code"),
        ]

    def __str__(self):
        return self.full_name


class UnitSuccession(models.Model):
    """One unit of a period became (all or part of) a unit of the next: the old-to-new map.

    Merged: several predecessors, one successor. Split: one predecessor, several successors,
    one of them primary (where an address of the old unit goes when nothing says better; the
    package's default). Renamed/unchanged: one to one."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("merged")
        SPLIT = "split", _("split")
        RENAMED = "renamed", _("renamed")
        UNCHANGED = "unchanged", _("unchanged")

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="predecessions"
    )
    effective_on = models.DateField(_("effective on"))
    kind = models.CharField(_("kind of change"), max_length=10, choices=Kind.choices)
    is_primary = models.BooleanField(
        _("primary successor"),
        default=True,
        help_text=_("For a split unit: where its addresses go by default."),
    )

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="places_one_succession_per_pair"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.effective_on})"
