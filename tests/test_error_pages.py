"""With DEBUG off (as in production), failures show the site's own pages, in Vietnamese first,
never a traceback; server errors are logged; an unknown Host is refused."""

import logging

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]


def test_a_missing_page_is_the_sites_own_in_vietnamese_or_english(client, settings):
    assert settings.DEBUG is False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_a_refused_page_explains_itself(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Bạn không thể mở trang này" in response.content.decode()


def test_a_server_error_shows_no_traceback_and_is_logged(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Xin lỗi, trang này đang gặp sự cố" in html and "Sorry, something went wrong" in html
    assert "Traceback" not in html and "a bug in a view" not in html
    assert any("a bug in a view" in str(record.exc_info) for record in caplog.records)


@override_settings(ALLOWED_HOSTS=["chophien.example"])
def test_an_unknown_host_is_refused():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "yêu cầu này không hợp lệ" in response.content.decode()
