"""core.storage: the uploads with people's data are kept where no URL serves them."""

from django.core.files.storage import default_storage, storages

from core.storage import private_storage
from mentoring.models import RosterImport
from producers.models import ProductImport


def test_member_lists_and_product_sheets_use_the_private_storage():
    private = storages["private"]
    fields = [
        RosterImport._meta.get_field("file"),
        ProductImport._meta.get_field("sheet"),
        ProductImport._meta.get_field("photos"),
    ]
    for field in fields:
        assert field.storage is private
        assert field.storage is not default_storage
        # The migration records the function, not this machine's storage options.
        assert field.deconstruct()[3]["storage"] is private_storage
