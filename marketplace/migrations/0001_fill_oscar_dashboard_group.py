"""Fill Oscar's "All Oscar Dashboard Permissions" group on a fresh database.

Oscar's customer.0008 migration creates the group and gives it the dashboard's model
permissions, but on a fresh database those permissions do not exist yet (Django creates them
after all migrations), so the group stays empty and staff get 403 in the dashboard. Here the
permissions are created first, then Oscar's own function fills the group.
"""

from importlib import import_module

from django.db import migrations

from marketplace.permissions import create_all_permissions

oscar_migration = import_module("marketplace.customer.migrations.0008_assign_permissions_to_staff")


def fill_dashboard_group(apps, schema_editor):
    create_all_permissions(apps)
    oscar_migration.assign_permissions_to_staff_users(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("analytics", "0003_auto_20200801_0817"),
        ("catalogue", "0034_specialty_product_class"),
        ("communication", "0004_auto_20200801_0817"),
        ("customer", "0008_assign_permissions_to_staff"),
        ("flatpages", "0001_initial"),
        ("offer", "0013_range_excluded_categories"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("partner", "0008_alter_stockrecord_price"),
        ("reviews", "0005_productreview_code"),
        ("shipping", "0003_auto_20181115_1953"),
        ("voucher", "0010_auto_20210224_0712"),
    ]
    operations = [migrations.RunPython(fill_dashboard_group, migrations.RunPython.noop)]
