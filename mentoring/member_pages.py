"""What every page about one member in the Mentoring admin shows around its content: the
member's name under the title and breadcrumbs back to the members' list and the member. The
view sets `self.member` in its dispatch, from the members the person may see."""

from django.urls import reverse
from django.utils.translation import gettext
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class MemberPageFrame(WagtailAdminTemplateMixin):
    def member_url(self) -> str:
        return reverse("mentoring_members:edit", args=[self.member.pk])

    def get_page_subtitle(self):
        return self.member.full_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("mentoring_members:index"), "label": gettext("Members")},
            {"url": self.member_url(), "label": self.member.full_name},
            {"url": "", "label": self.get_page_title()},
        ]
