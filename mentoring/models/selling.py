"""Where a member sells online besides Chợ Phiên (issue 27): their shops on other platforms
(OnlineShop) and the dated checks a mentor of their unit makes of them (ShopCheck). A shop
counts toward the 10 % target only through a check (mentoring.selling: the rule is written
there once, and the dashboard counts with it)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from mentoring.models.members import Member


class Platform(models.TextChoices):
    SHOPEE = "shopee", "Shopee"
    TIKTOK = "tiktok", "TikTok Shop"
    LAZADA = "lazada", "Lazada"
    TIKI = "tiki", "Tiki"
    POSTMART = "postmart", "Postmart"
    VOSO = "voso", "Voso"
    FACEBOOK = "facebook", _("Facebook shop")
    ZALO = "zalo", _("Zalo shop")
    OTHER = "other", _("Other")


class OnlineShop(models.Model):
    """A member's shop on another platform. Recorded by the member on their own phone
    (confirmed at once), or by a mentor on their behalf: then it waits for the member's
    confirmation from their own account (`confirmed_at`), as the assisted listing does, and
    counts for nothing until then. The link is evidence in itself; a screenshot may add to it
    (a private file: it may show the member's name and address)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="online_shops", verbose_name=_("member")
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("shop link"), max_length=500)
    since = models.DateField(_("selling there since"))
    screenshot = models.ImageField(
        _("screenshot"),
        upload_to="online-shops/%Y/%m/",
        storage=private_storage,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Who recorded it for the member: a mentor (needs the member's confirmation), or None
    # when the member did it themself.
    recorded_for_member = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(_("confirmed by the member"), null=True, blank=True)

    class Meta:
        verbose_name = _("online shop")
        verbose_name_plural = _("online shops")
        ordering = ["member", "platform", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "url"], name="online_shop_once_per_member")
        ]

    def __str__(self):
        return f"#{self.member_id} · {self.get_platform_display()}"


class ShopCheck(models.Model):
    """A mentor of the member's unit opened the shop's link on a day and wrote down what it
    showed: the sold count, and the date of the latest sale they could see (a dated review,
    an order the member showed them). See mentoring.selling.SALE_RULE for when it counts."""

    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    link_opened = models.BooleanField(_("opened the link"), default=False)
    sold_count = models.PositiveIntegerField(
        _("sold count shown"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    last_sale_on = models.DateField(_("latest sale seen, dated"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shop check")
        verbose_name_plural = _("shop checks")
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["last_sale_on", "checked_on"], name="shop_check_sale")]

    def __str__(self):
        return f"{self.shop} @ {self.checked_on}"
