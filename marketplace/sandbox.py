"""Sandbox shops: producers made for practising (Producer.is_sandbox), never public, never
reviewed, paid only by test card.

The shop knows only the flag. Who may buy from a sandbox shop, and which baskets of sandbox
lines may be paid, is a policy of the app that makes such shops (the practice shops of
trainings: mentoring.practice.PracticePolicy), named by settings.CHOPHIEN_SANDBOX_POLICY so
that the shop never imports it. Without a policy, nothing sandboxed can be bought.
"""

from django.conf import settings
from django.utils.module_loading import import_string


class SandboxPolicy:
    """The shop's defaults when no policy is set: nothing sandboxed is buyable, no reason."""

    def product_buyable_by(self, *, user, producer) -> bool:
        """Whether `user` may buy a (never public) product of the sandbox shop `producer`."""
        return False

    def basket_reason(self, *, producers) -> str | None:
        """Why a basket with lines of these producers (some of them sandbox shops) cannot be
        paid as it is, or None."""
        return None

    def sandbox_page_url(self, *, producer) -> str | None:
        """The page about the sandbox shop `producer` (what it is for), for its portal."""
        return None


def sandbox_policy() -> SandboxPolicy:
    """The policy settings.CHOPHIEN_SANDBOX_POLICY names (a dotted path), or the defaults."""
    path = getattr(settings, "CHOPHIEN_SANDBOX_POLICY", "")
    return import_string(path)() if path else SandboxPolicy()
