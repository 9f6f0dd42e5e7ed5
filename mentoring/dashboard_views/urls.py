"""The dashboard's pages, mounted by mentoring.wagtail_hooks (namespace "mentoring_dashboard")."""

from django.urls import path

from mentoring.dashboard_views.figure import FigureView
from mentoring.dashboard_views.follow_up import FollowUpView
from mentoring.dashboard_views.index import DashboardView
from mentoring.dashboard_views.rules import RulesView

urlpatterns = [
    path("", DashboardView.as_view(), name="index"),
    path("units/<int:unit_id>/<slug:code>/", FigureView.as_view(), name="figure"),
    path("follow-up/", FollowUpView.as_view(), name="follow_up"),
    path("how-figures-are-computed/", RulesView.as_view(), name="rules"),
]
