"""A training in Bát Xát with its practice shop: the records the practice tests share, built
through the project's services and pages."""

import datetime
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.order.models import Order
from mentoring import practice
from mentoring.models import Attendance, OrgUnitRole, Topic, TrainingSession
from producers.models import Producer
from tests.checkout.helpers import ADDRESS
from tests.factories.marketplace import make_category
from tests.factories.mentoring import link_account, make_lao_cai, make_member
from tests.mentoring.sellers import make_moderator, make_seller_for, specialty_member
from tests.support.images import jpeg_upload

HELD_ON = datetime.date(2026, 3, 14)
PRACTICE_TITLE = "Mật ong bạc hà thực hành – chai 300ml"


def user_in(group: str, email: str) -> User:
    user = User.objects.create_user(email=email, password="x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def product_form(category, title=PRACTICE_TITLE, price="120000"):
    return {
        "title": title,
        "category": category.pk,
        "price": price,
        "num_in_stock": "5",
        "description": "Mật ong hoa bạc hà của nhóm tập huấn.",
        "unit": "chai",
        "weight_grams": "400",
        "origin_commune": "Y Tý",
        "harvest_season": "",
        "stars": "",
        "number": "",
        "issued_on": "",
        "expires_on": "",
        "photo": jpeg_upload(size=(300, 300)),
    }


class World:
    """Bát Xát's e-commerce training with Mai (who already sells, with her own account) and
    Páo (no account yet) present; Vàng of the same unit was not there. A mentor of Bát Xát,
    one of Sa Pa."""

    def __init__(self):
        self.tree = make_lao_cai()
        self.mentor = user_in("Mentors", "mentor.batxat@example.com")
        OrgUnitRole.objects.create(user=self.mentor, org_unit=self.tree["bat_xat"])
        self.other_mentor = user_in("Mentors", "mentor.sapa@example.com")
        OrgUnitRole.objects.create(user=self.other_mentor, org_unit=self.tree["sa_pa"])
        self.mai = specialty_member(unit=self.tree["y_ty"], name="Lý Thị Mai")
        self.real_product = make_seller_for(self.mai, moderator=make_moderator())
        self.mai_user = self.mai.producer.partner.users.get()
        # Mai linked her account to her member record (the sign-in help link): it takes her
        # practice seat when the shop opens. Páo has no account yet.
        link_account(member=self.mai, user=self.mai_user, link_by=self.mentor)
        self.pao = specialty_member(unit=self.tree["y_ty"], name="Sùng A Páo")
        self.vang = make_member(unit=self.tree["y_ty"], name="Giàng Thị Vàng")
        self.training = TrainingSession.objects.create(
            topic=Topic.ECOMMERCE,
            title="Bán hàng trên sàn thương mại điện tử",
            held_on=HELD_ON,
            place="Nhà văn hoá xã Y Tý",
            org_unit=self.tree["bat_xat"],
        )
        for member in (self.mai, self.pao):
            Attendance.objects.create(session=self.training, member=member)
        self.category = make_category(name="Mật ong")

    def open_practice(self):
        """The mentor opens the practice shop from the training's page."""
        response = client_for(self.mentor).post(
            reverse("mentoring_trainings:practice", args=[self.training.pk])
        )
        assert response.status_code == 302, response.content[:500]
        self.session = self.training.practice
        self.mai_shop = Producer.objects.get(
            practice_seat__session=self.session, practice_seat__member=self.mai
        )
        self.pao_shop = Producer.objects.get(
            practice_seat__session=self.session, practice_seat__member=self.pao
        )
        return self.session

    def pao_joins(self):
        """Páo creates an account, opens the join link the mentor's screen shows and confirms
        that he is Páo."""
        self.pao_user = User.objects.create_user(email="pao@example.com", password="x" * 12)
        self.pao_client = client_for(self.pao_user)
        link = reverse("portal:practice_join", args=[practice.join_token(self.pao_shop)])
        response = self.pao_client.post(link, {"i_am_the_member": "1"})
        assert response.status_code == 302, response.content[:500]
        return response

    def mai_lists_a_product(self) -> Product:
        """Mai works in her practice shop and lists a product through the portal."""
        self.mai_client = client_for(self.mai_user)
        response = self.mai_client.post(reverse("portal:practice_enter", args=[self.mai_shop.pk]))
        assert response.status_code == 302
        response = self.mai_client.post(reverse("portal:product_add"), product_form(self.category))
        assert response.status_code == 302, response.content[:2000]
        self.practice_product = Product.objects.get(stockrecords__partner=self.mai_shop.partner)
        return self.practice_product

    def pao_buys_with_the_test_card(self) -> Order:
        """Páo puts Mai's product in his basket from the practice page, checks out with the
        card and pays with the test card on localstripe; Stripe's webhook (signed as Stripe
        signs it) says it is paid."""
        client = self.pao_client
        response = client.post(
            reverse("basket:add", kwargs={"pk": self.practice_product.pk}), {"quantity": 1}
        )
        assert response.status_code == 302
        response = client.get(reverse("checkout:index"))
        assert response.status_code == 302, response.content[:500]
        response = client.post(reverse("checkout:shipping-address"), ADDRESS)
        assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(
            reverse("checkout:shipping-method"), {f"group_{self.mai_shop.partner_id}": "pickup"}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        self.payment_page = client.get(reverse("checkout:payment-method"))
        response = client.post(reverse("checkout:payment-method"), {"method": "card"})
        assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
        assert response.status_code == 302, response.content.decode()[:3000]
        order = Order.objects.get(user=self.pao_user)
        response = client.post(response.url, {"card": "visa"})
        assert response.status_code == 302
        source = order.sources.get()
        stripe_webhook(client, intent_id=source.reference, amount=int(source.amount_allocated))
        order.refresh_from_db()
        self.order = order
        return order

    def mai_sends_it(self):
        line = self.order.lines.get()
        response = self.mai_client.post(
            reverse("portal:order", args=[self.order.number]),
            {"action": "dispatch", "lines": [line.pk], "tracking_number": ""},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        return response

    def whole_loop(self):
        self.open_practice()
        self.pao_joins()
        self.mai_lists_a_product()
        self.pao_buys_with_the_test_card()
        self.mai_sends_it()


def stripe_webhook(client, *, intent_id: str, amount: int):
    """Post Stripe's payment_intent.succeeded for the intent, signed with the webhook secret."""
    payload = json.dumps(
        {
            "id": f"evt_{intent_id}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {
                "object": {
                    "id": intent_id,
                    "object": "payment_intent",
                    "amount": amount,
                    "amount_received": amount,
                    "currency": "vnd",
                    "status": "succeeded",
                }
            },
        }
    ).encode()
    timestamp = int(time.time())
    signature = hmac.new(
        settings.STRIPE_WEBHOOK_SECRET.encode(),
        f"{timestamp}.".encode() + payload,
        hashlib.sha256,
    ).hexdigest()
    response = client.post(
        reverse("checkout:stripe-webhook"),
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": f"t={timestamp},v1={signature}"},
    )
    assert response.status_code == 200
