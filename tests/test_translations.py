"""Every string of ours has Vietnamese, and the compiled catalogue matches its source."""

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"


def _messages(catalogue):
    return {_as_tuple(message.id): _as_tuple(message.string) for message in catalogue if message.id}


def test_every_message_has_a_vietnamese_translation():
    with open(CATALOGUE / "django.po", "rb") as po:
        catalogue = read_po(po)
    untranslated = [
        message.id
        for message in catalogue
        if message.id and (message.fuzzy or not all(_as_tuple(message.string)))
    ]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    with open(CATALOGUE / "django.po", "rb") as po, open(CATALOGUE / "django.mo", "rb") as mo:
        assert _messages(read_mo(mo)) == _messages(read_po(po))


def test_our_strings_are_served_in_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Lao Cai specialties from young producers") == (
            "Đặc sản Lào Cai từ tay người trẻ"
        )
    with translation.override("en"):
        assert translation.gettext("Lao Cai specialties from young producers") == (
            "Lao Cai specialties from young producers"
        )


def _as_tuple(value):
    """Plural messages come as sequences, singular ones as strings."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def test_english_says_basket_throughout():
    """Django's "en" also reads Oscar's en_US catalogue ("Add to cart"): the site's English
    keeps one word, as its own strings do (locale/en)."""
    with translation.override("en"):
        assert translation.gettext("Add to basket") == "Add to basket"
        assert translation.gettext("Basket total") == "Basket total"
        assert translation.gettext("View basket") == "View basket"
    with translation.override("vi"):
        assert translation.gettext("Add to basket") == "Thêm vào giỏ hàng"


def test_the_english_catalogue_is_compiled():
    folder = CATALOGUE.parent.parent / "en" / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as po, open(folder / "django.mo", "rb") as mo:
        assert _messages(read_mo(mo)) == _messages(read_po(po))
