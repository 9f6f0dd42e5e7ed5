"""Roster import screens (upload → dry run → commit) in the Wagtail admin; see wagtail_hooks."""

urlpatterns: list = []
