from django import template

from legal.models import BUYER_KINDS, SELLER_KINDS
from legal.selectors import documents_in_force, versions_in_force

register = template.Library()


@register.simple_tag
def legal_documents():
    """The versions in force, in a fixed order (footers)."""
    return documents_in_force()


@register.simple_tag
def legal_versions():
    """kind → version in force (checkout, sign-up)."""
    return versions_in_force()


@register.simple_tag
def legal_buyer_versions():
    """The terms and privacy notice in force: what signing up or placing an order accepts."""
    found = versions_in_force()
    return [found[kind] for kind in BUYER_KINDS if kind in found]


@register.simple_tag
def legal_seller_versions():
    """The seller's commitments and the operating rules in force: what becoming a seller
    accepts (the producer's profile step)."""
    found = versions_in_force()
    return [found[kind] for kind in SELLER_KINDS if kind in found]
