"""Oscar strings whose shipped Vietnamese reads badly. Marked here so that makemessages keeps
them in our catalogue, which Django consults before Oscar's."""

from django.utils.translation import gettext_noop

OVERRIDES = [
    gettext_noop("In stock (%d available)"),  # Oscar's reads "Trong kho ( 60 có sẵn)"
    gettext_noop("Your basket is empty."),
    gettext_noop("Unavailable"),
    gettext_noop("Products you recently viewed"),
    gettext_noop("Recommended items"),
    gettext_noop("Page not found"),
]
