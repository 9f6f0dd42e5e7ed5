"""A report (report_table.NarrativeReport) as a workbook (openpyxl) and as a printable A4
PDF with the union's heading, ready to sign (fpdf2, with Noto Serif: the PDF's standard fonts
have no Vietnamese letters, so the font is embedded, subset to the letters used).

The PDF follows the layout of the union's documents: on the left the union and the unit's
committee, on the right the national motto, then the place and date, the title with the
period, the table, and the signature block of the standing committee left blank to sign.
Every text typed by people (unit names) goes into the workbook through
config.spreadsheets.spreadsheet_text, so none runs as a formula.
"""

import io
import pathlib
import unicodedata

from django.utils.translation import gettext, pgettext
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from config.spreadsheets import spreadsheet_text
from mentoring import selectors
from mentoring.reporting.report_table import NarrativeReport, number_text

FONTS = pathlib.Path(__file__).parent / "fonts"
FONT = "NotoSerif"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


def headings() -> list[str]:
    return [
        gettext("Indicator"),
        # "Target" alone is "Chỉ tiêu" on the dashboard, which here names the first column.
        pgettext("report table", "Target"),
        gettext("Result"),
        gettext("% of target"),
        gettext("Note"),
    ]


def title_lines(report: NarrativeReport) -> list[str]:
    """ "BÁO CÁO KẾT QUẢ …" and "6 THÁNG ĐẦU NĂM 2026"."""
    heading = gettext("Report on the results of the digital transformation targets")
    return [heading.upper(), report.period.label.upper()]


def title(report: NarrativeReport) -> str:
    return " ".join(title_lines(report))


def place_and_date(report: NarrativeReport) -> str:
    day = selectors.today()
    values = {"place": report.place, "day": day.day, "month": day.month, "year": day.year}
    if not report.place:
        return gettext("Date %(day)02d/%(month)02d/%(year)d") % values
    return gettext("%(place)s, %(day)02d/%(month)02d/%(year)d") % values


def status_line(report: NarrativeReport) -> str:
    snapshot = report.snapshot
    if snapshot.status == snapshot.Status.APPROVED and snapshot.decided_at:
        return gettext("Figures approved by the province on %(day)s.") % {
            "day": snapshot.decided_at.strftime("%d/%m/%Y")
        }
    if report.stored:
        return gettext("Figures submitted on %(day)s, not approved yet.") % {
            "day": snapshot.submitted_at.strftime("%d/%m/%Y") if snapshot.submitted_at else "—"
        }
    return gettext("Draft: figures counted now, not submitted yet.")


def intro(report: NarrativeReport) -> list[str]:
    lines = [
        gettext(
            "Figures of %(unit)s and the units under it as recorded on Chợ Phiên up to "
            "%(day)s (activities: since the start of the year); %(members)s members."
        )
        % {
            "unit": report.unit_name,
            "day": report.snapshot.day.strftime("%d/%m/%Y"),
            "members": number_text(report.members),
        },
        status_line(report),
    ]
    if report.merged:
        merged = gettext("Includes the records of the units merged into it during the period:")
        lines.append(f"{merged} {', '.join(report.merged)}.")
    units = [unit["name"] for unit in report.year_before.get("units", [])]
    if units and units != [report.unit_name]:
        lines.append(
            gettext("The same period last year adds up: %(units)s.") % {"units": ", ".join(units)}
        )
    return lines


# --- XLSX ---


def report_xlsx(report: NarrativeReport) -> bytes:
    """The narrative table as a workbook: a few heading lines, then one row per indicator
    with the target, result and % of target as numbers (shares formatted with a % sign)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Report")[:31]
    bold = Font(bold=True)
    sheet.append([spreadsheet_text(gettext("HO CHI MINH COMMUNIST YOUTH UNION"))])
    sheet.append([spreadsheet_text(report.committee)])
    sheet["A2"].font = bold
    sheet.append([spreadsheet_text(title(report))])
    sheet["A3"].font = Font(bold=True, size=13)
    for line in intro(report):
        sheet.append([spreadsheet_text(line)])
    sheet.append([])
    sheet.append(headings())
    heading_row = sheet.max_row
    for cell in sheet[heading_row]:
        cell.font = bold
    for row in report.rows:
        number_format = '0.0" %"' if row.percent else "#,##0"
        sheet.append(
            [
                spreadsheet_text(row.label),
                None if row.target is None else float(row.target),
                None if row.result is None else float(row.result),
                None if row.of_target is None else float(row.of_target),
                spreadsheet_text(row.note),
            ]
        )
        line = sheet.max_row
        sheet.cell(line, 2).number_format = number_format
        sheet.cell(line, 3).number_format = number_format
        sheet.cell(line, 4).number_format = '0.0" %"'
        sheet.cell(line, 1).alignment = sheet.cell(line, 5).alignment = Alignment(wrap_text=True)
    for column, width in zip("ABCDE", (48, 12, 12, 14, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(heading_row + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ---


def _text(value: str) -> str:
    # Precomposed letters: the font is not shaped, so "ệ" must be one glyph, not e + marks.
    return unicodedata.normalize("NFC", str(value))


class _ReportPDF(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        # The margins of an administrative document (Decree 30/2020: left 30-35 mm,
        # right 15-20, top and bottom 20-25), a little narrower on the left for the table.
        self.set_margins(left=25, top=20, right=15)
        self.set_auto_page_break(auto=True, margin=20)
        for style, name in (("", "Regular"), ("B", "Bold"), ("I", "Italic")):
            self.add_font(FONT, style=style, fname=str(FONTS / f"NotoSerif-{name}.ttf"))

    def footer(self):
        if self.pages_count > 1:
            self.set_y(-15)
            self.set_font(FONT, "", 9)
            self.cell(0, 8, f"{self.page_no()}/{{nb}}", align=Align.C)

    def block(self, x: float, width: float, lines: list[tuple[str, str, float]]) -> float:
        """Centred lines (text, style, size) in a column from `x`; returns the y reached."""
        for text, style, size in lines:
            self.set_x(x)
            self.set_font(FONT, style, size)
            self.multi_cell(
                width, size * 0.5, _text(text), align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT
            )
        return self.get_y()


def report_pdf(report: NarrativeReport) -> bytes:
    pdf = _ReportPDF()
    pdf.alias_nb_pages()
    pdf.set_title(_text(title(report)))
    pdf.set_author(_text(report.unit_name))
    pdf.set_creator("Chợ Phiên")
    pdf.add_page()
    width = pdf.epw
    left_width, right_width = 76.0, width - 76.0
    top = pdf.get_y()
    left_end = pdf.block(
        pdf.l_margin,
        left_width,
        [
            (gettext("HO CHI MINH COMMUNIST YOUTH UNION"), "", 12),
            (report.committee, "B", 12),
            ("***", "", 12),
            (gettext("No.:      -BC/ĐTN"), "", 12),
        ],
    )
    pdf.set_y(top)
    right_x = pdf.l_margin + left_width
    pdf.block(right_x, right_width, [(gettext("SOCIALIST REPUBLIC OF VIETNAM"), "B", 11.5)])
    pdf.block(right_x, right_width, [(gettext("Independence - Freedom - Happiness"), "BU", 12.5)])
    pdf.ln(4)
    right_end = pdf.block(right_x, right_width, [(place_and_date(report), "I", 12.5)])
    pdf.set_y(max(left_end, right_end) + 8)

    pdf.block(pdf.l_margin, width, [(line, "B", 14) for line in title_lines(report)])
    pdf.ln(4)
    pdf.set_font(FONT, "", 12)
    for line in intro(report):
        pdf.multi_cell(width, 6, _text(line), align=Align.J, new_x=XPos.LMARGIN)
    pdf.ln(3)

    pdf.set_font(FONT, "", 10.5)
    heading_style = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(
        col_widths=(52, 20, 26, 20, 52),
        text_align=("LEFT", "CENTER", "CENTER", "CENTER", "LEFT"),
        headings_style=heading_style,
        line_height=5.5,
        padding=1.5,
    ) as table:
        table.row([_text(heading) for heading in headings()])
        for row in report.rows:
            table.row(
                [
                    _text(row.label),
                    _text(row.target_text),
                    _text(row.result_text),
                    _text(row.of_target_text),
                    _text(row.note),
                ]
            )

    # The signature block (its titles and room to sign) is not left alone at a page's foot.
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(8)
    top = pdf.get_y()
    recipients = [(gettext("Recipients:"), "I", 11)]
    if report.parent_name:
        parent = gettext("- %(unit)s (to report);") % {"unit": report.parent_name}
        recipients.append((parent, "", 10.5))
    recipients.append((gettext("- Office files."), "", 10.5))
    for text, style, size in recipients:
        pdf.set_x(pdf.l_margin)
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(left_width, size * 0.5, _text(text), align=Align.L, new_x=XPos.LEFT)
    pdf.set_y(top)
    pdf.block(
        right_x,
        right_width,
        [
            (gettext("ON BEHALF OF THE STANDING COMMITTEE"), "B", 12.5),
            (gettext("SECRETARY"), "B", 12.5),
        ],
    )
    return bytes(pdf.output())
