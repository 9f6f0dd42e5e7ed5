"""The editor: the home page's editor starts its inline panels, product choosers and
scheduling date pickers from inline scripts (Wagtail's), which run under the site's real CSP
by the response's nonce; the editor picks a product through the chooser and saves a draft."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from cms.models import HomePage
from tests.browser.helpers import sign_in
from tests.checkout.helpers import make_seller
from tests.factories.cms import home_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HONEY = "Mật ong hoa bạc hà – chai 500ml"


def test_editor_picks_a_featured_product_for_the_home_page(journey):
    _producer, honey = make_seller(name="HTX Mật ong Bắc Hà")
    honey.title = HONEY
    honey.save()
    editor = User.objects.create_user(
        email="bientap@example.com", password="x" * 12, is_staff=True, is_superuser=True
    )
    sign_in(journey.context, journey.base_url, editor)
    home = home_page()
    page = journey.page
    edit = f"/cms-admin/pages/{home.pk}/edit/"
    journey.goto(edit)
    journey.check("editor: the home page", admin=True)
    panel = page.locator("#id_featured_products-FORMS")
    before = panel.locator("[data-inline-panel-child]:visible").count()
    page.locator("#id_featured_products-ADD").click()
    child = panel.locator("[data-inline-panel-child]:visible").nth(before)
    expect(child).to_be_visible()
    child.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_contain_text(HONEY)
    # Colours are measured once the modal has faded in.
    expect(page.locator(".modal")).to_have_css("opacity", "1")
    journey.check("editor: choosing a product", admin=True)
    # Wagtail autosaves the form once it is valid again (its earlier, refused autosave of the
    # row without a product is allowed by the journey: see _wagtail_autosave_refused).
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(edit) and r.status == 200
    ):
        modal.get_by_role("link", name=HONEY).click()
    expect(modal).to_be_hidden()
    expect(child).to_contain_text(HONEY)
    page.locator("footer button.action-save").click()
    page.wait_for_load_state("load")
    journey.check("editor: draft saved", admin=True)
    draft = HomePage.objects.get(pk=home.pk).get_latest_revision_as_object()
    assert [item.product_id for item in draft.featured_products.all()][-1] == honey.pk
    # Leaving the editor ends its editing session (Wagtail's beacon) while the test still runs.
    # On the site, the editor has Wagtail's user bar (its accessibility checker runs axe).
    journey.goto("/")
    userbar = page.locator("wagtail-userbar")
    expect(userbar).to_be_attached()
    journey.check("home page with the editor's user bar")
    journey.finish()
