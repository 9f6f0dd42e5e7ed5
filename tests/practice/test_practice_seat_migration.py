"""The move of a practice shop's training and trainee from producers' columns into mentoring's
PracticeSeat (issue 23) keeps every row, both ways: migrated back, the producer has them again."""

import pytest

from tests.support.migrations import latest_migrations_afterwards, migrate_to

# serialized_rollback: the rows the data migrations made (groups, ...) come back after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("producers", "0010_remove_productimport_for_member"),
    ("mentoring", "0011_member_product_imports"),
]
AFTER = [("producers", "0012_remove_producer_practice_fks"), ("mentoring", "0012_practiceseat")]


def test_seats_are_copied_from_the_producers_and_back(tmp_path):
    with latest_migrations_afterwards(tmp_path):
        old = migrate_to(BEFORE)
        Partner = old.get_model("partner", "Partner")
        Producer = old.get_model("producers", "Producer")
        User = old.get_model("accounts", "User")
        OrgUnit = old.get_model("mentoring", "OrgUnit")
        Member = old.get_model("mentoring", "Member")
        TrainingSession = old.get_model("mentoring", "TrainingSession")
        PracticeSession = old.get_model("mentoring", "PracticeSession")
        mentor = User.objects.create(email="mentor@example.com", password="x")
        unit = OrgUnit.objects.create(code="xa-ta-phin", kind="grassroots")
        training = TrainingSession.objects.create(
            org_unit=unit, title="Bán hàng online", held_on="2026-11-20", topic="ecommerce"
        )
        session = PracticeSession.objects.create(training=training, opened_by=mentor)
        mai = Member.objects.create(
            org_unit=unit,
            full_name="Lò Thị Mai",
            member_number="M1",
            birth_year=2000,
            gender="female",
        )

        def producer(code, **fields):
            partner = Partner.objects.create(code=code, name=code)
            return Producer.objects.create(
                partner=partner, slug=code, kind="household", district="Bắc Hà", **fields
            )

        seat = producer("thuc-hanh-mai", practice_session=session, practice_member=mai)
        gone = producer("thuc-hanh-an", practice_session=session)  # the member's record erased
        real = producer("ho-mat-ong")

        new = migrate_to(AFTER)
        PracticeSeat = new.get_model("mentoring", "PracticeSeat")
        assert set(PracticeSeat.objects.values_list("producer_id", "session_id", "member_id")) == {
            (seat.pk, session.pk, mai.pk),
            (gone.pk, session.pk, None),
        }
        Producer = new.get_model("producers", "Producer")
        assert set(Producer.objects.filter(is_sandbox=True).values_list("pk", flat=True)) == {
            seat.pk,
            gone.pk,
        }
        assert not Producer.objects.get(pk=real.pk).is_sandbox

        back = migrate_to(BEFORE)
        Producer = back.get_model("producers", "Producer")
        assert set(
            Producer.objects.filter(practice_session__isnull=False).values_list(
                "pk", "practice_session_id", "practice_member_id"
            )
        ) == {(seat.pk, session.pk, mai.pk), (gone.pk, session.pk, None)}
