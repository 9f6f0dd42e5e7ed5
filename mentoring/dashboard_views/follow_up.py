"""The follow-up queue: the person's own mentees who need a nudge."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from config.spreadsheets import spreadsheet_response
from mentoring import services
from mentoring.dashboard_views.base import EXPORT_FORMATS, ScopedPage
from mentoring.reporting.follow_up import NO_ORDER_DAYS, TRAINED_WAIT_DAYS, follow_up_queue


class FollowUpView(ScopedPage):
    """The person's own mentees (Member.mentor) who need a nudge."""

    template_name = "mentoring/dashboard/follow_up.html"
    sections = ("trained", "quiet", "drafts")

    def get(self, request, *args, **kwargs):
        self.queue = follow_up_queue(mentor=request.user)
        fmt = self.export_format()
        if fmt:
            section = request.GET.get("section", "trained")
            if section not in self.sections:
                raise Http404
            services.personal_data_export_record(
                user=request.user, what="follow_up", fmt=fmt, query=request.GET.urlencode()
            )
            rows, since = {
                "trained": (self.queue.trained_not_listed, _("trained on")),
                "quiet": (self.queue.listed_no_recent_order, _("on sale since")),
                "drafts": (self.queue.drafts_awaiting, _("drafted on")),
            }[section]
            return spreadsheet_response(
                filename=f"follow-up-{section}-{self.queue.day.isoformat()}",
                headings=[
                    _("member number"),
                    _("full name"),
                    _("phone"),
                    since,
                    _("days"),
                    _("latest paid order"),
                ],
                rows=(
                    [
                        r.member.member_number,
                        r.member.full_name,
                        r.member.phone if r.member.consent_to_contact else "",
                        r.since,
                        r.days,
                        r.last_paid_on,
                    ]
                    for r in rows
                ),
                fmt=fmt,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "queue": self.queue,
            "trained_days": TRAINED_WAIT_DAYS,
            "order_days": NO_ORDER_DAYS,
            "exports": {
                section: {
                    fmt: self.url("follow_up", section=section, export=fmt)
                    for fmt in EXPORT_FORMATS
                }
                for section in self.sections
            },
            "dashboard_url": self.url("index"),
        }
