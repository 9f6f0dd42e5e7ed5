"""The search page in headless Chromium at a phone's width (360 px): it fits, the facets open
and a facet link narrows the results, with no script of ours needed."""

import pytest
from playwright.sync_api import expect

from marketplace.search.indexing import search_documents_rebuild
from tests.search.catalogue import build_catalogue


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_page_fits_a_360px_phone_and_facets_work(browser, live_server, tmp_path):
    build_catalogue()
    search_documents_rebuild()
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/search/?q=mat+ong")
        assert page.locator(".cp-card").count() == 6
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(tmp_path / "search-360.png"), full_page=True)
        page.locator(".cp-facets summary").click()
        page.get_by_role("link", name="Còn hàng").click()
        # The click returns once the navigation starts: page.url already names the new address
        # while its document may still be empty, so wait for it to load before counting.
        page.wait_for_url("**/search/?*in_stock=1*", wait_until="load")
        expect(page.locator(".cp-card")).to_have_count(5)  # the beeswax is sold out
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(tmp_path / "search-360-filtered.png"), full_page=True)
    finally:
        context.close()
