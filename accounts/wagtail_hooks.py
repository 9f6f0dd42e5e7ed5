from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.password_handover import PASSWORD_SET_BY_OTHER, PASSWORD_SET_BY_OWNER


@hooks.register("register_log_actions")
def register_account_actions(actions):
    actions.register_action(
        PASSWORD_SET_BY_OTHER,
        _("Password set by a helper"),
        _("Password set by a helper, to be handed over in person"),
    )
    actions.register_action(
        PASSWORD_SET_BY_OWNER,
        _("Password set by its owner"),
        _("Password set by its owner, after a code sent to the account's phone"),
    )
