"""The province → commune picker, shared by every form that asks where someone is.

Two plain selects: the province, then the commune, ward or special zone of that province in
force today. Without JavaScript the commune select lists the communes of the province the
form was last submitted with (pick the province, press "Show its communes", then pick the
commune). With our script (static/js/commune_picker.js, served from our own origin under the
site's CSP) the commune select follows the province at once and a search box above it narrows
it as you type, through the JSON look-up `places:communes` (places.views).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit
from .selectors import ConvertedAddress, communes_of, convert_old_address, provinces_on

# The no-JavaScript "show its communes" button is named after the province select plus this.
PICK_SUFFIX = "_pick"


class ProvinceSelect(forms.Select):
    """The province select; the script reads `data-commune-picker` to find its commune."""

    template_name = "places/widgets/province_select.html"


class CommuneSelect(forms.Select):
    """The commune select, with the look-up's address for the script."""

    def __init__(self, attrs=None):
        attrs = {
            "data-communes-url": reverse_lazy("places:communes"),
            "data-search-placeholder": _("Type a few letters of its name to narrow the list"),
            **(attrs or {}),
        }
        super().__init__(attrs)

    class Media:
        js = ["js/commune_picker.js"]


class _UnitCodeChoiceField(forms.ModelChoiceField):
    """A unit chosen by its GSO code: only digits are looked up. Anything else (a NUL byte,
    which PostgreSQL refuses in a query with an error, or any other text) is not a choice."""

    def to_python(self, value):
        if value not in self.empty_values and not str(value).isdigit():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ProvinceField(_UnitCodeChoiceField):
    """A province in force today, by its GSO code."""

    widget = ProvinceSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Province or city"))
        kwargs.setdefault("empty_label", _("Choose a province or city"))
        super().__init__(queryset=AdministrativeUnit.objects.none(), to_field_name="code", **kwargs)

    def label_from_instance(self, unit):
        return unit.full_name


class CommuneField(_UnitCodeChoiceField):
    """A commune, ward or special zone in force today, by its GSO code; its queryset is the
    communes of the chosen province (PlaceFormMixin narrows it)."""

    widget = CommuneSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commune, ward or special zone"))
        kwargs.setdefault("empty_label", _("Choose a commune or ward"))
        super().__init__(queryset=AdministrativeUnit.objects.none(), to_field_name="code", **kwargs)

    def label_from_instance(self, unit):
        return unit.full_name


class PlaceFormMixin:
    """Adds `province` and `commune` (fields of those names) to a form and keeps them
    consistent: the commune must be one of the province's. The commune select offers the
    communes of the province the form is bound to (or starts from)."""

    province_field = "province"
    commune_field = "commune"

    def _place_setup(self):
        if self.is_bound and self.add_prefix(self.province_field) + PICK_SUFFIX in self.data:
            self._unbind_for_pick()
        province_field = self.fields[self.province_field]
        commune_field = self.fields[self.commune_field]
        province_field.queryset = provinces_on().order_by("name_folded")
        province_field.widget.attrs["data-commune-picker"] = self[self.commune_field].auto_id
        province = self._chosen_province()
        # Bound: any commune in force today is accepted here, so one of another province is
        # refused by clean() with a message that names both, not as "not a valid choice".
        if self.is_bound:
            commune_field.queryset = AdministrativeUnit.objects.current().filter(
                level=AdministrativeUnit.Level.COMMUNE
            )
            commune_field.widget.choices = _choices(province, commune_field)
        elif province is not None:
            commune_field.queryset = communes_of(province)

    def _unbind_for_pick(self):
        """The no-JavaScript "show its communes" button asks only for the commune list, it does
        not submit the address: the form is shown again unbound, starting from what was typed,
        so no field is reported missing and the views need no special case (it is not valid,
        so nothing is saved)."""
        typed = {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }
        self.initial.update(
            {name: value for name, value in typed.items() if value not in ("", None)}
        )
        self.is_bound = False
        self.data = MultiValueDict()
        self.files = MultiValueDict()

    def _chosen_province(self):
        if self.is_bound:
            code = self.data.get(self.add_prefix(self.province_field), "")
        else:
            initial = (
                self.initial.get(self.province_field) or self.fields[self.province_field].initial
            )
            code = getattr(initial, "code", initial) or ""
        if not str(code).isdigit():  # nothing chosen, or not a code (never put in a query)
            return None
        return provinces_on().filter(code=str(code)).first()

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get(self.province_field)
        commune = cleaned.get(self.commune_field)
        if province is not None and commune is not None and commune.parent_id != province.pk:
            self.add_error(
                self.commune_field,
                ValidationError(
                    _("%(commune)s is not in %(province)s. Choose a commune of %(province)s."),
                    code="commune_not_in_province",
                    params={"commune": commune.full_name, "province": province.full_name},
                ),
            )
        return cleaned


def _choices(province, field):
    """The commune select's options on a bound form: the chosen province's communes (the
    field's queryset is wider, for the message above)."""
    units = communes_of(province) if province is not None else AdministrativeUnit.objects.none()
    return [("", field.empty_label)] + [(unit.code, unit.full_name) for unit in units]


class OldAddressForm(forms.Form):
    """An address written the old way (commune, district, province), to be offered in
    today's two-tier form; `converted` holds the answer once valid."""

    # Not `required` in HTML: the box shares its page (and often its <form>) with the address
    # form, whose submission an empty required box would block. Empty is refused by clean.
    old_address = forms.CharField(
        required=False,
        label=_("Have an address written the old way? Paste it here"),
        help_text=_("For example: “12 Lê Lợi, xã Tả Phời, TP Lào Cai, tỉnh Lào Cai”."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    converted: ConvertedAddress | None = None

    def clean_old_address(self):
        text = self.cleaned_data["old_address"]
        self.converted = convert_old_address(text)
        return text
