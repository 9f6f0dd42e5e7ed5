"""Helpers every app may use: no models, and no imports of the project's apps."""
