"""Columns for the staff and mentor listings in the Wagtail admin (used by producers' review
queues and mentoring's screens)."""

from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, with the answer written beside them in the active language:
    Wagtail's own column shows only the icon, titled with Python's "True" or "False"."""

    cell_template_name = "includes/yes_no_cell.html"
