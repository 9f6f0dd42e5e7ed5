"""Oscar's class loader (OSCAR_DYNAMIC_CLASS_LOADER), with one class replaced everywhere.

Every report of Oscar's dashboard (orders, products, users, baskets, offers, vouchers) gets its
CSV formatter from `get_class("dashboard.reports.reports", "ReportCSVFormatter")`, which would
be Oscar's own unless the root dashboard app were forked. Here it is the one that writes
through the site's neutralising CSV writer (config.spreadsheets): product titles and buyers'
names are typed by others, and must not run as formulas in staff's spreadsheet.
"""

from oscar.core.loading import default_class_loader


def class_loader(module_label, classnames, module_prefix):
    classes = default_class_loader(module_label, classnames, module_prefix)
    if module_label != "dashboard.reports.reports" or "ReportCSVFormatter" not in classnames:
        return classes
    from config.spreadsheets import safe_report_csv_formatter

    return [
        safe_report_csv_formatter() if name == "ReportCSVFormatter" else found
        for name, found in zip(classnames, classes, strict=True)
    ]
