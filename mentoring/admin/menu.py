"""The "Mentoring" admin menu: the viewsets' group, and links other modules' screens add to it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup

from mentoring import selectors
from mentoring.admin.activities import ActivityViewSet, TeamViewSet, TrainingSessionViewSet
from mentoring.admin.members import MemberViewSet
from mentoring.admin.signups import AssistedSignupViewSet, MemberAnswerViewSet
from mentoring.admin.staff import (
    OrgUnitViewSet,
    ReportingRuleViewSet,
    RoleViewSet,
    TargetViewSet,
    YouthCoreRuleViewSet,
)


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
        AssistedSignupViewSet,
        MemberAnswerViewSet,
        TeamViewSet,
        OrgUnitViewSet,
        RoleViewSet,
        TargetViewSet,
        ReportingRuleViewSet,
        YouthCoreRuleViewSet,
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
