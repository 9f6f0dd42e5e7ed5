# Oscar's loader finds the other report classes in oscar.apps.order.reports (no star import:
# it would replace the class below with Oscar's).
from oscar.apps.order import reports

from config.spreadsheets import SafeCSVWriter


class OrderReportCSVFormatter(reports.OrderReportCSVFormatter):
    """Buyers type their names: the CSV neutralises formulas (config.spreadsheets)."""

    def get_csv_writer(self, file_handle, **kwargs):
        return SafeCSVWriter(open_file=file_handle, **kwargs)


class OrderReportGenerator(reports.OrderReportGenerator):
    """Oscar's "Orders placed" report, without the practice orders of trainings
    (mentoring.practice): they are not sales."""

    formatters = {
        **reports.OrderReportGenerator.formatters,
        "CSV_formatter": OrderReportCSVFormatter,
    }

    def get_queryset(self):
        return super().get_queryset().filter(is_practice=False)
