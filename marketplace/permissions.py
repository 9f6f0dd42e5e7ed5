"""Helpers for data migrations that hand out model permissions."""

from django.contrib.auth.management import create_permissions


def create_all_permissions(apps) -> None:
    """Create every model's permissions now, in a migration.

    Django creates them only after all migrations have run, so a data migration that gives a
    group permissions on a fresh database would otherwise find none.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
