"""Oscar's dashboard home, without the practice orders of trainings (mentoring.practice).

Oscar's IndexView counts every order and line; its figures (orders, lines, revenue, average
order, the hourly chart, the status breakdown, customers) are counted again here from the
orders that are not practice. Oscar's root dashboard app is forked (marketplace.dashboard.apps),
so its home page is this IndexView."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Sum
from django.utils.timezone import now
from oscar.apps.dashboard import views as oscar_views
from oscar.apps.dashboard.views import *  # noqa: F403  the views we do not change

from accounts.models import User
from marketplace.order.models import Line, Order


class IndexView(oscar_views.IndexView):
    def get_stats(self):
        stats = super().get_stats()
        since = now() - timedelta(hours=24)
        orders = Order.objects.filter(is_practice=False)
        lines = Line.objects.filter(order__is_practice=False)
        customers = User.objects.filter(orders__isnull=False, orders__is_practice=False).distinct()
        user = self.request.user
        if not user.is_staff:  # a partner's own figures, as Oscar counts them
            partner_ids = tuple(user.partners.values_list("id", flat=True))
            orders = orders.filter(lines__partner_id__in=partner_ids).distinct()
            lines = lines.filter(partner_id__in=partner_ids)
            customers = customers.filter(orders__lines__partner_id__in=partner_ids).distinct()
        last_day = orders.filter(date_placed__gt=since)
        stats.update(
            total_orders_last_day=last_day.count(),
            total_lines_last_day=lines.filter(order__in=last_day).count(),
            average_order_costs=last_day.aggregate(v=Avg("total_incl_tax"))["v"] or Decimal(0),
            total_revenue_last_day=last_day.aggregate(v=Sum("total_incl_tax"))["v"] or Decimal(0),
            hourly_report_dict=self.get_hourly_report(orders),
            total_customers_last_day=customers.filter(date_joined__gt=since).count(),
            total_customers=customers.count(),
            total_orders=orders.count(),
            total_lines=lines.count(),
            total_revenue=orders.aggregate(v=Sum("total_incl_tax"))["v"] or Decimal(0),
            order_status_breakdown=orders.order_by("status")
            .values("status")
            .annotate(freq=Count("id")),
        )
        return stats
