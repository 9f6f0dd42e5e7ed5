from django import template

from producers.selectors import product_ocop_stars

register = template.Library()


@register.filter
def ocop_stars(product):
    """{{ product|ocop_stars }}: the valid OCOP stars, or None once the certificate expired."""
    return product_ocop_stars(product=product)
