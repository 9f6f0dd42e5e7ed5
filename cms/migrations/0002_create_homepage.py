"""Make a HomePage the site root, replacing the placeholder page that Wagtail creates."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2, slug="home"
    ).delete()
    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    homepage = HomePage.objects.create(
        title="Chợ Phiên",
        draft_title="Chợ Phiên",
        slug="home",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        hero_heading="Đặc sản Lào Cai, từ tay người trẻ",
        hero_text=(
            "Chè Shan Tuyết, mật ong rừng, thảo quả, mận tam hoa… mua trực tiếp từ các hộ, "
            "hợp tác xã và doanh nghiệp trẻ ở vùng cao Lào Cai."
        ),
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=homepage, is_default_site=True,
        site_name="Chợ Phiên",
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    run_before = [("wagtailcore", "0053_locale_model")]
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
