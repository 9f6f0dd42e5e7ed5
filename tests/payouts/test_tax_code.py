"""A producer's tax code (MST): its check digit is checked wherever it is typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from core.tax_codes import tax_code_is_valid
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("0100109106", True),
        ("0101243150", True),  # 31·0+29·1+…+3·5 = 175; 175 mod 11 = 10; 10 − 10 = 0
        ("0101243151", False),  # wrong check digit
        ("0101243150-001", True),  # a branch
        ("0101243150001", True),
        ("0101243150-000", False),  # no branch 000
        ("010124315", False),
        ("01012431500", False),
        ("01012A3150", False),
    ],
)
def test_tax_code_check_digit(code, valid):
    assert tax_code_is_valid(code) is valid


def test_the_portal_refuses_a_wrong_tax_code_in_vietnamese_and_keeps_a_right_one(client):
    producer = make_producer()
    user = User.objects.create_user(email="htx@example.com", password="a-long-password-1")
    producer.partner.users.add(user)
    client.force_login(user)
    form = {"offers_national_post": "on", "tax_code": "0101 243 151"}
    response = client.post(reverse("portal:selling_setup"), form)
    assert response.status_code == 200
    assert "Mã số thuế không hợp lệ" in response.content.decode()
    producer.refresh_from_db()
    assert producer.tax_code == ""

    form["tax_code"] = "0101243150 001"
    response = client.post(reverse("portal:selling_setup"), form)
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.tax_code == "0101243150-001"
    # The model refuses it too (the staff's producer form, any service).
    producer.tax_code = "0101243151"
    with pytest.raises(ValidationError) as error:
        producer.full_clean()
    assert "tax_code" in error.value.message_dict
