"""The base of every mentoring admin screen: unit choices limited to what the person may see,
and views and viewsets that read through one scoped queryset per model (mentoring.selectors),
so another unit's object is a 404 whatever the URL.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.log_actions import log

from config.spreadsheets import SafeSpreadsheetExportMixin
from mentoring import selectors, services
from mentoring.models import Member, OrgUnit

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
    _keep_closed_unit(form, choices)


def _keep_closed_unit(form, choices) -> None:
    """A record a restructure left on a closed unit (a team formed before the change, whose
    unit is not dated: mentoring.restructure._teams_hand_on) keeps that unit when edited, so
    saving it does not move it, and with it the reports of the days before. Only its own
    unit is added, and only for a record the screen's scoped queryset let the person reach
    (the successor's mentors, mentoring.selectors.teams_visible_to)."""
    unit_id = form.instance.org_unit_id if form.instance.pk else None
    if unit_id is None or unit_id in {pk for pk, _label in choices}:
        return
    unit = OrgUnit.objects.filter(pk=unit_id, closed_on__isnull=False).first()
    if unit is None:
        return
    field = form.fields["org_unit"]
    field.queryset = OrgUnit.objects.filter(pk__in=[*(pk for pk, _label in choices), unit.pk])
    label = gettext("%(unit)s (closed from %(day)s)") % {
        "unit": unit,
        "day": unit.closed_on.strftime("%d/%m/%Y"),
    }
    field.choices = [*field.choices, (unit.pk, label)]


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
        """The server's own check that a saved object stays in the person's units (or on the
        unit it had when this screen read it through the scoped queryset: a team a
        restructure left on a closed unit, see _keep_closed_unit)."""
        unit_id = getattr(instance, "org_unit_id", None)
        if unit_id is not None and unit_id == getattr(self, "unit_before", None):
            return
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

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        self.unit_before = getattr(instance, "org_unit_id", None)
        return instance

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


class UnitScopedForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "org_unit" in self.fields:
            limit_unit_field_of(self)
