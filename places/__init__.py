"""Vietnam's administrative units (provinces, districts, communes) as dated reference data.

Loaded from a maintained package (`manage.py load_admin_units`), never typed by hand. Imports
only core, so every app may use it.
"""
