"""Sign in, sign up and reset a password with a one-time code sent to a phone (accounts.otp):
ask for a code, type it, and (for a reset) choose a new password. Thin views: the rules are in
accounts.otp; mounted by config.urls under /shop/accounts/code/ (never cached: pagecache skips
/shop/accounts/, and the service worker never stores it)."""

import time

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts import otp
from accounts.forms import PhoneCodeForm, PhoneCodeRequestForm, PhoneCodeSignUpForm
from accounts.models import PhoneCode, User
from accounts.password_handover import password_set_by_owner_record
from accounts.password_reset import ResetSetPasswordForm
from accounts.throttling import client_ip, locked_out_response
from legal.services import shown_versions, sign_up_accept

# The ask being answered: number, purpose, name for a sign-up, where to go after.
PENDING_KEY = "accounts.phone_code"
# An account whose owner has just proved they hold its phone, to choose a new password.
RESET_KEY = "accounts.phone_code_reset"
BACKEND = "accounts.backends.EmailOrPhoneBackend"


def _safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


class CodeRequestView(FormView):
    """Step 1: the number. The answer is the same whether it has an account or not."""

    template_name = "accounts/phone_code_request.html"
    purpose = PhoneCode.Purpose.SIGN_IN

    def get_form_class(self):
        if self.purpose == PhoneCode.Purpose.SIGN_UP:
            return PhoneCodeSignUpForm
        return PhoneCodeRequestForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(purpose=self.purpose, next=_safe_next(self.request, self._next()))
        return context

    def _next(self):
        return self.request.POST.get("next") or self.request.GET.get("next")

    def form_valid(self, form):
        phone = form.cleaned_data["phone"]
        try:
            otp.phone_code_request(
                phone=phone, purpose=self.purpose, ip_address=client_ip(self.request) or None
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.request.session[PENDING_KEY] = {
            "phone": phone,
            "purpose": self.purpose,
            "first_name": form.cleaned_data.get("first_name", ""),
            "last_name": form.cleaned_data.get("last_name", ""),
            "next": _safe_next(self.request, self._next()),
            # The versions of the terms the sign-up page showed, accepted when the account is made.
            "terms": shown_versions(self.request.POST),
        }
        return redirect("accounts_code:verify")


class CodeVerifyView(FormView):
    """Step 2: the code. A wrong one counts toward the sign-in lock-out."""

    template_name = "accounts/phone_code_verify.html"
    form_class = PhoneCodeForm

    def dispatch(self, request, *args, **kwargs):
        self.pending = request.session.get(PENDING_KEY)
        if not self.pending:
            return redirect("accounts_code:sign_in")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            phone=self.pending["phone"],
            purpose=self.pending["purpose"],
            minutes=int(otp.CODE_LIFETIME.total_seconds() // 60),
        )
        return context

    def form_valid(self, form):
        pending = self.pending
        try:
            right = otp.phone_code_check(
                request=self.request,
                phone=pending["phone"],
                purpose=pending["purpose"],
                code=form.cleaned_data["code"],
            )
        except otp.CodeLockedOut:
            return locked_out_response(self.request)
        user, made = (None, False)
        if right:
            user, made = otp.phone_code_account(
                phone=pending["phone"],
                purpose=pending["purpose"],
                first_name=pending.get("first_name", ""),
                last_name=pending.get("last_name", ""),
            )
        if user is None:
            form.add_error(
                "code",
                _("This code is wrong or no longer valid. Check the message or ask for a new one."),
            )
            return self.form_invalid(form)
        del self.request.session[PENDING_KEY]
        if pending["purpose"] == PhoneCode.Purpose.RESET:
            self.request.session[RESET_KEY] = {"user": user.pk, "at": time.time()}
            return redirect("accounts_code:password")
        if made:
            sign_up_accept(user=user, shown=pending.get("terms") or {})
        login(self.request, user, backend=BACKEND)
        if pending["purpose"] == PhoneCode.Purpose.SIGN_UP and not made:
            messages.info(
                self.request, _("This number already had an account: you are now signed in to it.")
            )
        return redirect(pending.get("next") or reverse("customer:summary"))


class CodePasswordView(FormView):
    """Step 3 of a reset: the new password, for the account whose phone got the code."""

    template_name = "accounts/phone_code_password.html"
    form_class = ResetSetPasswordForm
    # Time to choose the password after typing the code.
    ALLOWED_SECONDS = 15 * 60

    def dispatch(self, request, *args, **kwargs):
        proved = request.session.get(RESET_KEY) or {}
        fresh = time.time() - proved.get("at", 0) < self.ALLOWED_SECONDS
        self.account = User.objects.filter(pk=proved.get("user"), is_active=True).first()
        if not fresh or self.account is None:
            request.session.pop(RESET_KEY, None)
            return redirect("accounts_code:reset")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.account}

    def form_valid(self, form):
        user = form.save()  # also forgets the account's failed sign-ins
        password_set_by_owner_record(account=user)
        del self.request.session[RESET_KEY]
        login(self.request, user, backend=BACKEND)
        messages.success(self.request, _("Your new password is saved. You are signed in."))
        return redirect("customer:summary")


app_name = "accounts_code"
urlpatterns = [
    path("sign-in/", CodeRequestView.as_view(purpose=PhoneCode.Purpose.SIGN_IN), name="sign_in"),
    path("sign-up/", CodeRequestView.as_view(purpose=PhoneCode.Purpose.SIGN_UP), name="sign_up"),
    path("reset/", CodeRequestView.as_view(purpose=PhoneCode.Purpose.RESET), name="reset"),
    path("verify/", CodeVerifyView.as_view(), name="verify"),
    path("password/", CodePasswordView.as_view(), name="password"),
]
