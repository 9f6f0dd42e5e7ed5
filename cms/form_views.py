"""The sell form's submissions in the admin. Its own module: cms.views is imported by the
page models, and Wagtail's form views need the models loaded."""

from wagtail.contrib.forms.views import SubmissionsListView as CoreSubmissionsListView

from config.spreadsheets import SafeSpreadsheetExportMixin


class SubmissionsListView(SafeSpreadsheetExportMixin, CoreSubmissionsListView):
    """Submissions (filled by anonymous visitors), exported with formulas neutralised
    (config.spreadsheets)."""
