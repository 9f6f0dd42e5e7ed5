"""{% csp_nonce %}: the Content-Security-Policy nonce of the response being rendered.

For templates rendered without the request in their context (form widgets, Wagtail's panels);
where the request is at hand, `{{ request.csp_nonce }}` says the same.
"""

from django import template

from config.middleware import current_csp_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_csp_nonce()
