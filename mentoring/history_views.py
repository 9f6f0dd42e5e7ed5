"""Wagtail's "Site history" report (/cms-admin/reports/site-history/, its results and its
CSV/XLSX export), limited to what the person may see.

Wagtail shows every log entry of a model to anyone holding any permission on that model, so a
Bát Xát mentor (who may change members and trainings of Bát Xát) read Sa Pa's training
titles, the accounts of the trainees who acted there and Sa Pa's mentors, in the listing and
in the filters' choices (users, types, actions). The same report is served here, with every
log model's entries narrowed by mentoring.selectors.model_log_entries_visible_to. It is
mounted before Wagtail's admin URLs (config/urls.py), at the same paths, so the admin's own
links and reverse() reach it. Objects' own history pages are scoped already (they start from
the object, through the viewsets' scoped querysets in mentoring.admin).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from config.spreadsheets import SafeSpreadsheetExportMixin
from mentoring import selectors


def log_entries_viewable_by(log_model, user):
    """Wagtail's own rule for the log model, then the mentoring units' scope."""
    entries = log_model.objects.viewable_by_user(user)
    if issubclass(log_model, ModelLogEntry):
        entries = selectors.model_log_entries_visible_to(user, entries)
    return entries


def _viewable(user):
    for log_model in log_action_registry.get_log_entry_models():
        yield log_entries_viewable_by(log_model, user)


def users_for_filter(user):
    user_ids = set()
    for entries in _viewable(user):
        user_ids.update(entries.get_user_ids())
    User = get_user_model()
    return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)


def content_types_for_filter(user):
    type_ids = set()
    for entries in _viewable(user):
        type_ids.update(entries.get_content_type_ids())
    return ContentType.objects.filter(pk__in=type_ids).order_by("model")


def actions_for_filter(user):
    actions = set()
    for entries in _viewable(user):
        actions.update(entries.get_actions())
    return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    object_type = ContentTypeFilter(
        label=_("Type"),
        method="filter_object_type",
        queryset=lambda request: content_types_for_filter(request.user),
    )

    def get_action_choices(self):
        return actions_for_filter(self.request.user)

    def get_user_choices(self):
        return users_for_filter(self.request.user)

    def get_users_queryset(self):
        # Wagtail's own reads the users of every page's entries, whoever may see the page.
        return users_for_filter(self.request.user)


class ScopedSiteHistoryView(SafeSpreadsheetExportMixin, LogEntriesView):
    """Its CSV export neutralised too (config.spreadsheets), as every export of the site."""

    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        """Wagtail's union of every log model's entries (see LogEntriesView), each narrowed
        by log_entries_viewable_by."""
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for index, log_model in enumerate(self.log_models):
            entries = (
                log_entries_viewable_by(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            entries = self.filter_queryset(entries).order_by()
            queryset = entries if queryset is None else queryset.union(entries, all=True)
        return queryset.order_by("-timestamp")
