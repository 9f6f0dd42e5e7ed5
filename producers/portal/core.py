"""The producer's own pages at /producer/ (producers.portal.urls): what every portal page
shares. The wizard (producers.portal.wizard) keeps no state of its own: each visit to
/producer/ looks at what exists (an account, a producer, a product) and sends the person to the
first missing step (next_step_url), so they can stop on a slow connection and carry on later,
even from another phone. Every other page starts from the person's producer
(ProducerRequiredMixin), or from the sandbox shop they work in.
"""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views import View

from producers import assisted, selectors

# A mentor's draft the person opened before having an account (see
# producers.portal.wizard.ConfirmDraftView): once signed in, the wizard leads back to it
# instead of to a blank profile.
PENDING_DRAFT_SESSION_KEY = "producers.pending_draft"
# The sandbox shop (Producer.is_sandbox: a training's practice shop) the person is working
# in, if any: the portal's pages then work on it instead of the account's own producer.
SANDBOX_PRODUCER_SESSION_KEY = "producers.practice_producer"


def _pending_links():
    """Links another app's pages handle that a visitor opened before having an account
    (CHOPHIEN_PORTAL_PENDING_LINKS): once signed in, the wizard leads back to the link."""
    return [import_string(path) for path in settings.CHOPHIEN_PORTAL_PENDING_LINKS]


def next_step_url(request) -> str:
    if not request.user.is_authenticated:
        return reverse("portal:account")
    producer = selectors.producer_for_user(user=request.user)
    pending = request.session.get(PENDING_DRAFT_SESSION_KEY)
    if producer is None and pending and assisted.draft_for_token(pending) is not None:
        return reverse("portal:confirm_draft", args=[pending])
    if producer is None:
        for pending_link in _pending_links():
            if url := pending_link(request):
                return url
        return reverse("portal:profile")
    if not selectors.producer_product_list(producer=producer).exists():
        return reverse("portal:product")
    return reverse("portal:home")


class ProducerRequiredMixin(LoginRequiredMixin):
    """The signed-in person's producer, or on to the wizard. Every object a portal view
    touches is looked up through it, so one producer can never reach another's.

    A person who entered a sandbox shop they run (a trainee's practice shop, entered from
    the training's page) works on it instead, until they leave it (SandboxLeaveView): the
    same portal, on a producer nobody else sees."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.producer = None
            if sandbox_id := request.session.get(SANDBOX_PRODUCER_SESSION_KEY):
                self.producer = selectors.sandbox_producer_for_user(
                    user=request.user, producer_id=sandbox_id
                )
                if self.producer is None:  # no longer theirs: back to their own shop
                    request.session.pop(SANDBOX_PRODUCER_SESSION_KEY, None)
            if self.producer is None:
                self.producer = selectors.producer_for_user(user=request.user)
            if self.producer is None:
                return redirect(next_step_url(request))
        return super().dispatch(request, *args, **kwargs)


# --- Leaving a sandbox shop (the practice shops of trainings: mentoring.practice_portal_views) ---


class SandboxLeaveView(LoginRequiredMixin, View):
    """Back to one's own shop (or the wizard, for a trainee who has none yet)."""

    def post(self, request):
        request.session.pop(SANDBOX_PRODUCER_SESSION_KEY, None)
        return redirect("portal:start")
