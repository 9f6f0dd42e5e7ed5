from wagtail import hooks

from cms.views import producer_chooser_viewset, product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_product_chooser_viewset():
    return product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_producer_chooser_viewset():
    return producer_chooser_viewset
