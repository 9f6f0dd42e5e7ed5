from django.utils.functional import SimpleLazyObject

from .services import page_cache_version


def page_cache(request):
    """`page_cache_version` for the keys of cached fragments ({% wagtailcache %}), read from
    the cache only by a template that uses it."""
    return {"page_cache_version": SimpleLazyObject(page_cache_version)}
