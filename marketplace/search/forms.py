from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.search.forms import *  # noqa: F403
from oscar.apps.search.forms import SearchForm as CoreSearchForm

from marketplace.search.selectors import DEFAULT_SORT


class SortForm(forms.Form):
    sort_by = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("price-asc", _("Price low to high")),
            ("price-desc", _("Price high to low")),
            ("title-asc", _("Title A to Z")),
        ],
    )

    def sort(self) -> str:
        if self.is_valid():
            return self.cleaned_data["sort_by"] or DEFAULT_SORT
        return DEFAULT_SORT


class SearchForm(CoreSearchForm):
    """The header search box. Kept as Oscar's form so Oscar's templates still render it."""
