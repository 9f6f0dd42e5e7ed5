"""Strings of Wagtail, Oscar and Django whose Vietnamese is missing or wrong in their own
catalogues, listed so that `make messages` keeps them in locale/vi/LC_MESSAGES/django.po.
That catalogue is in LOCALE_PATHS, so its translation of the same msgid wins over the
upstream one (Django merges LOCALE_PATHS last). Nothing imports this module."""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_noop

UPSTREAM_MESSAGES = [
    # Wagtail: sign-in
    _("Sign in to Wagtail"),
    _("Forgotten password?"),
    _("Remember me"),
    # Wagtail: home, menus, listings
    _("Search all pages…"),
    _("Site summary"),
    _("Help"),
    _("Search…"),
    _("Filter by"),
    _("Show filters"),
    _("Pagination"),
    _("Page %(page_num)s of %(total_pages)s"),
    _("Sort by '%(label)s' in ascending order."),
    _("Sort by '%(label)s' in descending order."),
    _("Actions"),
    _("Back"),
    _("Sidebar"),
    _("Toggle section"),
    _("Toggle breadcrumbs"),
    _("Toggle side panel"),
    _("Bulk actions"),
    _("Select row"),
    _("Select"),
    _("Any"),
    # Wagtail: pages
    _("Add child page"),
    _("Page type"),
    _("Edited by"),
    _("Move"),
    _("Visit the live page"),
    _("Has child pages"),
    _("Sort menu order"),
    _("Delete selected pages"),
    _("Publish selected pages"),
    _("Unpublish selected pages"),
    _("Move selected pages"),
    _("Save draft"),
    _("Promote"),
    _("Slug"),
    _("Comments"),
    _("Checks"),
    _("Live"),
    _("More actions"),
    _("Show in menus"),
    _("Page title"),
    _("View history"),
    _("Preview in new tab"),
    _("Set schedule"),
    # Oscar: its own Vietnamese is wrong here
    _("Fulfilment"),
    _("New customers"),
    _("Price excl tax (before discounts)"),
    # Oscar: missing
    _("Status Changes"),
    _("No status changes."),
    _("Voucher Sets"),
    _("Offers, vouchers"),
    _("All Offers"),
    _("Offer type"),
    _("Has vouchers?"),
    _("Has offers?"),
    _("In voucher set?"),
    _("Not in a set"),
    _("Voucher Search Results"),
    _("Attribute Option Groups"),
    # The shipping code of an order shipped per producer (marketplace/shipping/methods.py)
    _("by-producer"),
    # Wagtail's empty listing and the count of a filtered one
    _('There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'),
    ngettext_noop("There is %(counter)s match", "There are %(counter)s matches", 1),
]
