"""The shop asks the practice shop who may buy a practice product only through the policy
settings.CHOPHIEN_SANDBOX_POLICY names (issue 23): without one, the shop's defaults
(marketplace.sandbox.SandboxPolicy) let nobody buy anything sandboxed, fellow trainees included."""

import pytest
from django.urls import reverse

from marketplace.payment.methods import StripeCard
from marketplace.sandbox import SandboxPolicy, sandbox_policy
from mentoring.practice import PracticePolicy, practice_mix_reason
from tests.practice.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_sandbox"  # practice purchases need test mode
    world = World()
    world.open_practice()
    world.pao_joins()
    world.mai_lists_a_product()
    return world


def _basket_count(client, product) -> int:
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    return client.get(reverse("basket:summary")).context["basket"].num_items


def test_the_site_names_the_practice_policy():
    assert isinstance(sandbox_policy(), PracticePolicy)


def test_without_a_policy_a_fellow_trainee_cannot_buy_a_practice_product(world, settings):
    settings.CHOPHIEN_SANDBOX_POLICY = ""
    assert type(sandbox_policy()) is SandboxPolicy
    assert _basket_count(world.pao_client, world.practice_product) == 0


def test_with_the_practice_policy_a_fellow_trainee_can(world):
    assert _basket_count(world.pao_client, world.practice_product) == 1


def test_the_card_asks_the_policy_about_a_mixed_basket(world, settings):
    """A practice product with a real one: the practice policy refuses the basket; the shop's
    defaults have no such rule (nothing sandboxed gets into a basket without a policy)."""
    card = StripeCard()
    mixed = [world.mai_shop, world.mai.producer]
    assert card.unavailable_reason(producers=[world.mai_shop]) is None
    refused = card.unavailable_reason(producers=mixed)
    assert refused is not None and refused == practice_mix_reason(mixed)
    settings.CHOPHIEN_SANDBOX_POLICY = ""
    assert card.unavailable_reason(producers=mixed) is None
