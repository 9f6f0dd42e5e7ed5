"""The buyer's complaint page for one order (its complaints, and the form to open one), reached
by the order's signed link (a guest) or by a signed-in buyer's own order; an evidence photo,
for those who may see it; and the public monthly report."""

from django import http
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from complaints import selectors, services
from complaints.forms import ComplaintForm
from complaints.models import ComplaintPhoto

Order = get_model("order", "Order")


def _targets(order) -> list[tuple[str, str]]:
    targets = []
    for line in order.lines.select_related("partner").order_by("pk"):
        targets.append((f"line-{line.pk}", f"{line.quantity} × {line.title}"))
    for partner_id, name in dict(
        order.lines.values_list("partner_id", "partner__name").order_by("pk")
    ).items():
        targets.append(
            (
                f"part-{partner_id}",
                _("Everything from %(producer)s (not received)") % {"producer": name},
            )
        )
    return targets


class OrderComplaintsView(TemplateView):
    """GET: the order's complaints and the form; POST: open one. A wrong hash, or another
    person's order, is a 404 (never a hint that the order exists)."""

    template_name = "complaints/order.html"
    signed = True

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(Order, number=kwargs["order_number"])
        if self.signed:
            if not self.order.check_verification_hash(kwargs["hash"]):
                raise http.Http404
        elif self.order.user_id is None or self.order.user_id != request.user.pk:
            raise http.Http404
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None, files=None):
        return ComplaintForm(data, files, targets=_targets(self.order))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "order": self.order,
            "complaints": self.order.complaints.select_related("line", "partner").order_by("pk"),
            "form": kwargs.get("form") or self._form(),
            "refusal": services.complaint_refusal(
                order=self.order, lines=list(self.order.lines.all())
            ),
            "opened": self.request.GET.get("opened"),
        }

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            kind, _sep, pk = form.cleaned_data["target"].partition("-")
            line = self.order.lines.get(pk=pk) if kind == "line" else None
            partner_id = line.partner_id if line is not None else int(pk)
            try:
                complaint = services.complaint_open(
                    order=self.order,
                    partner_id=partner_id,
                    line=line,
                    reason=form.cleaned_data["reason"],
                    description=form.cleaned_data["description"],
                    photos=form.photos(),
                    by=request.user,
                )
            except PermissionDenied:
                raise http.Http404 from None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(f"{request.path}?opened={complaint.pk}")
        return self.render_to_response(self.get_context_data(form=form))


class MyOrderComplaintsView(OrderComplaintsView):
    signed = False


def photo(request, pk: int):
    """An evidence photo: for staff who decide complaints, the producer it is about, and the
    signed-in buyer who owns the order. Everyone else: 404."""
    photo = get_object_or_404(ComplaintPhoto.objects.select_related("complaint__order"), pk=pk)
    complaint = photo.complaint
    user = request.user
    allowed = user.is_authenticated and (
        user.has_perm("complaints.decide_complaint")
        or complaint.partner.users.filter(pk=user.pk).exists()
        or (complaint.order.user_id is not None and complaint.order.user_id == user.pk)
    )
    if not allowed:
        raise http.Http404
    response = http.FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    if photo.image.name.endswith(".png"):
        response["Content-Type"] = "image/png"
    response["Cache-Control"] = "private, no-store"
    return response


class ReportView(TemplateView):
    """Public: how many complaints each month and how long they took. No names, no orders."""

    template_name = "complaints/report.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rows": selectors.monthly_report(),
            "answer_days": services.answer_days(),
        }


app_name = "complaints"
urlpatterns = [
    # never_cache: the whole-page cache (pagecache) would keep a buyer's page as it was, and
    # the report's counts until some unrelated public change.
    path("report/", never_cache(ReportView.as_view()), name="report"),
    path(
        "order/<str:order_number>/<str:hash>/",
        never_cache(OrderComplaintsView.as_view()),
        name="order",
    ),
    path(
        "mine/<str:order_number>/",
        never_cache(login_required(MyOrderComplaintsView.as_view())),
        name="mine",
    ),
    path("photo/<int:pk>/", photo, name="photo"),
]
