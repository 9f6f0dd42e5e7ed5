"""The members' own short survey, on their phone, reached by a link or the QR shown at an
activity (mentoring.admin.assisted: the QR page). No account: the member types their member
number and the phone on the roster. The page says the same whether or not they match, so it
never tells anyone whether a member number exists; posts are throttled per address and per
member number. Answering again adds answers; the latest is the member's current one
(mentoring.answers)."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.phones import normalise_phone
from accounts.throttling import client_ip, throttle_hit
from mentoring import answers, selectors
from mentoring.models import Question, TriState

POSTS_PER_HOUR_PER_ADDRESS = 20  # a whole activity may share one address (the venue's wifi)
POSTS_PER_HOUR_PER_NUMBER = 5  # guessing phones for one member number stops quickly
YES_NO = [(TriState.YES, gettext_lazy("Yes")), (TriState.NO, gettext_lazy("No"))]


class SurveyForm(forms.Form):
    member_number = forms.CharField(
        label=gettext_lazy("Member number"),
        max_length=40,
        help_text=gettext_lazy("As on your union card or the unit's list."),
    )
    phone = forms.CharField(
        label=gettext_lazy("Your phone number"),
        max_length=20,
        help_text=gettext_lazy("The number your union has on its list."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    public_services = forms.ChoiceField(
        label=gettext_lazy(
            "Have you used an online public service (VNeID, the national public services "
            "portal) in the last 12 months?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    epayment = forms.ChoiceField(
        label=gettext_lazy("Do you have an e-wallet or a bank account you use on your phone?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])  # a clear message if mistyped


class SurveyView(View):
    template_name = "mentoring/survey.html"

    def get(self, request):
        return render(request, self.template_name, {"form": SurveyForm()})

    def post(self, request):
        form = SurveyForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        over = throttle_hit(
            scope="member-survey",
            keys={"ip": client_ip(request), "number": data["member_number"].strip().lower()},
            limits={"ip": POSTS_PER_HOUR_PER_ADDRESS, "number": POSTS_PER_HOUR_PER_NUMBER},
            window=60 * 60,
        )
        if over:
            form.add_error(None, _("Too many answers from here. Please try again in an hour."))
            return render(request, self.template_name, {"form": form}, status=429)
        member = answers.survey_member(member_number=data["member_number"], phone=data["phone"])
        if member is not None:
            answers.survey_answer(
                member=member,
                answers={
                    Question.PUBLIC_SERVICES: data["public_services"],
                    Question.EPAYMENT: data["epayment"],
                },
                on=selectors.today(),
            )
        # The same page whether or not the number and phone matched a member.
        return render(request, self.template_name, {"done": True})


urlpatterns = [path("", SurveyView.as_view(), name="survey")]
