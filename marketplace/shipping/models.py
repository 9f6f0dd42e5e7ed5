from oscar.apps.shipping.models import *  # noqa: F403  not customised; forked for its rates migration
