"""The roster: members, their dated transfers between units (`MemberTransfer`: a report for
an earlier period counts each member where they were then), the sign-in accounts they said are
theirs, the product imports a mentor made for them, and the roster's uploads.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from mentoring.models.units import OrgUnit


class TriState(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Member(models.Model):
    """A union member on the roster. The phone is private: mentors of the member's unit only."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    member_number = models.CharField(_("member number"), max_length=40, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1940), MaxValueValidator(2020)]
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="members", verbose_name=_("org unit")
    )
    has_specialty_product = models.CharField(
        _("has a specialty product"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    specialty_product = models.CharField(_("specialty product"), max_length=200, blank=True)
    specialty_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    has_epayment_account = models.CharField(
        _("has an e-payment account"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    epayment_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    uses_public_services = models.CharField(
        _("uses online public services"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    public_services_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    producer = models.OneToOneField(
        "producers.Producer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("producer"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    # Set when the member asked to be forgotten (services.member_anonymise): the row stays, so
    # the unit's counts and funnel history add up as before, but nothing names the person.
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]
        # Lists and drill-downs show members by name: the first page of a province's 300,000
        # reads 50 index entries instead of sorting them all.
        indexes = [models.Index(fields=["full_name", "id"], name="member_by_name")]

    def __str__(self):
        return f"{self.full_name} ({self.member_number})"


class MemberTransfer(models.Model):
    """A member moved to another unit from a date (the roster keeps where they were before)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()

    class Meta:
        ordering = ["member", "on"]

    def __str__(self):
        return f"{self.member} → {self.to_unit} ({self.on})"


class MemberAccount(models.Model):
    """A sign-in account that the member said is theirs: signed in to it, they opened a link
    made for them (sign-in help, the shop hand-over, a practice seat) and confirmed
    (mentoring.accounts). The only way an account becomes a member's: never the phone or the
    producer a mentor types on the roster, which would let a mentor claim anyone's account.
    Mentors reset only these accounts' passwords; a practice seat is only these accounts'."""

    class Via(models.TextChoices):
        LINK = "link", _("Sign-in help link")
        DRAFT = "draft", _("Shop hand-over")
        PRACTICE = "practice", _("Practice shop link")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("member")
    )
    # One member per account: an account cannot speak for two trainees.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_account",
        verbose_name=_("account"),
    )
    via = models.CharField(_("confirmed through"), max_length=20, choices=Via.choices)
    # Whose link it was (the mentor who made it): never the account itself.
    link_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member's account")
        verbose_name_plural = _("members' accounts")

    def __str__(self):
        return f"#{self.member_id} · {self.user_id}"


class MemberProductImport(models.Model):
    """A product import a mentor made for a member's draft shop (mentoring.assisted): which
    member it was for, named in the import's audit entry. The import itself is producers'
    (producers.ProductImport, marked for_draft)."""

    product_import = models.OneToOneField(
        "producers.ProductImport", on_delete=models.CASCADE, related_name="drafted_for"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="product_imports", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("product import for a member")
        verbose_name_plural = _("product imports for members")

    def __str__(self):
        return f"#{self.member_id} · {self.product_import_id}"


class RosterImport(models.Model):
    """One upload of a member list: checked (dry run) first, then committed all at once.

    Large files are checked and committed by a background task (django-tasks), which updates
    `processed_rows` so the page can show progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, ready to import")
        REJECTED = "rejected", _("Rejected: nothing was imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing was imported")

    file = models.FileField(_("file"), upload_to="roster-imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # {"create": n, "update": n, "unchanged": n, "errors": [{"row": 7, "message": "…"}], …}
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Last sign of life of the check or commit running it (claimed, or rows processed): with
    # its lock gone (mentoring.roster), an old one means the run died with its process.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"
