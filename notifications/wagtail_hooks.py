from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from notifications.models import Message


class TemplateColumn(Column):
    """The template's label for staff ("Đã đặt hàng") instead of its code ("order_placed")."""

    def get_value(self, instance):
        return instance.template_label


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Staff read the record; nobody edits or deletes it (it is what was sent)."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class MessageViewSet(ModelViewSet):
    """Every SMS, Zalo message and email sent to buyers and producers, with its status: for
    staff with the "view message" permission only (numbers, addresses and texts are personal)."""

    model = Message
    icon = "mail"
    menu_label = _("Messages sent")
    add_to_admin_menu = True
    menu_order = 900
    url_prefix = "messages"
    name = "notifications_messages"
    list_display = [
        "created_at",
        "to",
        "channel",
        TemplateColumn(
            "template", label=Message._meta.get_field("template").verbose_name, sort_key="template"
        ),
        "status",
        "attempts",
        "error",
    ]
    list_filter = ["status", "channel", "template"]
    search_fields = ["to", "template"]
    search_backend_name = None  # plain database filtering: the messages are not indexed
    form_fields = ["status"]  # no form is reachable: the policy allows only viewing
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "to",
        "channel",
        "template",
        "params",
        "body",
        "status",
        "attempts",
        "error",
        "next_attempt_at",
        "sent_at",
        "provider_id",
    ]


register_permission_policy(Message, ReadOnlyPolicy(Message))


@hooks.register("register_admin_viewset")
def register_message_viewset():
    return MessageViewSet()
