"""{% product_share %}, {% producer_share %}, {% lot_share %}: the dict
templates/includes/og_meta.html renders (producers.sharing)."""

from django import template

from producers import sharing

register = template.Library()


@register.simple_tag(takes_context=True)
def product_share(context, product, session, url):
    return sharing.product_share(
        request=context.get("request"), product=product, session=session, url=url
    )


@register.simple_tag(takes_context=True)
def producer_share(context, producer, url):
    return sharing.producer_share(request=context.get("request"), producer=producer, url=url)


@register.simple_tag(takes_context=True)
def lot_share(context, lot):
    return sharing.lot_share(request=context.get("request"), lot=lot)
