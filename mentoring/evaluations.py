"""Members' annual evaluation (the plan's fifth point): the class a union gives each member
for a year, entered per member in the Mentoring admin (Members → Annual evaluation) or
imported with the roster (mentoring.roster). Every URL starts from the members the person
may see: another unit's member is "not found"."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from mentoring import selectors
from mentoring.member_pages import MemberPageFrame
from mentoring.models import Evaluation, Member, MemberEvaluation

FIRST_YEAR = 2000


@transaction.atomic
def member_evaluation_set(*, member: Member, year: int, grade: str, by) -> MemberEvaluation | None:
    """Record `member`'s class for `year` (replacing the one recorded), or clear it when
    `grade` is empty. Logged on the member ("mentoring.evaluation")."""
    from wagtail.log_actions import log

    if not FIRST_YEAR <= year <= selectors.today().year:
        raise ValueError(year)
    if not grade:
        MemberEvaluation.objects.filter(member=member, year=year).delete()
        evaluation = None
    else:
        evaluation, _created = MemberEvaluation.objects.update_or_create(
            member=member,
            year=year,
            defaults={"grade": grade, "source": MemberEvaluation.Source.ADMIN, "recorded_by": by},
        )
    log(
        instance=member, action="mentoring.evaluation", user=by, data={"year": year, "grade": grade}
    )
    return evaluation


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    grade = forms.ChoiceField(
        label=_("Classification"),
        choices=[("", _("Not evaluated (clear)")), *Evaluation.choices],
        required=False,
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_year = today.year
        self.fields["year"].widget.attrs.update(min=FIRST_YEAR, max=today.year)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= self.last_year:
            raise forms.ValidationError(
                gettext("Choose a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": self.last_year}
            )
        return year


class MemberEvaluationView(MemberPageFrame, FormView):
    page_title = _("Annual evaluation")
    header_icon = "tick"
    template_name = "mentoring/admin/member_evaluation.html"
    form_class = EvaluationForm

    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(selectors.members_visible_to(request.user), pk=kwargs["pk"])
        if not request.user.has_perm("mentoring.change_member"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        today = selectors.today()
        return {**super().get_form_kwargs(), "today": today, "initial": {"year": today.year - 1}}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "evaluations": self.member.evaluations.order_by("-year"),
            "search_form": None,  # not Oscar's (see mentoring.admin.scoping.ScopedViewMixin)
        }

    def form_valid(self, form):
        member_evaluation_set(
            member=self.member,
            year=form.cleaned_data["year"],
            grade=form.cleaned_data["grade"],
            by=self.request.user,
        )
        messages.success(self.request, gettext("Annual evaluation saved."))
        return redirect(reverse("mentoring_members:evaluation", args=[self.member.pk]))


urlpatterns = [
    path("evaluation/<int:pk>/", MemberEvaluationView.as_view(), name="evaluation"),
]
