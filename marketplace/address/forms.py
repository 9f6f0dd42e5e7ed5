from django.utils.translation import gettext_lazy as _
from oscar.apps.address.forms import *  # noqa: F403
from oscar.apps.address.forms import UserAddressForm as CoreUserAddressForm

from marketplace.address.services import address_old_convert, address_place_fill
from places.forms import CommuneField, PlaceFormMixin, ProvinceField

# What a two-tier address form asks, in this order (the province is not a model field: it is
# the commune's parent).
TWO_TIER_FIELDS = ("first_name", "phone_number", "province", "commune", "line1")


class TwoTierAddressMixin(PlaceFormMixin):
    """A Vietnamese address as it is written since 1 July 2025: province, then commune, ward
    or special zone, then house number and street (or village); no district. Oscar's lines
    are filled from the units (marketplace.address.services.address_place_fill)."""

    def _two_tier_setup(self):
        self.fields["province"] = ProvinceField()
        self.fields["commune"] = CommuneField()
        if self.instance.pk and not self.is_bound:
            # A saved address: its commune, or that of its old three-level text, converted
            # for the buyer to check.
            commune = self.instance.commune
            if commune is None and (converted := address_old_convert(self.instance)):
                commune = converted.commune
            if commune is not None:
                self.initial.setdefault("commune", commune.code)
                self.initial.setdefault("province", commune.parent.code)
        commune = self.initial.get("commune")
        if commune is not None and "province" not in self.initial:
            # Only the commune was given (a session's fields): its province is its parent.
            self.initial["province"] = getattr(getattr(commune, "parent", None), "code", None)
        self._place_setup()
        for name in ("first_name", "phone_number", "line1"):
            self.fields[name].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone_number"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["line1"].widget.attrs["autocomplete"] = "street-address"
        self.order_fields([*TWO_TIER_FIELDS, "notes"])

    def _post_clean(self):
        super()._post_clean()
        commune = self.cleaned_data.get("commune")
        if commune is not None and not self.has_error("commune"):
            address_place_fill(self.instance, commune=commune)


ADDRESS_LABELS = {
    "first_name": _("Full name"),
    "phone_number": _("Phone number"),
    "line1": _("House number and street or village"),
    "notes": _("Notes for the producer (optional)"),
}


class UserAddressForm(TwoTierAddressMixin, CoreUserAddressForm):
    """A saved address of the buyer's address book, in the two-tier form. Saving it confirms
    a converted one."""

    class Meta(CoreUserAddressForm.Meta):
        fields = ["first_name", "phone_number", "line1"]
        labels = ADDRESS_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._two_tier_setup()
        if not self.instance.country_id:
            self.instance.country_id = "VN"

    def _post_clean(self):
        super()._post_clean()
        self.instance.place_to_confirm = False
