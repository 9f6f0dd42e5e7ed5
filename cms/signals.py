"""Keep the cached menu and footer (cms.templatetags.cms_tags) in step with the pages."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.templatetags.cms_tags import chrome_invalidate


def _invalidate(**kwargs):
    chrome_invalidate()


def connect():
    from cms.models import FooterLink, FooterSettings, NavigationLink, NavigationSettings

    page_published.connect(_invalidate, dispatch_uid="cms_chrome_published")
    page_unpublished.connect(_invalidate, dispatch_uid="cms_chrome_unpublished")
    post_page_move.connect(_invalidate, dispatch_uid="cms_chrome_moved")
    for model in (NavigationSettings, FooterSettings, NavigationLink, FooterLink):
        post_save.connect(
            _invalidate, sender=model, dispatch_uid=f"cms_chrome_save_{model.__name__}"
        )
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"cms_chrome_delete_{model.__name__}"
        )
    from wagtail.models import Page

    post_delete.connect(_invalidate, sender=Page, dispatch_uid="cms_chrome_page_deleted")
