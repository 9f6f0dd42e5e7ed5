"""Complaints about orders (issue 28, item 3): a buyer opens one on their own order only, once
per line, with photos through the photo rules; the producer answers by the deadline (late is
recorded); staff refund through the shop's refund service or reject with a reason, both sides
are told; the public report counts without names."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import ModelLogEntry

from accounts.models import User
from complaints import selectors, services
from complaints.models import Complaint, ComplaintPhoto
from marketplace.order.models import Order
from marketplace.order.selectors import order_status_path
from marketplace.payment import services as payment_services
from marketplace.payment import stripe_gateway
from notifications.models import Message
from producers.models import Producer
from tests.checkout.helpers import (
    basket_add,
    card_paid_on_localstripe,
    checkout_to_preview,
    make_seller,
    place_order,
)

pytestmark = pytest.mark.django_db

BUYER_PHONE = "0912345678"


@pytest.fixture
def sellers():
    honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    tea = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa", price=90000)
    Producer.objects.filter(pk=honey[0].pk).update(contact_phone="0987000222")
    return honey, tea


def _order(client, sellers, *, method="bank-transfer", paid=True):
    (honey, jar), (tea, pack) = sellers
    basket_add(client, jar, 1)
    basket_add(client, pack, 1)
    checkout_to_preview(client, method=method, options={honey: "pickup", tea: "pickup"})
    assert place_order(client).status_code == 302
    order = Order.objects.get()
    Order.objects.filter(pk=order.pk).update(guest_phone=BUYER_PHONE)
    if paid and method != "card":
        for source in order.sources.all():
            payment_services.source_received_confirm(source_id=source.pk, by=None)
    order.refresh_from_db()
    return order


def _page(order) -> str:
    return reverse(
        "complaints:order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )


def _jpeg(name="damaged.jpg") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), "brown").save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def _producer_user(producer, email):
    user = User.objects.create_user(email=email, password="a-long-password-1")
    producer.partner.users.add(user)
    return user


def _staff():
    """Operator staff in the "Complaint handlers" group (complaints 0002), not a superuser."""
    user = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name="Complaint handlers"))
    return user


def _open(order, producer, **kwargs):
    line = order.lines.get(partner=producer.partner)
    return services.complaint_open(
        order=order,
        partner_id=producer.partner_id,
        line=line,
        reason=kwargs.pop("reason", "damaged"),
        description=kwargs.pop("description", "Lọ vỡ"),
        **kwargs,
    )


def test_someone_elses_order_is_a_404(client, sellers):
    (honey, _jar), _tea = sellers
    order = _order(client, sellers)
    wrong = reverse("complaints:order", kwargs={"order_number": order.number, "hash": "x" * 64})
    assert client.get(wrong).status_code == 404
    assert client.post(wrong, {"reason": "damaged"}).status_code == 404
    # A signed-in person opening a guest's order, or another account's, by its number.
    owner = User.objects.create_user(email="lan@example.com", password="a-long-password-1")
    stranger = User.objects.create_user(email="other@example.com", password="a-long-password-1")
    mine = reverse("complaints:mine", kwargs={"order_number": order.number})
    client.force_login(stranger)
    assert client.get(mine).status_code == 404
    Order.objects.filter(pk=order.pk).update(user=owner)
    assert client.get(mine).status_code == 404
    # Its evidence photos too: nobody but the owner, the producer and staff.
    complaint = _open(order, honey, photos=[_jpeg()])
    photo_url = reverse("complaints:photo", kwargs={"pk": complaint.photos.get().pk})
    assert client.get(photo_url).status_code == 404
    client.force_login(owner)
    assert client.get(mine).status_code == 200
    assert client.get(photo_url).status_code == 200
    # Another producer's line cannot be named from this one's part either.
    tea_line = order.lines.exclude(partner=honey.partner).get()
    with pytest.raises(services.PermissionDenied):
        services.complaint_open(
            order=order, partner_id=honey.partner_id, line=tea_line, reason="other",
            description="x",
        )  # fmt: skip


def test_a_buyer_opens_a_complaint_with_a_photo_once_per_line(
    client, sellers, django_capture_on_commit_callbacks
):
    (honey, _jar), _tea = sellers
    order = _order(client, sellers)
    line = order.lines.get(partner=honey.partner)
    data = {"target": f"line-{line.pk}", "reason": "damaged", "description": "Lọ mật bị vỡ"}

    # The photo rules of producers' photos: a file that is not a photo is refused, in words.
    fake = SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(_page(order), {**data, "photo_1": fake})
    assert "Tệp này không phải là ảnh" in response.content.decode()
    assert not Complaint.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_page(order), {**data, "photo_1": _jpeg()})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.line, complaint.partner_id, complaint.opened_by) == (
        line,
        honey.partner_id,
        None,
    )
    photo = ComplaintPhoto.objects.get()
    # Stored re-encoded under a neutral name in the private storage, which no URL serves.
    assert photo.image.storage.__class__.__name__ == "FileSystemStorage"
    assert "-private" in photo.image.storage.location and "damaged" not in photo.image.name
    assert f"#{complaint.pk}" in order.notes.order_by("pk").last().message
    assert ModelLogEntry.objects.filter(action="complaints.open", object_id=str(order.pk)).exists()
    # The producer hears of it by phone (their contact number), with the deadline.
    assert Message.objects.get(template="complaint_opened").to == "+84987000222"

    response = client.post(_page(order), data)
    assert response.status_code == 200
    assert "Đã có một khiếu nại đang mở" in response.content.decode()
    assert Complaint.objects.count() == 1
    # Nor one on the producer's whole part while one of its lines has one open.
    with pytest.raises(ValidationError):
        services.complaint_open(
            order=order, partner_id=honey.partner_id, reason="not_received", description="x"
        )
    # Never kept by the whole-page cache: the buyer sees the decision when it comes.
    assert "no-store" in client.get(_page(order))["Cache-Control"]
    # The order's page links to it and says how it stands.
    status_page = client.get(order_status_path(order)).content.decode()
    assert _page(order) in status_page and f"#{complaint.pk}" in status_page


def test_too_early_and_too_late_are_refused(client, sellers, settings):
    (honey, _jar), _tea = sellers
    order = _order(client, sellers, paid=False)
    lines = list(order.lines.all())
    assert "chưa được thanh toán" in services.complaint_refusal(order=order, lines=lines)
    for source in order.sources.all():
        payment_services.source_received_confirm(source_id=source.pk, by=None)
    order.refresh_from_db()
    assert services.complaint_refusal(order=order, lines=lines) is None
    later = order.date_placed + datetime.timedelta(
        days=settings.CHOPHIEN_COMPLAINT_WINDOW_DAYS, hours=1
    )
    assert "trong vòng 30 ngày" in services.complaint_refusal(order=order, lines=lines, now=later)


def test_a_late_answer_is_recorded_and_shown_to_staff(client, sellers):
    (honey, _jar), (tea, _pack) = sellers
    order = _order(client, sellers)
    complaint = _open(order, honey)
    Complaint.objects.filter(pk=complaint.pk).update(
        answer_due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = reverse("portal:complaint", kwargs={"pk": complaint.pk})
    # Another producer's portal does not know this complaint.
    client.force_login(_producer_user(tea, "chi@example.com"))
    assert client.get(page).status_code == 404
    assert client.post(page, {"answer": "Không phải của tôi"}).status_code == 404

    client.force_login(_producer_user(honey, "mai@example.com"))
    assert client.post(page, {"answer": "Xin lỗi, tôi gửi lọ khác"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.answered_late and complaint.answer == "Xin lỗi, tôi gửi lọ khác"
    assert "trễ hạn" in order.notes.order_by("pk").last().message

    other_staff = User.objects.create_user(email="editor@example.com", is_staff=True)
    other_staff.groups.add(Group.objects.get(name="Producer moderators"))
    client.force_login(other_staff)  # staff outside the group do not decide complaints
    assert client.get(reverse("complaints_admin:index")).status_code in (302, 403)
    client.force_login(_staff())
    listing = client.get(reverse("complaints_admin:index")).content.decode()
    assert 'data-answer-state="late"' in listing and "Trả lời trễ hạn" in listing
    detail = client.get(reverse("complaints_admin:detail", kwargs={"pk": complaint.pk}))
    assert "Xin lỗi, tôi gửi lọ khác" in detail.content.decode()
    # Rejecting needs a reason: refused in words, nothing decided.
    response = client.post(
        reverse("complaints_admin:detail", kwargs={"pk": complaint.pk}),
        {"reject": "1", "reason": ""},
    )
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.is_open


def test_a_card_refund_goes_through_the_refund_service(client, sellers, stripe, settings):
    (honey, _jar), _tea = sellers
    order = _order(client, sellers, method="card")
    card_paid_on_localstripe(client, order, settings)
    complaint = _open(order, honey)
    staff = _staff()
    client.force_login(staff)
    decide = reverse("complaints_admin:detail", kwargs={"pk": complaint.pk})
    response = client.post(decide, {"refund": "1", "amount": "150.000", "reason": ""})
    assert response.status_code == 302, response.content.decode()[:3000]

    source = order.sources.get()
    assert source.amount_refunded == Decimal(150000)
    refund = order.payment_events.get(event_type__name="Refunded")
    assert refund.reference.startswith("re_")
    stripe_refund = stripe_gateway.client().v1.refunds.retrieve(refund.reference)
    assert stripe_refund.amount == 150000 and stripe_refund.payment_intent == source.reference
    complaint.refresh_from_db()
    assert complaint.status == "refunded" and complaint.decided_by == staff
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(order.pk)).values_list("action", flat=True)
    )
    assert {"complaints.open", "payment.refund", "complaints.refund"} <= actions
    # Both order pages say it.
    client.logout()
    assert "đã hoàn 150.000" in client.get(order_status_path(order)).content.decode()
    client.force_login(_producer_user(honey, "mai@example.com"))
    portal = client.get(reverse("portal:order", kwargs={"number": order.number})).content.decode()
    assert "đã hoàn 150.000" in portal


def test_a_transfer_refund_is_due_from_the_producer_and_a_rejection_is_told(
    client, sellers, django_capture_on_commit_callbacks
):
    (honey, _jar), (tea, _pack) = sellers
    order = _order(client, sellers)
    honey_source = order.sources.get(partner=honey.partner)
    refund_complaint = _open(order, honey)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_refund(complaint=refund_complaint, amount=Decimal(100000), by=None)
    honey_source.refresh_from_db()
    assert honey_source.refund_due == Decimal(100000)
    # The producer gives it back and records it, as after a cancelled line.
    client.force_login(_producer_user(honey, "mai@example.com"))
    portal = client.get(reverse("portal:order", kwargs={"number": order.number})).content.decode()
    assert "hãy hoàn lại 100.000" in portal
    assert (
        client.post(reverse("portal:refund_given", kwargs={"number": order.number})).status_code
        == 302
    )
    honey_source.refresh_from_db()
    assert honey_source.amount_refunded == Decimal(100000) and honey_source.refund_due == 0
    # Both sides hear of it: the buyer and the producer.
    told = set(Message.objects.filter(template="complaint_refunded").values_list("to", flat=True))
    assert told == {"+84912345678", "+84987000222"}

    tea_complaint = services.complaint_open(
        order=order, partner_id=tea.partner_id, reason="not_received", description="Chưa nhận"
    )
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.complaint_reject(complaint=tea_complaint, reason=" ", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_reject(
            complaint=tea_complaint, reason="Đơn đã giao, có ảnh ký nhận", by=None
        )
    assert "Đơn đã giao, có ảnh ký nhận" in mail.outbox[0].body
    assert mail.outbox[0].to == [order.email]
    buyer_message = Message.objects.get(template="complaint_rejected", to="+84912345678")
    assert order.number in buyer_message.body
    assert "Đơn đã giao" in order.notes.order_by("pk").last().message
    with pytest.raises(ValidationError):  # decided once
        services.complaint_refund(complaint=tea_complaint, amount=Decimal(1), by=None)


def test_the_public_report_counts_without_names(client, sellers):
    (honey, _jar), (tea, _pack) = sellers
    order = _order(client, sellers)
    first = _open(order, honey)
    second = services.complaint_open(
        order=order, partner_id=tea.partner_id, reason="other", description="x"
    )
    services.complaint_reject(complaint=first, reason="Không có căn cứ", by=None)
    opened = timezone.make_aware(datetime.datetime(2026, 11, 10, 9, 0))
    Complaint.objects.filter(pk=first.pk).update(
        opened_at=opened, decided_at=opened + datetime.timedelta(days=2)
    )
    services.complaint_reject(complaint=second, reason="Không có căn cứ", by=None)
    Complaint.objects.filter(pk=second.pk).update(
        opened_at=opened, decided_at=opened + datetime.timedelta(days=5), status="refunded"
    )
    row = selectors.monthly_report()[0]
    assert (row.month, row.opened, row.decided, row.refunded, row.rejected) == (
        datetime.date(2026, 11, 1), 2, 2, 1, 1,
    )  # fmt: skip
    assert row.median_days == 3.5
    page = client.get(reverse("complaints:report")).content.decode()
    assert 'data-month="2026-11"' in page and "3,5" in page
    for private in (honey.name, tea.name, order.number, "Không có căn cứ", "Lọ vỡ"):
        assert private not in page
    assert reverse("complaints:report") in client.get(reverse("home")).content.decode()
