"""The registration wizard's forms: short, one screen each, phone-first."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.phones import normalise_phone
from core.banks import BANK_CHOICES, account_name_normalise
from core.tax_codes import tax_code_normalise
from marketplace.catalogue.models import Category, Product
from marketplace.money import VndAmountField
from places.models import AdministrativeUnit
from places.selectors import communes_by_former_district, communes_of, home_province
from producers.citizen_ids import citizen_id_normalise, citizen_id_validate
from producers.identification import PDF_ACCEPT, identity_document_accept
from producers.images import ACCEPT, PhotoFormField
from producers.listing import MAX_PHOTOS, photo_room_check
from producers.models import (
    IdentityDocument,
    Producer,
    SellerIdentity,
    account_number_digits,
    provincial_record_url_check,
    tax_code_valid,
)
from producers.services import LOCAL_DELIVERY_COMMUNE_OUTSIDE, PICKUP_PLACE_NEEDED


class AccountForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    last_name = forms.CharField(label=_("Family and middle names"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    email = forms.EmailField(label=_("Email (if you have one)"), required=False)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules as the validators that check them state them (AUTH_PASSWORD_VALIDATORS:
        # 12 characters), never a copy that can drift from them (it said 8).
        rules = password_validation.password_validators_help_texts()
        self.fields["password"].help_text = " ".join(
            [*map(str, rules), str(_("Write it down somewhere safe."))]
        )

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if User.objects.filter(phone=phone).exists():
            raise ValidationError(
                _("This phone number already has an account. Sign in instead."),
                code="phone_taken",
            )
        return phone

    def clean_email(self):
        email = self.cleaned_data["email"].strip() or None
        if email and User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("This email already has an account. Sign in instead."), code="email_taken"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            candidate = User(
                phone=cleaned.get("phone"),
                email=cleaned.get("email"),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(cleaned["password"], candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class HomeCommuneField(forms.ChoiceField):
    """A commune-level unit of today's map in the site's province, chosen from a plain select
    grouped by former district ("Văn Chấn (cũ)": Xã Tú Lệ, Xã Gia Hội...), which works with no
    script. Cleans to the AdministrativeUnit. The choices are read when the form is built
    (two queries), so units loaded later are offered."""

    def __init__(self, **kwargs):
        super().__init__(choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now():
        province = home_province()
        if province is None:
            return [("", "—")]
        return [("", "—")] + [
            (
                _("%(district)s (former district)") % {"district": district.full_name},
                [(str(unit.pk), unit.full_name) for unit in communes],
            )
            for district, communes in communes_by_former_district(province)
        ]

    def prepare_value(self, value):
        return str(value.pk) if isinstance(value, AdministrativeUnit) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        province = home_province()
        unit = (
            communes_of(province).filter(pk=value).first()
            if province is not None and str(value).isdigit()
            else None
        )
        if unit is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return unit


class _GroupedTicks(BoundField):
    @property
    def groups(self) -> list[tuple[str, list, bool]]:
        """(group label, its ticks, whether one is ticked) for the portal's field template,
        which shows each group as a <details> (no script; short at 360 px)."""
        ticks = {str(tick.data["value"]): tick for tick in self.subwidgets}
        groups = []
        for label, options in self.field.choices:
            group = [ticks[str(value)] for value, _label in options]
            groups.append((label, group, any(t.data["selected"] for t in group)))
        return groups


class DeliveryCommunesField(forms.MultipleChoiceField):
    """Communes of today's map in the site's province, ticked in groups by former district
    ("Văn Chấn (cũ)": Xã Tú Lệ, ...). Cleans to a list of AdministrativeUnit. The choices
    are read once when the form is built (two queries)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)

    def load_choices(self):
        province = home_province()
        self.choices = (
            [
                (
                    _("%(district)s (former district)") % {"district": district.full_name},
                    [(str(unit.pk), unit.full_name) for unit in communes],
                )
                for district, communes in communes_by_former_district(province)
            ]
            if province is not None
            else []
        )

    def get_bound_field(self, form, field_name):
        return _GroupedTicks(form, self, field_name)

    def prepare_value(self, value):
        return [str(v.pk) if isinstance(v, AdministrativeUnit) else str(v) for v in value or ()]

    def validate(self, value):
        # Any id not offered (another province, a commune ended in 2025, a typed value) gets
        # the message naming the province, not Django's generic one.
        offered = {str(v) for _group, options in self.choices for v, _label in options}
        if any(str(v) not in offered for v in value):
            raise ValidationError(LOCAL_DELIVERY_COMMUNE_OUTSIDE(), code="commune_not_in_province")

    def clean(self, value):
        ids = super().clean(value)
        if not ids:
            return []
        province = home_province()
        return list(communes_of(province).filter(pk__in=[int(i) for i in ids]))


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name of your farm, household business or cooperative"),
        max_length=128,
        help_text=_("Buyers see this name, e.g. “Hộ kinh doanh Giàng A Páo”."),
    )
    kind = forms.ChoiceField(
        label=_("You are a"), choices=Producer.Kind.choices, widget=forms.RadioSelect
    )
    commune = HomeCommuneField(
        label=_("Commune or ward"),
        help_text=_("As it is since 1 July 2025, listed under its former district."),
    )
    story = forms.CharField(
        label=_("Your story"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who you are, what you grow or make, and how. Two or three sentences."),
    )


class FirstProductForm(forms.Form):
    title = forms.CharField(
        label=_("Product name, with the pack size"),
        max_length=255,
        help_text=_("E.g. “Mật ong rừng – chai 500ml”."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(depth=1, is_public=True)
    )
    price = VndAmountField(label=_("Price (đồng)"), max_digits=12)
    num_in_stock = forms.IntegerField(label=_("How many you have to sell"), min_value=1)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = PhotoFormField(
        label=_("Photo"),
        help_text=_("A clear, bright photo of the product. Buyers choose by the photo."),
    )


class ProductForm(FirstProductForm):
    """Adding or editing a product in the portal: the wizard's fields, details and OCOP."""

    # Unlike the first product, a listed one may be sold out for a while.
    num_in_stock = forms.IntegerField(label=_("How many you have to sell"), min_value=0)

    unit = forms.ChoiceField(
        label=_("Sold by"), choices=[("", "—"), *Product.Unit.choices], required=False
    )
    weight_grams = forms.IntegerField(
        label=_("Weight with packing (grams)"),
        min_value=1,
        required=False,
        help_text=_("Used to work out the postage."),
    )
    origin_commune = forms.CharField(label=_("Commune of origin"), max_length=100, required=False)
    harvest_season = forms.CharField(
        label=_("Harvest season"),
        max_length=100,
        required=False,
        help_text=_("E.g. “tháng 3 – tháng 5”."),
    )
    stars = forms.TypedChoiceField(
        label=_("OCOP rating"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("No OCOP rating")), (3, "3 ★"), (4, "4 ★"), (5, "5 ★")],
    )
    number = forms.CharField(label=_("OCOP certificate number"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Issue date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expiry date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, photo_required: bool = True, photo_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = photo_required
        self.photo_count = photo_count
        if photo_count:
            self.fields["photo"].label = _("Add a photo")
            self.fields["photo"].help_text = _(
                "Up to %(max)s photos. Buyers see the first one in every list."
            ) % {"max": MAX_PHOTOS}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo is not None:
            photo_room_check(photo_count=self.photo_count)
        return photo

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stars"):
            for field in ("number", "issued_on", "expires_on"):
                if not cleaned.get(field):
                    self.add_error(field, _("Needed for the OCOP rating."))
            issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
            if issued and expires and expires < issued:
                self.add_error(
                    "expires_on", _("The expiry date cannot come before the issue date.")
                )
        return cleaned


class SellingSetupForm(forms.Form):
    """How the producer is paid and how buyers get the goods."""

    bank_bin = forms.ChoiceField(
        label=_("Your bank"),
        choices=[("", "—"), *BANK_CHOICES],
        required=False,
        help_text=_("Buyers who pay by bank transfer send money straight to this account."),
    )
    bank_account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,  # room for the spaces people copy from a card; checked once removed
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bank_account_name = forms.CharField(
        label=_("Account holder's name"),
        max_length=100,  # checked against the bank's 50 once written the bank's way
        required=False,
        help_text=_("The name the account is in. We write it the way banks do, e.g. “LO THI MAI”."),
    )
    offers_pickup = forms.BooleanField(label=_("Buyers can pick up at my place"), required=False)
    offers_local_delivery = forms.BooleanField(
        label=_("I deliver to buyers near me"),
        required=False,
        help_text=_("In your commune, and as far as you say below."),
    )
    local_delivery_km = forms.IntegerField(
        label=_("I deliver within (km)"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=_("Buyers whose commune centre is this close can choose delivery."),
    )
    local_delivery_communes = DeliveryCommunesField(
        label=_("I also deliver to these communes"),
        required=False,
        help_text=_("Tick the communes near you where you bring orders, under their old district."),
    )
    offers_national_post = forms.BooleanField(label=_("I send by national post"), required=False)
    pickup_address = forms.CharField(
        label=_("Pickup place"),
        max_length=255,
        required=False,
        help_text=_(
            "If buyers can pick up: where they come, e.g. “Nhà văn hoá thôn Tả Phời, xã Hợp Thành”."
        ),
    )
    pickup_hours = forms.CharField(
        label=_("Pickup hours"),
        max_length=120,
        required=False,
        help_text=_("When buyers can come, e.g. “7:00–17:00, thứ Hai đến thứ Bảy”."),
    )

    tax_code = forms.CharField(
        label=_("Tax code (MST)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Only for a cooperative or business with its own tax code: then Chợ Phiên withholds "
            "no tax from card payments it collects for you. Households leave it empty."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_delivery_communes"].load_choices()

    def clean_tax_code(self):
        code = tax_code_normalise(self.cleaned_data["tax_code"])
        tax_code_valid(code)
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("offers_pickup") and not cleaned.get("pickup_address", "").strip():
            self.add_error("pickup_address", PICKUP_PLACE_NEEDED())
        return cleaned

    # Checked by the view and the service (producers.services.producer_selling_setup_update)
    # only when the bank account changes.
    current_password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only when you change the bank account."),
    )

    def clean_bank_account_number(self):
        # Spaces, dots and dashes are how numbers are grouped on cards and in banking apps.
        number = "".join(
            char
            for char in self.cleaned_data["bank_account_number"]
            if not (char.isspace() or char in ".-")
        )
        if number:
            account_number_digits(number)
        return number

    def clean_bank_account_name(self):
        return account_name_normalise(self.cleaned_data["bank_account_name"])


class LineActionForm(forms.Form):
    """Send or cancel some of the producer's waiting lines of one order."""

    action = forms.ChoiceField(
        choices=[("dispatch", _("Mark as sent")), ("cancel", _("Cancel (cannot supply)"))],
        widget=forms.HiddenInput,
    )
    lines = forms.MultipleChoiceField(
        label=_("Items"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one item.")},
    )
    tracking_number = forms.CharField(
        label=_("Tracking number (if the courier gave one)"), max_length=100, required=False
    )

    def __init__(self, *args, pending_lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending_lines = {str(line.pk): line for line in pending_lines}
        self.fields["lines"].choices = [
            (pk, f"{line.quantity} × {line.title}") for pk, line in self.pending_lines.items()
        ]

    def clean_lines(self):
        return [self.pending_lines[pk] for pk in self.cleaned_data["lines"]]


class LotForm(forms.Form):
    """A lot (batch) of one of the producer's products, for its QR label and trace page."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    lot_number = forms.CharField(
        label=_("Lot number"),
        max_length=50,
        help_text=_("As you write it on the pack, e.g. “CHE-2026-03”."),
    )
    produced_on = forms.DateField(
        label=_("Harvest or production date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    quantity = forms.CharField(
        label=_("Quantity"), max_length=50, help_text=_("E.g. “120 gói” or “80 kg”.")
    )
    inputs = forms.CharField(
        label=_("Inputs used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seeds, fertiliser, sprays, packing… what a buyer may want to know."),
    )
    ocop_number = forms.CharField(
        label=_("OCOP certificate number"), max_length=100, required=False
    )
    vietgap_number = forms.CharField(
        label=_("VietGAP certificate number"), max_length=100, required=False
    )
    organic_number = forms.CharField(
        label=_("Organic certificate number"), max_length=100, required=False
    )
    provincial_url = forms.URLField(
        label=_("Record on the provincial traceability portal"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The address of this product's page on the province's portal, if it has one."),
    )

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products

    def clean_provincial_url(self):
        url = self.cleaned_data["provincial_url"]
        provincial_record_url_check(url)  # the service (Lot.clean) refuses it too
        return url

    def clean_produced_on(self):
        produced_on = self.cleaned_data["produced_on"]
        if produced_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future_date")
        return produced_on


class ProductImportForm(forms.Form):
    """The product spreadsheet and, if it names photos, a ZIP of them."""

    sheet = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("Fill in the template: one product per row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    photos = forms.FileField(
        label=_("Photos (.zip, if the sheet names photos)"),
        required=False,
        help_text=_("Put the photos in one ZIP file, named as in the “Photo” column."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_sheet(self):
        from producers.product_import.reading import MAX_SHEET_BYTES

        return _within(self.cleaned_data["sheet"], MAX_SHEET_BYTES)

    def clean_photos(self):
        from producers.product_import.reading import MAX_ZIP_BYTES

        return _within(self.cleaned_data.get("photos"), MAX_ZIP_BYTES)


def _within(upload, limit: int):
    """Refuse a file over `limit` before it is stored or read."""
    if upload is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    return upload


class IdentityDocumentField(forms.FileField):
    """A photo or PDF of a document: cleans to (stored file, content type) through
    producers.identification.identity_document_accept (the photo rules, PDFs without scripts)."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return identity_document_accept(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = f"{ACCEPT},{PDF_ACCEPT}"
        return attrs


class IdentityForm(forms.Form):
    """Who sells: a person (or household business owner), or a cooperative or enterprise and
    its legal representative (`holder`, from the producer's kind)."""

    full_name = forms.CharField(label=_("Full name, as on the citizen ID card"), max_length=100)
    citizen_id = forms.CharField(
        label=_("Citizen ID number (CCCD, 12 digits)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    vneid_level2 = forms.BooleanField(
        label=_("I have a level-2 VNeID account (identified electronically)"), required=False
    )
    registration_number = forms.CharField(
        label=_("Business or cooperative registration number"), max_length=20, required=False
    )
    tax_code = forms.CharField(
        label=_("Tax code (MST)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    id_front = IdentityDocumentField(label=_("Photo of the citizen ID card, front"))
    id_back = IdentityDocumentField(label=_("Photo of the citizen ID card, back"))
    vneid = IdentityDocumentField(
        label=_("Screenshot of your VNeID account showing level 2"),
        help_text=_("In the VNeID app: “Ví giấy tờ” or your account page, with “Mức độ 2”."),
    )
    registration = IdentityDocumentField(
        label=_("Business or cooperative registration certificate (photo or PDF)")
    )

    def __init__(self, *args, holder: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.holder = holder
        if holder == SellerIdentity.Holder.PERSON:
            for name in ("registration_number", "tax_code", "registration"):
                del self.fields[name]
            self.fields["vneid_level2"].required = True
        else:
            for name in ("vneid_level2", "vneid"):
                del self.fields[name]
            self.fields["full_name"].label = _("Legal representative's full name")
            self.fields["citizen_id"].label = _("Legal representative's citizen ID number (CCCD)")
            self.fields["id_front"].label = _("Legal representative's citizen ID card, front")
            self.fields["id_back"].label = _("Legal representative's citizen ID card, back")
            self.fields["registration_number"].required = True
            self.fields["tax_code"].required = True

    def clean_citizen_id(self):
        value = citizen_id_normalise(self.cleaned_data["citizen_id"])
        citizen_id_validate(value)
        return value

    def clean_tax_code(self):
        value = tax_code_normalise(self.cleaned_data.get("tax_code", ""))
        tax_code_valid(value)
        return value

    def documents(self) -> dict:
        kinds = [kind for kind in IdentityDocument.Kind.values if kind in self.cleaned_data]
        return {kind: self.cleaned_data[kind] for kind in kinds if self.cleaned_data[kind]}

    def details(self) -> dict:
        names = ("full_name", "citizen_id", "vneid_level2", "registration_number", "tax_code")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}
