"""Oscar's order search form, with the statuses in words of the active language: Oscar lists
the pipeline's keys ("Awaiting payment") as they are. Used by the order list
(marketplace.dashboard.orders.views.OrderListView.form_class)."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.apps.dashboard.orders.forms import *  # noqa: F403  the forms we do not change
from oscar.core.loading import get_model

Order = get_model("order", "Order")

# The keys are msgids (marketplace.order.statuses), translated when the page renders.
status_label = lazy(gettext, str)


class OrderSearchForm(oscar_forms.OrderSearchForm):
    status = forms.ChoiceField(
        choices=(("", "---------"),) + tuple((v, status_label(v)) for v in Order.all_statuses()),
        label=oscar_forms.OrderSearchForm.base_fields["status"].label,
        required=False,
    )
