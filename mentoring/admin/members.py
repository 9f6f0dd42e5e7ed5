"""Members in the Wagtail admin: the form, the filters and the viewset (limited to the
mentor's units)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Func, Q, TextField
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import Button

from accounts.models import User
from core.text import fold
from mentoring import (
    answers,
    evaluations,
    member_privacy_views,
    member_shop_views,
    selectors,
    selling_views,
    services,
)
from mentoring.admin.scoping import (
    ScopedCreateView,
    ScopedEditView,
    ScopedFilterSet,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    limit_unit_field_of,
)
from mentoring.models import (
    SENSITIVE_FIELDS,
    SENSITIVE_PERMISSION,
    AnswerSource,
    Member,
    OrgUnitRole,
    TriState,
)
from mentoring.models.answers import QUESTION_FIELDS
from producers.models import Producer


class _GarbageTolerantChooser:
    """Wagtail's chooser widget looks the value it shows again up by primary key and catches
    only DoesNotExist: a posted "on" (a tampered form) turned the form's error into a 500."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


def _redisplay_tolerates_garbage(widget) -> None:
    if not isinstance(widget, _GarbageTolerantChooser):
        widget.__class__ = type(
            f"GarbageTolerant{type(widget).__name__}", (_GarbageTolerantChooser, type(widget)), {}
        )


class MemberForm(WagtailAdminModelForm):
    """The roster entry: unit, mentor and producer choices are limited to what the person
    may see."""

    # A change of unit is a transfer dated by the person (it used to be dated the day of the
    # edit, so a move made late put the member's earlier months in the wrong unit).
    unit_from = forms.DateField(
        label=_("In this unit from"),
        required=False,
        help_text=_(
            "When you change the unit: the day the member moved. Reports for earlier days "
            "count them in their former unit. Empty: today."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "org_unit" in self.fields:
            limit_unit_field_of(self)
        if "mentor" in self.fields:
            units = selectors.visible_unit_ids(user) if user is not None else set()
            roles = OrgUnitRole.objects.all()
            if units is not None:
                roles = roles.filter(org_unit_id__in=units)
            mentors = Q(pk__in=roles.values("user_id"))
            if self.instance.mentor_id:
                mentors |= Q(pk=self.instance.mentor_id)
            self.fields["mentor"].queryset = User.objects.filter(mentors).order_by("email")
            if not self.instance.pk and user is not None and selectors.is_mentor(user):
                self.fields["mentor"].initial = user.pk  # a mentor's new member is their mentee
        if "producer" in self.fields:
            # Only producers of the person's units (run by an account a member of theirs
            # linked), and not another member's: the field's queryset is also what the
            # server accepts, so a posted id of any other producer is refused.
            # The member's current producer stays valid, so the rest of the form can be saved.
            choosable = Producer.objects.none()
            if user is not None:
                choosable = selectors.producers_choosable_by(user).filter(member__isnull=True)
            offered = Q(pk__in=choosable.values("pk"))
            if self.instance.producer_id:
                offered |= Q(pk=self.instance.producer_id)
            self.fields["producer"].queryset = (
                Producer.objects.filter(offered).select_related("partner").order_by("partner__name")
            )
            _redisplay_tolerates_garbage(self.fields["producer"].widget)

    SURVEY_DATES = {
        "has_specialty_product": "specialty_recorded_on",
        "uses_public_services": "public_services_recorded_on",
        "has_epayment_account": "epayment_recorded_on",
    }

    def clean(self):
        """An answer given without its date is dated today (reports count answers by date)."""
        cleaned = super().clean()
        for answer, day in self.SURVEY_DATES.items():
            known = cleaned.get(answer) not in (None, "", TriState.UNKNOWN)
            if answer in self.changed_data and known and not cleaned.get(day):
                cleaned[day] = selectors.today()
        # Sensitive data is recorded only with its basis (Law 91/2025; docs/privacy.md). The
        # fields are on the form only for those allowed to see them (FieldPanel permission).
        sensitive = {"ethnicity", "sensitive_basis"}
        if sensitive <= set(self.fields) and sensitive & set(self.changed_data):
            if cleaned.get("ethnicity") and not cleaned.get("sensitive_basis"):
                self.add_error(
                    "sensitive_basis",
                    _(
                        "Say on what basis the ethnicity is recorded: the union's record or "
                        "the member's consent."
                    ),
                )
            elif not cleaned.get("ethnicity"):
                cleaned["sensitive_basis"] = ""
        unit, moved_on = cleaned.get("org_unit"), cleaned.get("unit_from")
        if self.instance.pk and "org_unit" in self.changed_data and unit and moved_on:
            last = self.instance.transfers.order_by("-on").first()
            if not unit.is_open_on(moved_on):
                self.add_error("unit_from", _("The new unit is not open on that day."))
            elif last is not None and moved_on < last.on:
                self.add_error(
                    "unit_from",
                    _("The member's last move was on %(day)s: choose that day or a later one.")
                    % {"day": last.on.strftime("%d/%m/%Y")},
                )
        return cleaned


class MemberFilterSet(ScopedFilterSet):
    mentee = django_filters.ChoiceFilter(
        label=_("Mentor"),
        choices=[("mine", _("My mentees"))],
        empty_label=_("Anyone"),
        method="filter_mentee",
    )

    first_filters = ["org_unit", "mentee"]

    class Meta:
        model = Member
        fields = ["gender", "has_specialty_product", "uses_public_services", "has_epayment_account"]

    def filter_mentee(self, queryset, name, value):
        return queryset.filter(mentor=self.request.user) if value == "mine" else queryset


def _record_mentor_answers(member: Member, form, user) -> None:
    """An answer the mentor typed (or changed) is evidence from the source "mentor", recorded
    through the same service as the roster's and the survey's (the latest answer stays the
    current one)."""
    rows = [
        (member.pk, {name: form.cleaned_data.get(name) for name in (answer, day)})
        for answer, day in QUESTION_FIELDS.values()
        if answer in form.changed_data
    ]
    new = list(answers.roster_answers(rows, today=selectors.today()))
    if new:
        answers.answers_record(answers=new, source=AnswerSource.MENTOR, by=user)
        member.refresh_from_db()


class MemberCreateView(ScopedCreateView):
    def save_instance(self):
        member = super().save_instance()
        _record_mentor_answers(member, self.form, self.request.user)
        return member


def sees_sensitive(user) -> bool:
    return user.is_active and user.has_perm(SENSITIVE_PERMISSION)


class MemberIndexView(ScopedIndexView):
    """Sensitive columns only for those allowed to see them; in an export only when they also
    ask for them (`&sensitive=1`): every export leaves them out by default."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not sees_sensitive(request.user):
            self.list_display = [f for f in self.list_display if f not in SENSITIVE_FIELDS]
        wanted = request.GET.get("sensitive") == "1" and sees_sensitive(request.user)
        if not wanted:
            self.list_export = [f for f in self.list_export if f not in SENSITIVE_FIELDS]

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if sees_sensitive(self.request.user):
            # The explicit opt-in: the ordinary export buttons leave the ethnicity out.
            url = self.get_export_url("xlsx") + "&sensitive=1"
            label = _("Download XLSX with the ethnicity (sensitive)")
            buttons.append(Button(label, url=url, icon_name="download", priority=80))
        return buttons

    def search_queryset(self, queryset):
        """A name is found typed with or without its Vietnamese marks ("nguyen" finds
        "Nguyễn"): many mentors type without them. Numbers and phones as Wagtail finds them."""
        if not self.is_searching:
            return queryset
        query = self.search_query
        found = Q(member_number__icontains=query) | Q(phone__icontains=query)
        if folded := fold(query):  # nothing left of "!!": not every name
            name = Func(F("full_name"), function="chophien_fold", output_field=TextField())
            queryset = queryset.annotate(folded_name=name)
            found |= Q(folded_name__contains=folded)
        return queryset.filter(found)


class MemberInspectView(ScopedInspectView):
    def get_fields(self):
        fields = super().get_fields()
        if sees_sensitive(self.request.user):
            return fields
        return [name for name in fields if name not in SENSITIVE_FIELDS]


class MemberEditView(ScopedEditView):
    """A change of unit is a dated transfer (mentoring.services.member_transfer), so reports
    for earlier days still count the member where they were."""

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        url = reverse("mentoring_members:accounts", args=[self.object.pk])
        buttons.append(Button(_("Sign-in help"), url=url, icon_name="key", priority=20))
        url = reverse("mentoring_members:online_shops", args=[self.object.pk])
        buttons.append(Button(_("Shops elsewhere"), url=url, icon_name="link", priority=25))
        url = reverse("mentoring_members:evaluation", args=[self.object.pk])
        buttons.append(Button(_("Annual evaluation"), url=url, icon_name="tick", priority=26))
        if selectors.can_see_everything(self.request.user):
            url = reverse("mentoring_members:anonymise", args=[self.object.pk])
            buttons.append(Button(_("Anonymise"), url=url, icon_name="warning", priority=90))
        return buttons

    def save_instance(self):
        new_unit = self.form.instance.org_unit
        if "org_unit" in self.form.changed_data:
            self.check_unit(self.form.instance)
            self.form.instance.org_unit_id = self.form.initial["org_unit"]
        member = super().save_instance()
        if member.org_unit_id != new_unit.pk:
            on = self.form.cleaned_data.get("unit_from") or selectors.today()
            services.member_transfer(member=member, to_unit=new_unit, on=on)
            member.refresh_from_db()
        _record_mentor_answers(member, self.form, self.request.user)
        return member


class MemberViewSet(ScopedModelViewSet):
    model = Member
    icon = "user"
    menu_order = 200
    url_prefix = "mentoring/members"
    name = "mentoring_members"
    ordering = "full_name"
    # A mentor drafts a shop for the member (mentoring.member_shop_views, mentoring.assisted).
    pick_button = (_("Member's shop"), "mentoring_members:shop", "doc-full")
    add_view_class = MemberCreateView
    index_view_class = MemberIndexView
    edit_view_class = MemberEditView
    inspect_view_class = MemberInspectView
    inspect_view_enabled = True
    filterset_class = MemberFilterSet
    list_display = [
        "full_name",
        "member_number",
        "unit_name",
        "birth_year",
        "ethnicity",
        "phone",
        "has_specialty_product",
    ]
    search_fields = ["full_name", "member_number", "phone"]
    list_per_page = 50
    list_export = [
        "member_number",
        "full_name",
        "birth_year",
        "get_gender_display",
        "ethnicity",  # with &sensitive=1 only, for those allowed (MemberIndexView)
        "sensitive_basis",
        "phone",
        "unit_name",
        "get_has_specialty_product_display",
        "specialty_product",
        "get_uses_public_services_display",
        "get_has_epayment_account_display",
        "consent_to_contact",
        "mentor_email",
    ]
    export_headings = {
        "get_gender_display": _("Gender"),
        "get_has_specialty_product_display": _("Has a specialty product"),
        "get_uses_public_services_display": _("Uses online public services"),
        "get_has_epayment_account_display": _("Has an e-payment account"),
    }
    export_filename = "members"
    column_labels = {"unit_name": _("Org unit"), "mentor_email": _("Mentor")}
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("full_name"), FieldPanel("member_number")]),
                    FieldRowPanel([FieldPanel("birth_year"), FieldPanel("gender")]),
                    # Sensitive: on the form (and accepted from a post) only for those allowed.
                    FieldRowPanel(
                        [
                            FieldPanel("ethnicity", permission=SENSITIVE_PERMISSION),
                            FieldPanel("sensitive_basis", permission=SENSITIVE_PERMISSION),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("consent_to_contact")]),
                    FieldRowPanel([FieldPanel("org_unit"), FieldPanel("unit_from")]),
                ],
                heading=_("Member"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("has_specialty_product"), FieldPanel("specialty_recorded_on")]
                    ),
                    FieldPanel("specialty_product"),
                    FieldRowPanel(
                        [
                            FieldPanel("uses_public_services"),
                            FieldPanel("public_services_recorded_on"),
                        ]
                    ),
                    FieldRowPanel(
                        [FieldPanel("has_epayment_account"), FieldPanel("epayment_recorded_on")]
                    ),
                ],
                heading=_("Survey"),
            ),
            MultiFieldPanel([FieldPanel("mentor"), FieldPanel("producer")], heading=_("Mentoring")),
        ],
        base_form_class=MemberForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.members_visible_to(user)

    def annotate_listing(self, queryset):
        return super().annotate_listing(queryset).annotate(mentor_email=F("mentor__email"))

    def get_urlpatterns(self):
        return (
            super().get_urlpatterns()
            + member_shop_views.urlpatterns
            + member_privacy_views.urlpatterns
            + selling_views.member_urlpatterns
            + evaluations.urlpatterns
        )
