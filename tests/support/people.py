"""The union's people for tests: a mentor of one unit, and provincial staff who see them all;
and the shop's sign-in form, as a person fills it in."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from mentoring import services
from mentoring.models import OrgUnitRole


def make_mentor(
    unit, email="batxat@example.com", *, mentors_group=True, admin_permission=False
) -> User:
    """A mentor of `unit` (and the units under it), given the role as the admin gives it: the
    Mentors group opens the mentoring screens. `mentors_group=False` leaves the group out (an
    account holding only what `admin_permission` adds: the permission to open the admin).
    Read back fresh: permissions are cached per instance."""
    user = User.objects.create_user(email=email, password="x" * 12)
    if admin_permission:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    role = OrgUnitRole.objects.create(user=user, org_unit=unit)
    if mentors_group:
        services.org_unit_role_grant(role=role)
    return User.objects.get(pk=user.pk)


def make_union_staff(email="tinhdoan@example.com", *, approve_reports=False) -> User:
    """Provincial staff: every unit, in the admin; `approve_reports` also lets them approve
    the unions' quarterly KPI reports. Read back fresh: permissions are cached per instance."""
    user = User.objects.create_user(email=email, password="x" * 12)
    codenames = ["view_all_units", "access_admin"]
    if approve_reports:
        codenames.append("approve_kpisnapshot")
    permissions = [Permission.objects.get(codename=codename) for codename in codenames]
    user.user_permissions.add(*permissions)
    return User.objects.get(pk=user.pk)


def sign_in_with_password(client, identifier: str, password: str):
    """The shop's sign-in form (e-mail or phone, and password), posted as a person does:
    through django-axes and the session, unlike `client.force_login`."""
    return client.post(
        reverse("customer:login"),
        {"login-username": identifier, "login-password": password, "login_submit": "1"},
    )
