"""Small helpers for the journeys: fill a form by field names, sign someone in, make a photo."""

from django.conf import settings
from django.test import Client

from tests.support.images import jpeg_bytes


def fill(page, values: dict, scope="main"):
    """Fill form fields by their `name`, whatever their kind (text, select, radio, file)."""
    for name, value in values.items():
        field = page.locator(f"{scope} [name='{name}']")
        kind = field.first.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if kind.startswith("select"):
            field.first.select_option(str(value))
        elif kind.endswith(":radio"):
            field.and_(page.locator(f"[value='{value}']")).check()
        elif kind.endswith(":file"):
            field.first.set_input_files(value)
        else:
            field.first.fill(str(value))


def sign_in(context, base_url, user):
    """Give the browser a signed-in session for `user` (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def jpeg(path, colour=(230, 170, 40)):
    path.write_bytes(jpeg_bytes(colour=colour))
    return path
