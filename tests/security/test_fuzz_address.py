"""Fuzzed shipping addresses: random text in each field of the checkout's address form is either
a valid address or form errors, never an exception, in the form and through the checkout page."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from marketplace.checkout.forms import ShippingAddressForm
from tests.checkout.helpers import ADDRESS, basket_add, make_seller

FIELDS = ["first_name", "phone_number", "province", "commune", "line1", "notes", "old_address"]
# Any text a browser can send (no lone surrogates: they cannot be UTF-8 encoded), long ones too,
# plus the real values so that fields other than the fuzzed one are often valid.
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300
) | st.sampled_from(["", " ", "0", "+84", "０９８７６５４３２１", "<script>", "x" * 1000])


def _address():
    return st.fixed_dictionaries(
        {field: st.one_of(ANY_TEXT, st.just(ADDRESS.get(field, ""))) for field in FIELDS}
    )


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_address())
def test_any_address_is_valid_or_has_form_errors(data):
    form = ShippingAddressForm(data=data)
    if form.is_valid():
        address = form.save(commit=False)  # what the checkout keeps in its session
        assert address.first_name.strip() and address.line1.strip()
        assert str(address.phone_number)
    else:
        assert form.errors and set(form.errors) <= {*FIELDS, "__all__"}
        assert "old_address" not in form.errors  # the paste box is not this form's
        form.as_div()  # the page can show the errors


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_address())
def test_the_checkout_address_page_never_fails(client, data):
    if not hasattr(client, "_fuzz_ready"):  # one basket for every example
        _producer, product = make_seller(name="Hộ Vàng Thị Dua")
        basket_add(client, product)
        client.post(
            reverse("checkout:index"), {"username": "lan@example.com", "options": "anonymous"}
        )
        client._fuzz_ready = True
    response = client.post(reverse("checkout:shipping-address"), data)
    assert response.status_code in {200, 302}
    # The same text pasted as an old-format address: offered converted, or refused with a
    # message, never an exception.
    pasted = client.post(reverse("checkout:shipping-address"), {**data, "convert": "1"})
    assert pasted.status_code in {200, 302}
    if response.status_code == 302:
        assert response.url == reverse("checkout:shipping-method")
        client.get(response.url)  # the next step reads the address kept in the session
    else:
        context = response.context
        assert context["form"].errors or context["old_form"].errors


@pytest.mark.django_db
def test_the_sample_address_is_accepted():
    """The fuzzed data mixes in these values: the valid branch is exercised, not only errors."""
    assert ShippingAddressForm(data=ADDRESS).is_valid()
