"""Mentoring in the Wagtail admin: members, trainings (with attendance), activities and teams
for mentors, limited to their units' subtree; org units, roles and targets for provincial staff.

Every screen reads through one scoped queryset per model (mentoring.selectors): listings,
exports, edit, delete, history, inspect and the member pickers all start from it, so another
unit's object is a 404 whatever the URL. Forms offer only visible units and members, and the
views check the unit again before saving.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, ProtectedError, Q, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.log_actions import LogFormatter, log

from accounts.models import User
from config.spreadsheets import SafeSpreadsheetExportMixin
from mentoring import (
    attendance_import,
    member_privacy_views,
    member_shop_views,
    practice_views,
    roster,
    selectors,
    services,
)
from mentoring.models import (
    Activity,
    Attendance,
    Member,
    OrgUnit,
    OrgUnitRole,
    OrgUnitVersion,
    Target,
    Team,
    TrainingSession,
    TriState,
)
from producers.admin_columns import YesNoColumn
from producers.models import Producer

# --- Units as choices: tree order, indented, only those the person may see ---


def unit_choices(user) -> list[tuple[int, str]]:
    """The units open today that `user` may see, depth-first, indented by their depth."""
    if user is None or not user.is_authenticated:
        return []
    nodes = selectors.units_in_tree_order(selectors.visible_unit_ids(user))
    top = min((node.depth for node in nodes), default=0)
    return [(node.id, "— " * (node.depth - top) + node.name) for node in nodes]


def limit_unit_field(field: forms.ModelChoiceField, user) -> list[tuple[int, str]]:
    """Offer only visible units; a posted id outside them fails validation (the server-side
    check: the queryset, not the rendered options, decides what is accepted)."""
    choices = unit_choices(user)
    field.queryset = OrgUnit.objects.filter(pk__in=[pk for pk, _label in choices])
    field.choices = [("", "---------"), *choices]
    return choices


def limit_unit_field_of(form) -> None:
    """The form's org_unit: visible units only; a mentor's new record starts in their unit."""
    choices = limit_unit_field(form.fields["org_unit"], form.for_user)
    mentor = form.for_user is not None and not selectors.can_see_everything(form.for_user)
    if not form.instance.pk and mentor and choices:
        form.fields["org_unit"].initial = choices[0][0]


class UnitSubtreeFilter(django_filters.ChoiceFilter):
    """A unit and every unit under it, as the tree stands today."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        ids = selectors.subtree_ids(selectors.org_tree_on(), [int(value)])
        return qs.filter(**{f"{self.field_name}__in": ids})


class ScopedFilterSet(WagtailFilterSet):
    org_unit = UnitSubtreeFilter(
        label=_("Org unit (and the units under it)"), field_name="org_unit_id", choices=[]
    )

    first_filters = ["org_unit"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["org_unit"].extra["choices"] = unit_choices(user)
        # django-filter puts declared filters last; the unit is what mentors look for first
        for name in reversed(self.first_filters):
            self.filters.move_to_end(name, last=False)


# --- Views that read through the viewset's scoped queryset ---


class ScopedViewMixin:
    """`scope(user)` is the viewset's queryset of what the person may see; `staff_only`
    screens need the see-everything permission on top of the model permissions."""

    scope = None
    staff_only = False

    def dispatch(self, request, *args, **kwargs):
        if self.staff_only and not selectors.can_see_everything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self):
        return self.scope(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Oscar's search_form context processor would otherwise fill Wagtail's header search
        # on screens without a search of their own (history, targets): the shop's search
        context.setdefault("search_form", None)
        return context

    def check_unit(self, instance) -> None:
        """The server's own check that a saved object stays in the person's units."""
        unit_id = getattr(instance, "org_unit_id", None)
        visible = selectors.visible_unit_ids(self.request.user)
        if unit_id is not None and visible is not None and unit_id not in visible:
            raise PermissionDenied


class ScopedIndexView(ScopedViewMixin, SafeSpreadsheetExportMixin, IndexView):
    """`annotate_listing(queryset)` and `pick_button` come from the viewset. Its CSV and XLSX
    exports neutralise formulas (a member named "=HYPERLINK(…)"): config.spreadsheets."""

    annotate_listing = None
    column_labels = None  # {annotation: label}: columns that are not model fields
    pick_button = None  # (label, url name, icon): one more button on each row

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if self.column_labels and field_name in self.column_labels:
            label = capfirst(self.column_labels[field_name])
            return column_class(field_name, label=label, sort_key=field_name, **kwargs)
        return super()._get_custom_column(field_name, column_class, **kwargs)

    def get_base_queryset(self):
        queryset = self.scoped_queryset()
        return self.annotate_listing(queryset) if self.annotate_listing else queryset

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.model is Member:
            services.personal_data_export_record(
                user=self.request.user,
                what="members",
                fmt=self.request.GET.get("export", ""),
                query=self.request.GET.urlencode(),
            )
        return super().render_to_response(context, **response_kwargs)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.pick_button:
            label, url_name, icon = self.pick_button
            url = reverse(url_name, args=[instance.pk])
            buttons.insert(0, ListingButton(label, url=url, icon_name=icon, priority=5))
        return buttons


def log_title(instance) -> str | None:
    """The label a log entry keeps. A member's is "#id", not the name: Wagtail's site history
    report lists every entry of a model to anyone with a permission on it, whatever the unit."""
    return f"#{instance.pk}" if isinstance(instance, Member) else None


class ScopedCreateView(ScopedViewMixin, CreateView):
    def save_instance(self):
        self.check_unit(self.form.instance)
        self.action_class(
            self.form.instance,
            user=self.request.user,
            form=self.form,
            sort_order_field=self.sort_order_field,
            log_action=None,
        ).execute(skip_permission_checks=True)
        instance = self.form.instance
        log(
            instance=instance,
            action="wagtail.create",
            user=self.request.user,
            title=log_title(instance),
            content_changed=True,
        )
        return instance


class ScopedEditView(ScopedViewMixin, EditView):
    """Edits are logged as "mentoring.edit" with the names of the fields that changed
    (Wagtail's own "wagtail.edit" entry for plain models records only that something did)."""

    pick_button = None

    def get_queryset(self):
        return self.scoped_queryset()

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.pick_button:
            label, url_name, icon = self.pick_button
            url = reverse(url_name, args=[self.object.pk])
            buttons.insert(0, Button(label, url=url, icon_name=icon, priority=5))
        return buttons

    def save_instance(self):
        self.check_unit(self.form.instance)
        changed = [name for name in self.form.changed_data if name != "changes_from"]
        self.action_class(
            self.form.instance, user=self.request.user, form=self.form, log_action=None
        ).execute(skip_permission_checks=True)
        log(
            instance=self.form.instance,
            action="mentoring.edit",
            user=self.request.user,
            title=log_title(self.form.instance),
            content_changed=bool(changed),
            data={"fields": changed},
        )
        return self.form.instance


class ScopedDeleteView(ScopedViewMixin, DeleteView):
    def get_queryset(self):
        return self.scoped_queryset()

    def delete_action(self):
        with transaction.atomic():
            log(
                instance=self.object,
                action="wagtail.delete",
                user=self.request.user,
                title=log_title(self.object),
                deleted=True,
            )
            self.action_class(self.object, user=self.request.user, log_action=None).execute(
                skip_permission_checks=True
            )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                gettext(
                    "%(object)s is still used by other records (members, units, trainings…) "
                    "and cannot be deleted."
                )
                % {"object": self.object},
            )
            return HttpResponseRedirect(self.get_success_url())


class ScopedHistoryView(ScopedViewMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedUsageView(ScopedViewMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedInspectView(ScopedViewMixin, InspectView):
    def get_object(self, queryset=None):
        # setup() runs before dispatch(): self.request is set, the permission check is not yet
        return get_object_or_404(self.scope(self.request.user), pk=self.pk)


def _is_model_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view starts from `get_scoped_queryset(user)`."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    # The copy view reads any object by id and pre-fills a form with it: off.
    copy_view_enabled = False
    # Bulk imports bypass save(), so a reference index would be half full: off.
    add_to_reference_index = False
    staff_only = False
    pick_button = None  # (label, url name, icon) for the listing rows and the edit page
    column_labels = {"unit_name": _("Org unit")}  # annotations shown as columns and exported

    def get_scoped_queryset(self, user):
        raise NotImplementedError

    def annotate_listing(self, queryset):
        """Columns the listing and its export show (unit names, counts) in the same query."""
        return queryset.annotate(unit_name=selectors.unit_name_subquery())

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            scope=self.get_scoped_queryset,
            staff_only=self.staff_only,
            annotate_listing=self.annotate_listing,
            pick_button=self.pick_button,
            column_labels=self.column_labels,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        headings = view_kwargs.get("export_headings")
        headings = {} if headings is self.UNDEFINED or headings is None else headings
        merged = {**self.column_labels, **headings}
        view_kwargs["export_headings"] = {key: capfirst(label) for key, label in merged.items()}
        return view_kwargs

    @cached_property
    def filterset_class(self):
        """The list_filter fields, plus a unit-and-below filter where the model has a unit."""
        meta = type("Meta", (), {"model": self.model, "fields": self.list_filter or []})
        has_unit = _is_model_field(self.model, "org_unit")
        base = ScopedFilterSet if has_unit else WagtailFilterSet
        return type(f"{self.model.__name__}FilterSet", (base,), {"Meta": meta})

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class
        staff_only = self.staff_only

        def is_shown(item, request):
            if staff_only and not selectors.can_see_everything(request.user):
                return False
            return base.is_shown(item, request)

        return type(base.__name__, (base,), {"is_shown": is_shown})


# --- Members ---


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


class MemberEditView(ScopedEditView):
    """A change of unit is a dated transfer (mentoring.services.member_transfer), so reports
    for earlier days still count the member where they were."""

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        url = reverse("mentoring_members:accounts", args=[self.object.pk])
        buttons.append(Button(_("Sign-in help"), url=url, icon_name="key", priority=20))
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
            services.member_transfer(member=member, to_unit=new_unit, on=selectors.today())
            member.refresh_from_db()
        return member


class MemberViewSet(ScopedModelViewSet):
    model = Member
    icon = "user"
    menu_order = 200
    url_prefix = "mentoring/members"
    name = "mentoring_members"
    ordering = "full_name"
    # A mentor drafts a shop for the member (mentoring.member_shop_views, producers.assisted).
    pick_button = (_("Member's shop"), "mentoring_members:shop", "doc-full")
    edit_view_class = MemberEditView
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
        "ethnicity",
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
                    FieldRowPanel(
                        [FieldPanel("birth_year"), FieldPanel("gender"), FieldPanel("ethnicity")]
                    ),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("consent_to_contact")]),
                    FieldPanel("org_unit"),
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
        )


# --- Picking members from a list (attendance, a team's youth members) ---


class MemberPickForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = choices


class MemberPickView(WagtailAdminTemplateMixin, FormView):
    """Tick members of one unit's subtree (the object's unit unless ?unit= narrows or widens
    it within what the person may see). Unticking takes off only members listed here."""

    template_name = "mentoring/admin/pick_members.html"
    form_class = MemberPickForm
    permission = ""
    index_url_name = ""
    edit_url_name = ""
    index_label = ""
    submit_label = _("Save")

    def object_queryset(self, user):
        raise NotImplementedError

    def current_members(self):
        raise NotImplementedError

    def save(self, members, offered):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.object_queryset(request.user), pk=kwargs["pk"])
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.units = unit_choices(request.user)
        visible = {pk for pk, _label in self.units}
        try:
            self.unit_id = int(request.GET.get("unit", ""))
        except ValueError:
            self.unit_id = self.object.org_unit_id
        if self.unit_id not in visible:
            self.unit_id = self.object.org_unit_id
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def name_query(self) -> str:
        return " ".join(self.request.GET.get("q", "").split())[:100]

    @cached_property
    def choices(self):
        unit_ids = selectors.subtree_ids(selectors.org_tree_on(), [self.unit_id])
        members = selectors.members_visible_to(self.request.user).filter(org_unit_id__in=unit_ids)
        if self.name_query:
            # A unit lists hundreds of members: the mentor finds one by name or number. Only the
            # members listed are offered, so saving a filtered list leaves the others as they are.
            members = members.filter(
                Q(full_name__icontains=self.name_query)
                | Q(member_number__icontains=self.name_query)
            )
        return members

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["choices"] = self.choices
        if self.request.method == "GET":
            kwargs["initial"] = {
                "members": list(self.current_members().values_list("pk", flat=True))
            }
        return kwargs

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticked = {str(pk) for pk in (context["form"]["members"].value() or [])}
        current = self.current_members().filter(pk=OuterRef("pk"))
        # those already ticked first, so the list reads as "who was there" before "who else"
        listed = self.choices.annotate(
            unit_name=selectors.unit_name_subquery(), is_current=Exists(current)
        ).order_by("-is_current", "full_name")
        context.update(
            search_form=None,  # not Oscar's (see ScopedViewMixin.get_context_data)
            object=self.object,
            units=self.units,
            unit_id=self.unit_id,
            name_query=self.name_query,
            rows=[(member, str(member.pk) in ticked) for member in listed],
            current_count=self.current_members().count(),
            submit_label=self.submit_label,
        )
        return context

    def form_valid(self, form):
        offered = list(self.choices)
        try:
            result = self.save(form.cleaned_data["members"], offered)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Saved: %(added)d added, %(removed)d taken off.")
            % {"added": len(result["added"]), "removed": len(result["removed"])},
        )
        return redirect(self.request.get_full_path())


class AttendanceView(MemberPickView):
    page_title = _("Attendance")
    header_icon = "tick"
    permission = "mentoring.change_trainingsession"
    index_url_name = "mentoring_trainings:index"
    edit_url_name = "mentoring_trainings:edit"
    index_label = _("Training sessions")
    submit_label = _("Save attendance")

    def object_queryset(self, user):
        return selectors.trainings_visible_to(user)

    def current_members(self):
        return self.object.attendees.all()

    def save(self, members, offered):
        return services.training_attendance_record(
            session=self.object, members=members, by=self.request.user, offered=offered
        )

    def get_context_data(self, **kwargs):
        import_url = reverse("mentoring_trainings:attendance_import", args=[self.object.pk])
        context = {**super().get_context_data(**kwargs), "import_url": import_url}
        # Evidence of training: who completed the practice shop's loop (mentoring.practice).
        passed = dict(
            Attendance.objects.filter(
                session=self.object, practical_passed_on__isnull=False
            ).values_list("member_id", "practical_passed_on")
        )
        for member, _ticked in context["rows"]:
            member.practical_passed_on = passed.get(member.pk)
        context["practical_column"] = True
        context["practice_url"] = reverse("mentoring_trainings:practice", args=[self.object.pk])
        return context


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Sign-in sheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file with the columns “Số thẻ đoàn viên” and "
            "“Họ và tên”, as in the member list. Everyone listed is recorded as present."
        ),
    )


class AttendanceImportView(WagtailAdminTemplateMixin, FormView):
    """Record attendance from a file (mentoring.attendance_import): all rows or none."""

    page_title = _("Import attendance")
    header_icon = "upload"
    template_name = "mentoring/admin/attendance_import.html"
    form_class = AttendanceFileForm

    def dispatch(self, request, *args, **kwargs):
        visible = selectors.trainings_visible_to(request.user)
        self.object = get_object_or_404(visible, pk=kwargs["pk"])
        if not request.user.has_perm("mentoring.change_trainingsession"):
            raise PermissionDenied
        self.attendance_url = reverse("mentoring_trainings:attendance", args=[self.object.pk])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("mentoring_trainings:index"), "label": gettext("Training sessions")},
            {"url": self.attendance_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "attendance_url": self.attendance_url,
            "search_form": None,  # not Oscar's (see ScopedViewMixin.get_context_data)
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = attendance_import.training_attendance_import(
                session=self.object, data=upload.read(), name=upload.name, by=self.request.user
            )
        except roster.RosterFileError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        except attendance_import.AttendanceRowsRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, rejected_rows=rejected.rows)
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Attendance imported: %(added)d added, %(already)d already recorded.")
            % {
                "added": len(result["added"]),
                "already": result["listed"] - len(result["added"]),
            },
        )
        return redirect(self.attendance_url)


class TeamMembersView(MemberPickView):
    page_title = _("Youth members")
    header_icon = "group"
    permission = "mentoring.change_team"
    index_url_name = "mentoring_teams:index"
    edit_url_name = "mentoring_teams:edit"
    index_label = _("Teams")

    def object_queryset(self, user):
        return selectors.teams_visible_to(user)

    def current_members(self):
        return self.object.youth_members.all()

    def save(self, members, offered):
        return services.team_members_set(
            team=self.object, members=members, by=self.request.user, offered=offered
        )


class UnitScopedForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "org_unit" in self.fields:
            limit_unit_field_of(self)


# --- Training sessions ---

PRACTICE_BUTTON = (_("Practice shop"), "mentoring_trainings:practice", "pick")


class TrainingIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        label, url_name, icon = PRACTICE_BUTTON
        url = reverse(url_name, args=[instance.pk])
        buttons.insert(1, ListingButton(label, url=url, icon_name=icon, priority=6))
        return buttons


class TrainingEditView(ScopedEditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        label, url_name, icon = PRACTICE_BUTTON
        url = reverse(url_name, args=[self.object.pk])
        buttons.insert(1, Button(label, url=url, icon_name=icon, priority=6))
        return buttons


class TrainingSessionViewSet(ScopedModelViewSet):
    model = TrainingSession
    index_view_class = TrainingIndexView
    edit_view_class = TrainingEditView
    icon = "calendar"
    menu_order = 300
    url_prefix = "mentoring/trainings"
    name = "mentoring_trainings"
    ordering = "-held_on"
    pick_button = (_("Attendance"), "mentoring_trainings:attendance", "tick")
    list_display = [
        "title",
        "topic",
        "held_on",
        "unit_name",
        "attendee_count",
    ]
    list_filter = ["topic", "held_on"]
    search_fields = ["title", "place", "trainers"]
    list_export = [
        "title",
        "get_topic_display",
        "held_on",
        "place",
        "unit_name",
        "trainers",
        "attendee_count",
    ]
    export_headings = {"get_topic_display": _("Topic")}
    column_labels = {"unit_name": _("Org unit"), "attendee_count": _("Attended")}
    export_filename = "training-sessions"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("topic"), FieldPanel("held_on")]),
            FieldPanel("title"),
            FieldPanel("org_unit"),
            FieldRowPanel([FieldPanel("place"), FieldPanel("trainers")]),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.trainings_visible_to(user)

    def annotate_listing(self, queryset):
        return super().annotate_listing(queryset).annotate(attendee_count=Count("attendees"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("attendance/<int:pk>/", AttendanceView.as_view(), name="attendance"),
            path(
                "attendance/<int:pk>/import/",
                AttendanceImportView.as_view(),
                name="attendance_import",
            ),
            *practice_views.urlpatterns,
        ]


# --- Activities ---


class ActivityViewSet(ScopedModelViewSet):
    model = Activity
    icon = "date"
    menu_order = 400
    url_prefix = "mentoring/activities"
    name = "mentoring_activities"
    ordering = "-held_on"
    list_display = ["title", "kind", "held_on", "unit_name", "participants"]
    list_filter = ["kind", "held_on"]
    search_fields = ["title"]
    list_export = ["title", "get_kind_display", "held_on", "unit_name", "participants"]
    export_headings = {"get_kind_display": _("Kind"), "unit_name": _("Org unit")}
    export_filename = "activities"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("org_unit"), FieldPanel("participants")]),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.activities_visible_to(user)


# --- Teams ---


class TeamViewSet(ScopedModelViewSet):
    model = Team
    icon = "group"
    menu_order = 500
    url_prefix = "mentoring/teams"
    name = "mentoring_teams"
    ordering = "name"
    pick_button = (_("Youth members"), "mentoring_teams:youth_members", "group")
    list_display = [
        "name",
        "kind",
        "unit_name",
        "size",
        "youth_count",
        YesNoColumn("youth_at_core", label=_("Youth are its core")),
    ]
    list_filter = ["kind", "youth_at_core"]
    search_fields = ["name"]
    list_export = ["name", "get_kind_display", "unit_name", "size", "youth_count", "youth_at_core"]
    export_headings = {"get_kind_display": _("Kind")}
    column_labels = {"unit_name": _("Org unit"), "youth_count": _("Youth members")}
    export_filename = "teams"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
            FieldPanel("org_unit"),
            FieldRowPanel([FieldPanel("size"), FieldPanel("youth_at_core")]),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.teams_visible_to(user)

    def annotate_listing(self, queryset):
        return super().annotate_listing(queryset).annotate(youth_count=Count("youth_members"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("youth-members/<int:pk>/", TeamMembersView.as_view(), name="youth_members"),
        ]


# --- Staff only: org units, roles, targets ---


def _everything_or_nothing(queryset, user):
    return queryset if selectors.can_see_everything(user) else queryset.none()


class OrgUnitCreateForm(WagtailAdminModelForm):
    """A new unit with its first name and parent, through mentoring.services.org_unit_create."""

    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=OrgUnit.objects.none(), required=False
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "code", "kind", "parent", "opened_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_unit_field(self.fields["parent"], self.for_user)

    def save(self, commit=True):
        self.instance = services.org_unit_create(
            code=self.cleaned_data["code"],
            kind=self.cleaned_data["kind"],
            name=self.cleaned_data["name"],
            parent=self.cleaned_data["parent"],
            opened_on=self.cleaned_data["opened_on"],
        )
        return self.instance


class OrgUnitEditForm(WagtailAdminModelForm):
    """Rename or move a unit from a date (mentoring.services.org_unit_change): reports for
    earlier days keep the old name and place. Merges and closures are not done here."""

    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=OrgUnit.objects.none(), required=False
    )
    changes_from = forms.DateField(
        label=_("Name and parent apply from"),
        help_text=_("Reports for earlier days keep the unit's name and place as they were."),
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "parent", "changes_from", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_unit_field(self.fields["parent"], self.for_user)
        self.fields["parent"].help_text = _("Leave empty to keep the current parent.")
        current = self.instance.versions.order_by("-valid_from").first()
        if current is not None:
            self.initial.setdefault("name", current.name)
            self.initial.setdefault("parent", current.parent_id)
        self.initial.setdefault("changes_from", selectors.today())

    def clean(self):
        cleaned = super().clean()
        parent, on = cleaned.get("parent"), cleaned.get("changes_from")
        if parent is not None and on is not None and self.instance.pk:
            # the service's rule, asked here so the message shows on the field
            try:
                services.org_unit_parent_check(unit=self.instance, parent=parent, on=on)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def save(self, commit=True):
        unit = super().save(commit=commit)
        services.org_unit_change(
            unit=unit,
            on=self.cleaned_data["changes_from"],
            name=self.cleaned_data["name"],
            parent=self.cleaned_data["parent"],
        )
        return unit


class OrgUnitViewSet(ScopedModelViewSet):
    model = OrgUnit
    icon = "site"
    menu_order = 600
    url_prefix = "mentoring/org-units"
    name = "mentoring_org_units"
    ordering = "code"  # codes nest: lc, lc-bat-xat, lc-bat-xat-y-ty…
    staff_only = True
    list_display = ["unit_name", "code", "kind", "parent_name", "member_count", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["code", "versions__name"]
    list_export = [
        "code",
        "unit_name",
        "get_kind_display",
        "parent_name",
        "member_count",
        "opened_on",
        "closed_on",
    ]
    export_headings = {"get_kind_display": _("kind")}
    export_filename = "org-units"
    column_labels = {
        "unit_name": _("Name"),
        "parent_name": _("Parent unit"),
        "member_count": _("Members (directly)"),
    }

    def annotate_listing(self, queryset):
        current_parent = Subquery(
            OrgUnitVersion.objects.filter(unit=OuterRef("pk"), valid_from__lte=selectors.today())
            .order_by("-valid_from")
            .values("parent")[:1]
        )
        return queryset.annotate(
            unit_name=selectors.unit_name_subquery("pk"),
            current_parent=current_parent,
            member_count=Count("members"),
        ).annotate(parent_name=selectors.unit_name_subquery("current_parent"))

    def get_form_class(self, for_update=False):
        return OrgUnitEditForm if for_update else OrgUnitCreateForm

    def get_scoped_queryset(self, user):
        return _everything_or_nothing(OrgUnit.objects.all(), user)


class RoleForm(WagtailAdminModelForm):
    """A role is given by the person's email (a select of every account would not scale)."""

    user = forms.EmailField(label=_("Email of the person"), help_text=_("They need an account."))

    class Meta:
        model = OrgUnitRole
        fields = ["user", "org_unit", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_unit_field_of(self)
        if self.instance.user_id:
            self.initial["user"] = self.instance.user.email

    def clean_user(self):
        user = User.objects.filter(email__iexact=self.cleaned_data["user"], is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this email."))
        return user

    def save(self, commit=True):
        role = super().save(commit=commit)
        services.org_unit_role_grant(role=role)
        return role


class RoleViewSet(ScopedModelViewSet):
    model = OrgUnitRole
    icon = "key"
    menu_label = _("Roles")
    menu_order = 700
    url_prefix = "mentoring/roles"
    name = "mentoring_roles"
    ordering = "-pk"
    staff_only = True
    list_display = ["user", "unit_name", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_export = ["user.email", "unit_name", "get_role_display"]
    export_headings = {
        "user.email": _("Email"),
        "get_role_display": _("role"),
    }
    export_filename = "roles"

    def get_form_class(self, for_update=False):
        return RoleForm

    def get_scoped_queryset(self, user):
        return _everything_or_nothing(OrgUnitRole.objects.select_related("user"), user)


class TargetForm(UnitScopedForm):
    class Meta:
        model = Target
        fields = ["indicator", "org_unit", "year", "value"]


class TargetViewSet(ScopedModelViewSet):
    model = Target
    icon = "crosshairs"
    menu_order = 800
    url_prefix = "mentoring/targets"
    name = "mentoring_targets"
    ordering = ["-year", "indicator"]
    staff_only = True
    list_display = ["indicator", "unit_name", "year", "value"]
    list_filter = ["indicator", "year"]
    list_export = ["get_indicator_display", "unit_name", "year", "value"]
    export_headings = {"get_indicator_display": _("indicator"), "unit_name": _("Org unit")}
    export_filename = "targets"

    def get_form_class(self, for_update=False):
        return TargetForm

    def get_scoped_queryset(self, user):
        return _everything_or_nothing(Target.objects.all(), user)


class MentoringViewSetGroup(ModelViewSetGroup):
    """The "Mentoring" menu: the dashboard and roster import (their own apps) join it through
    the "register_mentoring_menu_item" hook."""

    menu_label = _("Mentoring")
    menu_icon = "group"
    menu_order = 250
    submenu_hook = "register_mentoring_menu_item"
    items = (
        MemberViewSet,
        TrainingSessionViewSet,
        ActivityViewSet,
        TeamViewSet,
        OrgUnitViewSet,
        RoleViewSet,
        TargetViewSet,
    )


class MentoringLinkMenuItem(MenuItem):
    """A link to a named URL that another module fills in: shown only once the name reverses,
    and only to mentors and provincial staff."""

    def __init__(self, label, url_name, **kwargs):
        super().__init__(label, url="", **kwargs)
        self.url_name = url_name

    def _reverse(self):
        from django.urls import NoReverseMatch

        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def is_shown(self, request):
        if self._reverse() is None:
            return False
        # asked once per request for all the links of the menu (one query, not one each)
        shown = getattr(request, "_mentoring_links_shown", None)
        if shown is None:
            user = request.user
            shown = selectors.can_see_everything(user) or selectors.is_mentor(user)
            request._mentoring_links_shown = shown
        return shown

    def render_component(self, request):
        self.url = self._reverse() or ""
        return super().render_component(request)


# --- Audit trail messages ---


class PersonalDataExportFormatter(LogFormatter):
    label = _("Export members' personal data")
    lists = {
        "members": _("the member list"),
        "figure": _("the members behind a dashboard figure"),
        "follow_up": _("the follow-up list"),
    }

    def format_message(self, log_entry):
        what = self.lists.get(log_entry.data.get("what"), log_entry.data.get("what"))
        return gettext("Exported %(what)s (%(format)s)") % {
            "what": what,
            "format": (log_entry.data.get("format") or "").upper(),
        }


class EditLogFormatter(LogFormatter):
    label = _("Edit")

    def format_message(self, log_entry):
        names = (log_entry.data or {}).get("fields") or []
        model = log_entry.content_type.model_class() if log_entry.content_type_id else None
        labels = []
        for name in names:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))
            except (AttributeError, FieldDoesNotExist):  # a form-only field, e.g. a unit's name
                labels.append(name.replace("_", " "))
        if not labels:
            return gettext("Saved with no changes")
        return gettext("Changed: %(fields)s") % {"fields": ", ".join(labels)}


class PickLogFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.message % {
            "added": len(data.get("added", [])),
            "removed": len(data.get("removed", [])),
        }


class AttendanceLogFormatter(PickLogFormatter):
    label = _("Record attendance")
    message = _("Attendance: %(added)d added, %(removed)d taken off")


class TeamMembersLogFormatter(PickLogFormatter):
    label = _("Change team members")
    message = _("Youth members: %(added)d added, %(removed)d taken off")


class KpiSubmitLogFormatter(LogFormatter):
    label = _("Submit a quarter's indicators")

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("again"):
            return gettext("Quarter's indicators submitted again")
        return gettext("Quarter's indicators submitted")


class KpiReturnLogFormatter(LogFormatter):
    label = _("Send back a quarter's indicators")

    def format_message(self, log_entry):
        comment = (log_entry.data or {}).get("comment", "")
        return gettext("Quarter's indicators sent back: %(comment)s") % {"comment": comment}
