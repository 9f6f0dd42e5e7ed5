from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site's data and the commands that write it (`load_demo_data`,
    `generate_scale_data`), as Wagtail's bakerydemo keeps its loader in its `base` app.

    It sits above every other app (it fills all of them through their services) and no app
    imports it, so a production site may leave it out of INSTALLED_APPS.
    """

    name = "demo"
    verbose_name = _("Demo data")
