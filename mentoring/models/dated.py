"""Rules the province edits that hold from one day until another (ReportingRule,
YouthCoreRule): the reports of a past year read the rule in force then."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatedRule(models.Model):
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Included. Empty: until changed.")
    )

    class Meta:
        abstract = True

    def others_in_force_on_these_days(self, queryset: models.QuerySet) -> models.QuerySet:
        """The rules of `queryset`, other than this one, in force on any day this one is:
        two rules of the same scope on one day would leave the reports not knowing which to
        read. The caller's clean() says so in its own words."""
        others = queryset.exclude(pk=self.pk).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=self.valid_from)
        )
        if self.valid_until is not None:
            others = others.filter(valid_from__lte=self.valid_until)
        return others
