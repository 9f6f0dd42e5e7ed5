"""Wagtail's own admin reports and the redirects listing, exported through the site's
neutralising writer (config.spreadsheets): page titles and redirect paths are typed by
district editors, and must not run as formulas in the provincial staff's spreadsheet.

Mounted in config/urls.py before Wagtail's admin, at the same addresses and, like Wagtail's,
for admin users only and never cached; the export is the page itself with ?export=csv. (The
site history report is left to the view that scopes it to what the viewer may see: it needs the
same mixin.)
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView as CoreAgingPagesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView as CoreLockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView as CoreWorkflowTasksView
from wagtail.admin.views.reports.workflows import WorkflowView as CoreWorkflowView
from wagtail.contrib.redirects.views import IndexView as CoreRedirectsIndexView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from config.spreadsheets import SafeSpreadsheetExportMixin


class LockedPagesView(SafeSpreadsheetExportMixin, CoreLockedPagesView):
    pass


class AgingPagesView(SafeSpreadsheetExportMixin, CoreAgingPagesView):
    pass


class WorkflowView(SafeSpreadsheetExportMixin, CoreWorkflowView):
    pass


class WorkflowTasksView(SafeSpreadsheetExportMixin, CoreWorkflowTasksView):
    pass


class RedirectsIndexView(SafeSpreadsheetExportMixin, CoreRedirectsIndexView):
    pass


urlpatterns = decorate_urlpatterns(
    [
        path("reports/locked/", LockedPagesView.as_view()),
        path("reports/aging-pages/", AgingPagesView.as_view()),
        path("reports/workflow/", WorkflowView.as_view()),
        path("reports/workflow_tasks/", WorkflowTasksView.as_view()),
        path("redirects/", RedirectsIndexView.as_view()),
    ],
    lambda view: never_cache(require_admin_access(view)),
)
