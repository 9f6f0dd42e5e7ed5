"""Storages that models name. The S3 backends themselves are settings (config.storage)."""

from django.core.files.storage import storages


def private_storage():
    """The storage no URL serves (settings.STORAGES["private"]): uploaded spreadsheets with
    people's names and phone numbers. A callable, so a migration records this function's
    path rather than the storage options of the machine that made it."""
    return storages["private"]
