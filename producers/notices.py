"""Who hears of a producer's new orders by phone, and the page they open: the shop asks this
through CHOPHIEN_PARTNER_NOTICE (marketplace.order.messages), since it does not know producers.

Every number they have: each account of the shop's partner (the producer and any helper) and
the producer's contact phone, so a producer whose shop was drafted for them, with no account
yet, still hears of the order. The link is the portal's order page (sign-in asked there).
"""

from django.urls import reverse

from marketplace.order.messages import PartnerNotice, site_url


def partner_notice(*, partner, order) -> PartnerNotice:
    phones = [user.phone for user in partner.users.all() if user.phone]
    producer = getattr(partner, "producer", None)
    if producer is not None and producer.contact_phone:
        phones.append(producer.contact_phone)
    return PartnerNotice(
        phones=phones,
        order_url=site_url(reverse("portal:order", kwargs={"number": order.number})),
    )
