"""Wagtail's audit log, for the few paths called many times a second."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, log, registry
from wagtail.models import ModelLogEntry


def log_without_revalidation(instance, action: str, *, user=None, data=None):
    """The entry wagtail.log_actions.log(instance, action, user=…, data=…) writes, without
    BaseLogEntry.save()'s full_clean(): that validates every field of an entry we build
    ourselves and reads its content type back from the database, about a millisecond of the
    bank feed's ten a call. The one rule clean() holds, a registered action, is kept. Models
    Wagtail logs elsewhere (pages: PageLogEntry) go through log() itself."""
    model = registry.get_log_model_for_instance(instance)
    if model is not ModelLogEntry:
        return log(instance, action, user=user, data=data)
    if not registry.action_exists(action):
        raise ValueError(f"The log action {action!r} has not been registered.")
    context = get_active_log_context()
    (entry,) = ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                label=ModelLogEntry.objects.get_instance_title(instance),
                action=action,
                timestamp=timezone.now(),
                data=data or {},
                user=user or context.user,
                uuid=context.uuid,
                object_id=str(instance.pk),
            )
        ]
    )
    return entry
