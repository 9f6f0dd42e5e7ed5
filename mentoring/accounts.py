"""A member's own sign-in accounts (MemberAccount): how an account becomes a member's.

The member does it, never their mentor: the mentor's screen (sign-in help) shows a link
signed for that member; the member opens it on their own phone, signed in to their own
account, and confirms that they are that member, as the shop hand-over already works
(mentoring.assisted; confirming a hand-over links the account too, and so does taking a
practice seat, mentoring.practice). A phone number or a producer typed on the roster links
nothing: a mentor who could type them could claim anyone's account, reset its password and
sign in as its owner.

What the link then opens: the member's mentors may set a new password for these accounts
only (services.member_account_password_reset), and only these accounts may take the member's
practice seat and earn their "practical passed".
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from mentoring.models import Member, MemberAccount
from producers.handover import handover_data, handover_token

LINK_SALT = "mentoring.accounts.link"


def link_token(*, member: Member, by) -> str:
    """The sign-in help link's key: names the member and the mentor who made it."""
    return handover_token(salt=LINK_SALT, member=member.pk, by=by.pk)


def member_for_link_token(token: str) -> tuple[Member, int | None] | None:
    """The member a link is for and who made it; None for a forged, expired link or a member
    who asked to be forgotten."""
    data = handover_data(token, salt=LINK_SALT)
    if data is None:
        return None
    member = Member.objects.filter(pk=data.get("member"), anonymised_at__isnull=True).first()
    if member is None:
        return None
    return member, data.get("by")


def member_of_account(user) -> Member | None:
    """The member an account belongs to (by the member's own confirmation), if any."""
    if user is None or not user.is_authenticated:
        return None
    link = MemberAccount.objects.select_related("member").filter(user=user).first()
    return link.member if link else None


def member_has_account(member: Member) -> bool:
    return MemberAccount.objects.filter(member=member).exists()


@transaction.atomic
def member_account_link(*, member: Member, user, via: str, link_by_id: int | None) -> MemberAccount:
    """`user`, signed in on their own phone, confirms they are `member`: the account becomes
    the member's. Refused to staff accounts (never reset by a mentor), to the person who made
    the link and to the member's own mentors (who could otherwise link an account of their
    own and then act as the member), and to an account that is another member's.

    Through a sign-in help or practice link, only while the member has no account yet: once
    they have one, a link that went round a group chat cannot add a stranger's. The hand-over
    of a drafted shop may add a second account (the shop is for the account that takes it)."""
    from mentoring.selectors import members_visible_to

    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.anonymised_at is not None:
        raise ValidationError(_("This link no longer works."), code="anonymised")
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            _("A staff account cannot be linked to a member. Sign in with your own account."),
            code="staff_account",
        )
    if link_by_id is not None and user.pk == link_by_id:
        raise ValidationError(
            _(
                "You made this link, so you cannot confirm it for the member. The member "
                "confirms it from their own account, on their own phone."
            ),
            code="link_maker",
        )
    if members_visible_to(user).filter(pk=member.pk).exists():
        raise ValidationError(
            _(
                "You look after this member's records, so your account cannot be theirs. The "
                "member confirms from their own account."
            ),
            code="mentor_of_member",
        )
    existing = MemberAccount.objects.filter(user=user).first()
    if existing is not None:
        if existing.member_id == member.pk:
            return existing
        raise ValidationError(
            _("This account is already linked to another member."), code="other_member"
        )
    if via != MemberAccount.Via.DRAFT and MemberAccount.objects.filter(member=member).exists():
        raise ValidationError(
            _(
                "This member already has an account. Sign in with it; if you cannot, your "
                "mentor can set a new password for it."
            ),
            code="member_has_account",
        )
    link = MemberAccount.objects.create(member=member, user=user, via=via, link_by_id=link_by_id)
    # Named by number, not name: the site history lists entries (see admin.scoping.log_title).
    log(
        instance=member,
        action="mentoring.member_account_link",
        user=user,
        title=f"#{member.pk}",
        data={"account": user.pk, "via": via, "link_by": link_by_id},
    )
    return link
