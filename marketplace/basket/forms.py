from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket.forms import *  # noqa: F403  (the forms not overridden below)
from oscar.apps.basket.forms import SavedLineForm as CoreSavedLineForm


class SavedLineForm(CoreSavedLineForm):
    """Oscar's form, refusing a line id outside the customer's saved basket without a 500."""

    def clean(self):
        # The formset's id field accepts any line's id, but a line outside this customer's
        # saved basket is not bound: self.instance is then a new, empty Line, which Oscar's
        # clean would read (RelatedObjectDoesNotExist) and the formset would save.
        if self.instance.pk is None:
            # Django's own message (already translated in its catalogue).
            raise forms.ValidationError(
                _("Select a valid choice. That choice is not one of the available choices.")
            )
        return super().clean()
