"""Product import spreadsheets that ask the reader for gigabytes (a far cell, a million styled
rows, shared-string bombs, an OpenDocument repeat): any signed-up producer can upload one, and
before the size check each of the first kind aborted the whole server process. Each must be
refused as a whole with a reason, through the same path the portal uses, writing nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from marketplace.catalogue.models import ProductImage
from producers.models import ProductImport
from producers.product_import import columns, errors, reading
from producers.services import producer_products_including_unpublished
from tests.factories.producers import make_producer
from tests.support import spreadsheet_bombs

pytestmark = pytest.mark.django_db

HEADER = [column.header for column in columns.COLUMNS]
VIETNAMESE_REFUSALS = {
    "sheet_too_big": "Trang tính trải tới ",
    "sheet_too_much_data": "Khi giải nén, tệp Excel này chứa hơn ",
    "not_spreadsheet": "Tệp này không phải tệp Excel.",
}


@pytest.fixture
def producer_client():
    producer = make_producer(name="Hợp tác xã Chè Tả Phìn")
    user = User.objects.create_user(email="coop@example.com", password="x" * 12)
    producer.partner.users.add(user)
    client = Client()
    client.force_login(user)
    return producer, user, client


@pytest.mark.parametrize("bomb", sorted(spreadsheet_bombs.BOMBS))
def test_spreadsheet_bombs_are_refused_as_a_whole(producer_client, bomb):
    producer, user, client = producer_client
    make, code = spreadsheet_bombs.BOMBS[bomb]
    data = make(HEADER)
    assert len(data) <= reading.MAX_SHEET_BYTES  # refused for what it holds, not its size
    response = client.post(
        reverse("portal:product_import"),
        {"sheet": SimpleUploadedFile("san-pham.xlsx", data)},
    )
    checked = ProductImport.objects.get()
    assert response.status_code == 302
    assert checked.status == ProductImport.Status.REJECTED
    assert checked.summary["file_error"]["code"] == code
    with translation.override("vi"):
        message = errors.file_error_message(checked.summary["file_error"])
    assert message.startswith(VIETNAMESE_REFUSALS[code])
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi")
    assert VIETNAMESE_REFUSALS[code].strip() in page.content.decode()
    assert not producer_products_including_unpublished(producer=producer).exists()
    assert not ProductImage.objects.exists()


def test_a_huge_merged_range_is_read_as_the_cells_it_has():
    with pytest.raises(errors.ImportFileError) as refused:
        reading.read_rows(spreadsheet_bombs.huge_merge(HEADER))
    assert refused.value.code == "no_rows"


def test_the_bomb_builder_makes_workbooks_the_reader_reads():
    """The bombs are refused for their size, not for being malformed."""
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>Chè Shan Tuyết</t></is></c></row>'
    rows = reading.read_rows(spreadsheet_bombs.workbook(HEADER, rows=row))
    assert [(number, values["title"]) for number, values in rows] == [(2, "Chè Shan Tuyết")]
