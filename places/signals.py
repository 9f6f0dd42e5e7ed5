"""Signals of the places app, for the apps above it (places imports none of them)."""

from django.dispatch import Signal

# Sent by services.admin_units_load once the units are in the database (inside its
# transaction). Apps whose rows name places link the rows they could not link before: on a
# fresh database their data migrations run before the units are loaded.
units_loaded = Signal()
