"""Wagtail's admin under the site's Content-Security-Policy (no 'unsafe-inline' for scripts).

Wagtail 8 writes a few start-up scripts inline. Its templates that do are overridden in
cms/templates/wagtailadmin/ with the response's nonce; its choosers (page, image, document,
snippet and our product and producer choosers) write theirs from Python, in
`BaseChooser.render`, with no template or hook to change, so that one method is wrapped here.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser

from config.middleware import current_csp_nonce

_SCRIPT = "<script>"


def give_chooser_scripts_the_nonce() -> None:
    """Wrap BaseChooser.render so its inline <script> carries this response's nonce."""
    render = BaseChooser.render
    if getattr(render, "gives_nonce", False):
        return

    def render_with_nonce(self, name, value, attrs=None, renderer=None):
        html = str(render(self, name, value, attrs=attrs, renderer=renderer))
        # Wagtail appends exactly one "<script>{js}</script>" after the widget's own HTML.
        head, found, tail = html.rpartition(_SCRIPT)
        if not found:
            return mark_safe(html)  # noqa: S308 - Wagtail's own output, unchanged
        opening = format_html('<script nonce="{}">', current_csp_nonce())
        return mark_safe(head + opening + tail)  # noqa: S308 - Wagtail's output + our attribute

    render_with_nonce.gives_nonce = True
    BaseChooser.render = render_with_nonce
