from oscar.apps.dashboard.offers import views


class OfferListView(views.OfferListView):
    """Oscar's list of offers, in the offers' own order (highest priority first) unless staff
    sort by a column. Oscar counts each offer's vouchers, which groups the query, and Django
    leaves a model's default order out of a grouped query: the list's pages were in no set
    order, so an offer could show on two pages or on none."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.ordered:
            return queryset
        return queryset.order_by(*self.model._meta.ordering)
