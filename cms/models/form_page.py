"""The "I want to sell here" form page and its fields."""

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from accounts.throttling import client_ip, throttle_hit
from cms.models.base import BasePage, _image_field
from core.slugs import ascii_slugify


class FormField(AbstractFormField):
    page = ParentalKey("cms.FormPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        # Wagtail's own escapes "đ" ("Số điện thoại" → so_u0111ien_thoai); anyascii reads it.
        return ascii_slugify(self.label).replace("-", "_")


SELL_FORM_POSTS_PER_HOUR = 5  # from one client address
SELL_FORM_MAILS_PER_HOUR = 60  # to the onboarding team, from one form page


class FormPage(AbstractEmailForm):
    """ "I want to sell here": an interest form whose submissions are stored and emailed to the
    producer onboarding team (the page's address, else settings.PRODUCER_ONBOARDING_EMAIL)."""

    image = _image_field(_("main image"))
    og_image = _image_field(_("sharing image"))
    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("Email"),
        ),
    ]
    promote_panels = BasePage.promote_panels
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")

    @property
    def sharing_image(self):
        return self.og_image or self.image

    @property
    def recipients(self) -> list[str]:
        addresses = self.to_address or settings.PRODUCER_ONBOARDING_EMAIL
        return [address.strip() for address in addresses.split(",") if address.strip()]

    def get_submissions_list_view_class(self):
        # Anonymous visitors fill this form: its CSV must not carry their formulas to the
        # team's spreadsheet (config.spreadsheets).
        from cms.form_views import SubmissionsListView

        return SubmissionsListView

    def serve(self, request, *args, **kwargs):
        # Anyone may post this form, and each post is stored and mailed: a few an hour from one
        # client address; past that, the form answers with an error and keeps what was typed.
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            over = throttle_hit(
                scope="sell-form",
                keys={"ip": client_ip(request)},
                limits={"ip": SELL_FORM_POSTS_PER_HOUR},
                window=60 * 60,
            )
            if not over:
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            form.add_error(None, _("Too many requests. Please try again in an hour."))
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def process_form_submission(self, form):
        # AbstractEmailForm mails only when the page names an address; the team's default
        # address from settings must receive the submissions too. Past a number of mails an
        # hour to the team (many clients at once), submissions are stored without a mail: the
        # team still sees them in the admin, its mailbox is not flooded.
        submission = super(AbstractEmailForm, self).process_form_submission(form)
        if self.recipients and not throttle_hit(
            scope="sell-form-mail",
            keys={"page": str(self.pk)},
            limits={"page": SELL_FORM_MAILS_PER_HOUR},
            window=60 * 60,
        ):
            self.send_mail(form)
        return submission

    def send_mail(self, form):
        subject = self.subject or _("New interest in selling on Chợ Phiên")
        send_mail(str(subject), self.render_email(form), self.recipients, self.from_address)
