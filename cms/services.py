"""Writes for the CMS: who may publish where, and the moderation workflow behind it.

Provincial editors add, edit and publish anywhere on the site. A district's editors add and
edit only inside their district's section (SectionPage) and cannot publish: what they write
goes to the provincial editors through the "District review" workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from legal.services import document_version_register

PROVINCIAL_EDITORS = "Provincial editors"
DISTRICT_EDITORS_PREFIX = "District editors"
DISTRICT_WORKFLOW = "District review"
DISTRICT_TASK = "Approval by provincial editors"

_ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
_PUBLISHER_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
_WRITER_PAGE_PERMISSIONS = ["add_page", "change_page"]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(*, group: Group, page: Page, codenames: list[str]) -> None:
    """Page permissions on `page` and on its translations (the English tree is a separate
    branch of the page tree, so a permission on the Vietnamese page does not cover it)."""
    for translation in page.get_translations(inclusive=True):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=translation, permission=_permission("wagtailcore", codename)
            )


def _editor_group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*(_permission(app, codename) for app, codename in _ADMIN_PERMISSIONS))
    return group


@transaction.atomic
def provincial_editors_setup(*, home: Page) -> Group:
    """The provincial editors' group: publish anywhere under the home page. Safe to repeat."""
    group = _editor_group(PROVINCIAL_EDITORS)
    _grant_pages(group=group, page=home, codenames=_PUBLISHER_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def district_workflow_setup(*, approvers: Group) -> Workflow:
    """One review workflow for every district section: a provincial editor approves."""
    task = GroupApprovalTask.objects.filter(name=DISTRICT_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=DISTRICT_TASK)
    task.groups.add(approvers)
    workflow, _created = Workflow.objects.get_or_create(name=DISTRICT_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def district_editors_setup(*, section: Page, district: str, approvers: Group) -> Group:
    """A district's editors: write (not publish) in their section, reviewed by `approvers`."""
    group = _editor_group(f"{DISTRICT_EDITORS_PREFIX} · {district}")
    _grant_pages(group=group, page=section, codenames=_WRITER_PAGE_PERMISSIONS)
    workflow = district_workflow_setup(approvers=approvers)
    for translation in section.get_translations(inclusive=True):
        WorkflowPage.objects.update_or_create(page=translation, defaults={"workflow": workflow})
    return group


def legal_page_register(*, page) -> None:
    """A rules or notice page was published: its version is what sign-in and checkout ask
    people to accept from its date (legal). Only the site's own language registers: the
    translation is the same version at the same address."""
    page = page.specific
    if page.locale_id != Locale.get_default().pk:
        return
    document_version_register(
        kind=page.kind,
        number=page.version,
        title=page.title,
        effective_from=page.effective_from,
        url=page.get_url() or page.url_path,
        page_id=page.pk,
        changes=page.changes,
    )
