"""Provincial staff only: org units, roles, targets and the reporting levels."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column

from accounts.models import User
from mentoring import selectors, services
from mentoring.admin.scoping import (
    ScopedModelViewSet,
    UnitScopedForm,
    limit_unit_field,
    limit_unit_field_of,
)
from mentoring.models import (
    OrgUnit,
    OrgUnitRole,
    OrgUnitVersion,
    ReportingRule,
    Target,
    YouthCoreRule,
)


class YesNoColumn(Column):
    """A true/false field as "Có"/"Không": Wagtail prints a bare boolean as True/False."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")


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
    """Rename, move or change the kind of a unit from a date (mentoring.services.
    org_unit_change): reports for earlier days keep the old name, place and kind. Merges
    and closures are not done here."""

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
        # The kind is dated like the name and parent (earlier years keep the old kind), so
        # it goes through the service rather than onto the unit's row for every day.
        kind = self.cleaned_data["kind"]
        changed = "kind" in self.changed_data
        self.instance.kind = self.initial.get("kind", kind)
        unit = super().save(commit=commit)
        services.org_unit_change(
            unit=unit,
            on=self.cleaned_data["changes_from"],
            name=self.cleaned_data["name"],
            parent=self.cleaned_data["parent"],
            kind=kind if changed else None,
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


class ReportingRuleViewSet(ScopedModelViewSet):
    """Which kinds of unit report and the activities the plan asks of each, dated: the
    province chooses its reporting level here (no unit column: a rule is province-wide)."""

    model = ReportingRule
    icon = "list-ol"
    menu_label = _("Reporting levels")
    menu_order = 850
    url_prefix = "mentoring/reporting-levels"
    name = "mentoring_reporting_levels"
    ordering = ["valid_from", "kind"]
    staff_only = True
    form_fields = [
        "kind",
        "valid_from",
        "valid_until",
        "must_report",
        "activities_per_year",
        "min_answer_coverage",
    ]
    list_display = [
        "kind",
        "valid_from",
        "valid_until",
        YesNoColumn(
            "must_report",
            label=ReportingRule._meta.get_field("must_report").verbose_name,
            sort_key="must_report",
        ),
        "activities_per_year",
        "min_answer_coverage",
    ]
    list_filter = ["kind", "must_report"]
    list_export = [
        "get_kind_display",
        "valid_from",
        "valid_until",
        "must_report",
        "activities_per_year",
        "min_answer_coverage",
    ]
    export_headings = {"get_kind_display": _("kind of unit")}
    export_filename = "reporting-levels"

    def annotate_listing(self, queryset):
        return queryset

    def get_scoped_queryset(self, user):
        return _everything_or_nothing(ReportingRule.objects.all(), user)


class YouthCoreRuleViewSet(ScopedModelViewSet):
    """When youth are at the core of a team, dated: the province sets the age limit, the
    share of youth and whether the leader must be youth (mentoring.teams reads the rule in
    force on the report day). Province-wide, like the reporting levels."""

    model = YouthCoreRule
    icon = "group"
    menu_label = _("Youth at the core")
    menu_order = 860
    url_prefix = "mentoring/youth-core-rules"
    name = "mentoring_youth_core_rules"
    ordering = ["valid_from"]
    staff_only = True
    form_fields = [
        "valid_from",
        "valid_until",
        "youth_age_limit",
        "youth_share",
        "leader_must_be_youth",
    ]
    list_display = [
        "__str__",
        "youth_age_limit",
        "youth_share",
        YesNoColumn(
            "leader_must_be_youth",
            label=YouthCoreRule._meta.get_field("leader_must_be_youth").verbose_name,
            sort_key="leader_must_be_youth",
        ),
    ]
    list_export = [
        "valid_from",
        "valid_until",
        "youth_age_limit",
        "youth_share",
        "leader_must_be_youth",
    ]
    list_filter = ["leader_must_be_youth"]
    export_filename = "youth-core-rules"

    def annotate_listing(self, queryset):
        return queryset

    def get_scoped_queryset(self, user):
        return _everything_or_nothing(YouthCoreRule.objects.all(), user)
