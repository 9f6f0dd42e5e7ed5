"""The demo publishes the five rules and notices as templates, and its people have accepted
them: journeys that sign the demo accounts in never meet the gate."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from legal.models import DocumentKind
from legal.selectors import needs_acceptance, versions_in_force

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_demo_publishes_every_document_as_a_template_its_accounts_accepted(
    demo_data_with_accounts,
):
    in_force = versions_in_force()
    assert set(in_force) == set(DocumentKind.values)
    assert {version.number for version in in_force.values()} == {1}
    page = Client().get(in_force[DocumentKind.OPERATING_RULES].url).content.decode()
    assert "Luật Thương mại điện tử" in page
    assert "legal-template-notice" in page  # "review with a lawyer, not legal advice"
    for user in User.objects.all():
        assert needs_acceptance(user, DocumentKind.values) == [], user.email
    client = Client()
    client.force_login(User.objects.get(email="buyer@example.com"))
    assert client.get(reverse("customer:profile-view")).status_code == 200  # no gate
