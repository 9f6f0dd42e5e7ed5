"""The mentoring dashboard and follow-up queue in the Wagtail admin; see wagtail_hooks."""

urlpatterns: list = []
