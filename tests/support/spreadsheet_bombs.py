"""Small workbooks that ask a spreadsheet reader for far more memory than they weigh.

Written here with zipfile, part by part, so each says exactly what it claims. Never hand one
to python-calamine without core.tabular.xlsx_check in front of it: calamine
aborts the whole process (pytest included) on the failed allocation.
"""

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    f'{_DECLARATION}<Types xmlns="{_PACKAGE}/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATION}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{_RELATION}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATION}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATION}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def workbook(
    header: list[str],
    *,
    rows=(),
    dimension: str = "A1",
    after_data: str = "",
    strings=None,
    sheet_name: str = "Sheet1",
    compresslevel: int = 9,
) -> bytes:
    """A one-sheet workbook: `header` as shared strings in row 1, then `rows` (XML text, or an
    iterable of chunks, written as they come), then `after_data` (merges, …) after
    <sheetData>. `strings` (chunks) replaces the shared strings part, which must still begin
    with the header's strings."""

    def sheet():
        yield (
            f'{_DECLARATION}<worksheet xmlns="{MAIN}">'
            f'<dimension ref="{dimension}"/><sheetData><row r="1">'
        )
        yield (
            "".join(f'<c r="{_column(i)}1" t="s"><v>{i}</v></c>' for i in range(len(header)))
            + "</row>"
        )
        yield from [rows] if isinstance(rows, str) else rows
        yield f"</sheetData>{after_data}</worksheet>"

    def shared():
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in header)
        yield f'{_DECLARATION}<sst xmlns="{MAIN}">{items}'
        yield from strings or ()
        yield "</sst>"

    parts = [
        ("[Content_Types].xml", [_CONTENT_TYPES]),
        ("_rels/.rels", [_RELS]),
        ("xl/workbook.xml", [_WORKBOOK.replace("{name}", escape(sheet_name))]),
        ("xl/_rels/workbook.xml.rels", [_WORKBOOK_RELS]),
        ("xl/worksheets/sheet1.xml", sheet()),
        ("xl/sharedStrings.xml", shared()),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        for name, chunks in parts:
            with zf.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk.encode())
    return buffer.getvalue()


def far_cell(header: list[str]) -> bytes:
    """One cell in the sheet's last column of its last row: 2 KB, and calamine's dense range
    from A1 to XFD1048576 is 549,755,813,888 bytes."""
    return workbook(
        header,
        rows='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        dimension="A1:XFD1048576",
    )


def huge_merge(header: list[str]) -> bytes:
    """Every cell under the header merged into one (calamine keeps merges as ranges)."""
    return workbook(
        header,
        dimension="A1:XFD1048576",
        after_data='<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>',
    )


def styled_empty_rows(header: list[str], count: int = 1_000_000) -> bytes:
    """A million formatted, empty rows (no addresses: they compress to almost nothing), the
    sheet claiming A1:XFD1048576."""
    row = '<row s="1" customFormat="1"><c s="1"/></row>'
    block = row * 10_000
    return workbook(header, rows=(block for _ in range(count // 10_000)), dimension="A1:XFD1048576")


def repeated_shared_string(header: list[str], cells: int = 4000, size: int = 1_000_000) -> bytes:
    """A 1 MB shared string referred to by every cell under the header: calamine copies it
    into each: `cells` MB, 4 GB by default."""
    index = len(header)
    per_row = "".join(f'<c r="{_column(i)}{{n}}" t="s"><v>{index}</v></c>' for i in range(2))
    rows = "".join(f'<row r="{n}">{per_row.format(n=n)}</row>' for n in range(2, cells // 2 + 2))
    return workbook(header, rows=rows, strings=["<si><t>" + "A" * size + "</t></si>"])


def huge_shared_strings(header: list[str], megabytes: int = 300) -> bytes:
    """A shared strings part that unpacks to `megabytes` MB (calamine reads it all on
    opening the workbook)."""
    block = ("<si><t>" + "A" * 1000 + "</t></si>") * 1000  # about 1 MB
    return workbook(header, strings=(block for _ in range(megabytes)), compresslevel=1)


def ods_repeated_cells(header: list[str]) -> bytes:
    """An OpenDocument sheet whose one row is repeated 1,048,575 times across 16,384 columns:
    calamine expands the repeats (2 GB asked for on opening)."""
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p>'
        "</table:table-cell>"
        for text in header
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"<table:table-row>{cells}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16383"/>'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# Each bomb, and the refusal the readers must answer with.
BOMBS = {
    "far_cell": (far_cell, "sheet_too_big"),
    "styled_empty_rows": (styled_empty_rows, "sheet_too_big"),
    "repeated_shared_string": (repeated_shared_string, "sheet_too_much_data"),
    "huge_shared_strings": (huge_shared_strings, "sheet_too_much_data"),
    "ods_repeated_cells": (ods_repeated_cells, "not_spreadsheet"),
}
