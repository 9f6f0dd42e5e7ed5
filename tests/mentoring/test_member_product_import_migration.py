"""ProductImport.for_member (producers) moved to mentoring's MemberProductImport: the data
migration copies every import a mentor made for a member, marks it as a draft's import, and
copies it back when migrated backwards."""

import pytest

from tests.factories.mentoring import make_lao_cai, make_member
from tests.factories.producers import make_producer
from tests.support.migrations import latest_migrations_afterwards, migrate_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("mentoring", "0010_member_accounts"), ("producers", "0008_producer_pickup_place")]
# The migrations that move the imports (not every later one: migrating the whole project
# forward and back again cost a minute on SQLite, which remakes a table for each change).
AFTER = [
    ("mentoring", "0011_member_product_imports"),
    ("producers", "0010_remove_productimport_for_member"),
]


def test_imports_for_a_member_move_to_mentoring_and_back(tmp_path):
    producer = make_producer(name="Hộ Lý Thị Mai")
    mai = make_member(unit=make_lao_cai()["y_ty"])
    with latest_migrations_afterwards(tmp_path):
        old = migrate_to(BEFORE)
        ProductImport = old.get_model("producers", "ProductImport")
        common = {"producer_id": producer.pk, "sheet": "a.xlsx", "status": "checked"}
        for_mai = ProductImport.objects.create(**common, original_name="mai", for_member_id=mai.pk)
        own = ProductImport.objects.create(**common, original_name="own")

        new = migrate_to(AFTER)
        ProductImport = new.get_model("producers", "ProductImport")
        MemberProductImport = new.get_model("mentoring", "MemberProductImport")
        assert list(MemberProductImport.objects.values_list("product_import_id", "member_id")) == [
            (for_mai.pk, mai.pk)
        ]
        assert dict(ProductImport.objects.values_list("pk", "for_draft")) == {
            for_mai.pk: True,
            own.pk: False,
        }

        old = migrate_to(BEFORE)
        ProductImport = old.get_model("producers", "ProductImport")
        assert dict(ProductImport.objects.values_list("pk", "for_member_id")) == {
            for_mai.pk: mai.pk,
            own.pk: None,
        }
