from oscar.core.loading import get_class


def staff_only(permissions_map: dict) -> dict:
    """Oscar's permission map without the partner-access alternative.

    In Oscar's maps a tuple lists alternatives (staff permissions, or a partner's
    `partner.dashboard_access`) and a list lists permissions all needed. Oscar's partner pages
    grant `partner.dashboard_access` whenever staff link a user to a partner; producers work in
    the portal (/producer/), which keeps to their own lines and sends their edits to review.
    """
    # Loaded here: Oscar's module needs the user model, not ready while app configs load.
    partner_access = get_class(
        "dashboard.permissions", "DashboardPermission"
    ).partner_dashboard_access
    return {
        url_name: (
            tuple(option for option in permissions if option != partner_access)
            if isinstance(permissions, tuple)
            else permissions
        )
        for url_name, permissions in permissions_map.items()
    }
