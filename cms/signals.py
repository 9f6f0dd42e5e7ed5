"""Keep the cached menu and footer (cms.templatetags.cms_tags) in step with the pages."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.templatetags.cms_tags import chrome_invalidate


def _invalidate(**kwargs):
    chrome_invalidate()


def _legal_published(sender, instance, **kwargs):
    from cms.services import legal_page_register

    legal_page_register(page=instance)


def _legal_unpublished(sender, instance, **kwargs):
    from legal.services import document_version_withdraw

    document_version_withdraw(page_id=instance.pk)


def connect():
    from cms.models import (
        FooterLink,
        FooterSettings,
        LegalPage,
        NavigationLink,
        NavigationSettings,
    )

    # A published rules or notice page is a version sign-in and checkout ask people to accept.
    page_published.connect(_legal_published, sender=LegalPage, dispatch_uid="cms_legal_published")
    page_unpublished.connect(
        _legal_unpublished, sender=LegalPage, dispatch_uid="cms_legal_unpublished"
    )

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
