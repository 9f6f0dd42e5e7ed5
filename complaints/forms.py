from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Reason
from complaints.services import MAX_PHOTOS
from marketplace.money import VndAmountField
from producers.images import PhotoFormField


class ComplaintForm(forms.Form):
    """`targets`: [(value, label)], "line-<pk>" for one item, "part-<partner pk>" for a
    producer's whole part (a parcel that never came)."""

    target = forms.ChoiceField(label=_("What is it about?"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("What went wrong?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Tell us what happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        for number in range(1, MAX_PHOTOS + 1):
            self.fields[f"photo_{number}"] = PhotoFormField(
                label=_("Photo %(number)s (optional)") % {"number": number}, required=False
            )

    def photos(self) -> list:
        return [
            self.cleaned_data[name]
            for name in self.fields
            if name.startswith("photo_") and self.cleaned_data.get(name)
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RefundForm(forms.Form):
    amount = VndAmountField(label=_("Amount to refund"))
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
