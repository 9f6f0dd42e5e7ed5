"""Provincial editors publish anywhere; a district's editors write only in their district's
section and cannot publish: their pages go to the provincial editors through a workflow."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from cms import services
from cms.models import NewsPage
from tests.factories.cms import add_page, make_site_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    return make_site_pages()


@pytest.fixture
def provincial_group(pages):
    return services.provincial_editors_setup(home=pages["home"])


@pytest.fixture
def district_group(pages, provincial_group):
    return services.district_editors_setup(
        section=pages["section"], district="Bắc Hà", approvers=provincial_group
    )


def _user(django_user_model, email, group):
    user = django_user_model.objects.create_user(email=email, password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def district_editor(django_user_model, district_group):
    return _user(django_user_model, "bacha@example.com", district_group)


@pytest.fixture
def provincial_editor(django_user_model, provincial_group):
    return _user(django_user_model, "tinh@example.com", provincial_group)


def _news_form(title, slug):
    return {
        "title": title,
        "slug": slug,
        "date": "2026-11-20",
        "tags": "",
        "intro": "",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }


def _add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["cms", "newspage", parent.pk])


def test_district_editor_cannot_add_or_publish_outside_their_section(
    client, pages, district_editor
):
    client.force_login(district_editor)
    response = client.post(_add_url(pages["news_index"]), _news_form("Tin ngoài", "tin-ngoai"))
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(slug="tin-ngoai").exists()

    outside = pages["news"].permissions_for_user(district_editor)
    assert not outside.can_edit()
    assert not outside.can_publish()
    assert not pages["news_index"].permissions_for_user(district_editor).can_add_subpage()


def test_district_editor_cannot_publish_in_their_own_section_either(client, pages, district_editor):
    client.force_login(district_editor)
    client.post(_add_url(pages["section"]), _news_form("Tin Bắc Hà", "tin-bac-ha"))
    article = NewsPage.objects.get(slug="tin-bac-ha")
    assert not article.live  # "publish" from a writer saves a draft
    perms = article.permissions_for_user(district_editor)
    assert perms.can_edit() and not perms.can_publish()


def test_district_editor_cannot_publish_a_draft_outside_through_bulk_actions(
    client, pages, district_editor
):
    draft = add_page(pages["news_index"], NewsPage(title="Bản nháp tỉnh"), publish=False)
    client.force_login(district_editor)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}"
    )
    client.post(url, {})
    draft.refresh_from_db()
    assert not draft.live


def test_district_work_goes_through_review_and_a_provincial_editor_publishes_it(
    client, pages, district_editor, provincial_editor
):
    client.force_login(district_editor)
    form = _news_form("Thanh niên Bắc Hà tình nguyện", "tinh-nguyen")
    del form["action-publish"]
    form["action-submit"] = "action-submit"
    client.post(_add_url(pages["section"]), form)
    article = NewsPage.objects.get(slug="tinh-nguyen")
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == services.DISTRICT_WORKFLOW

    task_state = state.current_task_state
    actions = dict(
        (name, label)
        for name, label, _modal in task_state.task.specific.get_actions(article, district_editor)
    )
    assert "approve" not in actions  # the writer cannot approve their own work

    client.force_login(provincial_editor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live


def test_provincial_editor_publishes_anywhere(client, pages, provincial_editor):
    client.force_login(provincial_editor)
    for parent, slug in ((pages["news_index"], "tin-tinh"), (pages["section"], "tin-huyen")):
        client.post(_add_url(parent), _news_form("Tin", slug))
        assert NewsPage.objects.get(slug=slug).live
    assert pages["standard"].permissions_for_user(provincial_editor).can_publish()


def test_setting_up_the_groups_twice_changes_nothing(pages, provincial_group):
    from wagtail.models import GroupPagePermission

    services.district_editors_setup(
        section=pages["section"], district="Bắc Hà", approvers=provincial_group
    )
    before = GroupPagePermission.objects.count()
    services.provincial_editors_setup(home=pages["home"])
    services.district_editors_setup(
        section=pages["section"], district="Bắc Hà", approvers=provincial_group
    )
    assert GroupPagePermission.objects.count() == before


# Everything a district editor must not open: people's data, the shop's back office, the
# union's figures and the site's set-up. Each answers 403 or sends them back to the admin home.
OUT_OF_BOUNDS = [
    "mentoring_members:index",
    "mentoring_import:index",
    "mentoring_dashboard:index",
    "mentoring_org_units:index",
    "mentoring_roles:index",
    "mentoring_trainings:index",
    "producers_admin:index",
    "product_review:index",
    "wagtailusers_users:index",
    "wagtailusers_groups:index",
    "wagtailsites:index",
]


def test_district_editor_opens_nothing_outside_pages_and_media(client, pages, district_editor):
    client.force_login(district_editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # signed in to the admin
    opened = []
    for name in OUT_OF_BOUNDS:
        response = client.get(reverse(name))
        if not (
            response.status_code in (403, 404)
            or (response.status_code == 302 and "/cms-admin/" in response.url)
        ):
            opened.append((name, response.status_code))
    assert opened == []
    # Oscar's dashboard (orders, customers' addresses) is refused.
    assert client.get(reverse("dashboard:index")).status_code == 403
    # The "I want to sell here" submissions (names, phones) are the provincial editors'.
    forms = client.get(reverse("wagtailforms:index"))
    assert pages["form"].title not in forms.content.decode()
    submissions = reverse("wagtailforms:list_submissions", args=[pages["form"].pk])
    assert client.get(submissions).status_code in (302, 403)
