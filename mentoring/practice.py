"""Practice shop for trainees (issue 8, item 3).

A mentor opens the practice shop of an e-commerce training from the training's page in the
Mentoring admin. Each attending member gets a seat (PracticeSeat): a sandbox producer
(Producer.is_sandbox), approved from the start, so the trainee uses the ordinary producer
portal, but never public (its products stay off sale: is_public False, moderation
"practice"), so nothing of it reaches the catalogue, search, sitemaps, CMS choosers or the
producer directory, which all read public products and `Producer.objects.approved()`. Its
orders are flagged `Order.is_practice` and left out of every sales figure; the funnel never
sees them, since a practice producer is never the member's own (Member.producer).

The shop and the portal know only the sandbox flag. They ask this module through
PracticePolicy (settings.CHOPHIEN_SANDBOX_POLICY) who may buy a practice product and whether
a basket may be paid, and the shop's marketplace.order.signals.lines_dispatched tells it when
a practice shop sent what was bought, from the portal or the staff dashboard (mentoring.apps
connects on_lines_dispatched).

The loop: the trainee lists a product in their practice shop; a fellow trainee of the same
training (and only they: see practice_product_buyable_by) buys it with the test card, the
only way a practice order can be paid, and only while Stripe is in test mode; the trainee
marks it sent (producers.fulfilment, whose signal we receive), which records "practical
passed" on their attendance.

Trainees reach their practice shop with their own account, and only the member's own
accounts take a seat (MemberAccount, mentoring.accounts: an account the member linked
themselves, never one found by the roster's phone or producer): a member who has linked an
account gets it added when the shop is opened; the others open the join link (and its QR
code) the mentor's screen shows and confirm there that they are that member, which links
their account. The evidence needs the seat's own member too: "practical passed" is recorded
only when the seller's member account sends what a fellow trainee's member account paid for,
so two stray accounts holding two seats cannot pass anyone by buying from each other.
"""

import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.partner.models import Partner
from wagtail.log_actions import log

from marketplace.catalogue.models import Product
from marketplace.order.statuses import OrderStatus
from marketplace.partner.models import StockRecord
from marketplace.payment.stripe_gateway import card_in_test_mode
from marketplace.sandbox import SandboxPolicy
from mentoring import accounts as member_accounts
from mentoring import selectors
from mentoring.models import (
    Attendance,
    MemberAccount,
    PracticeSeat,
    PracticeSession,
    Topic,
    TrainingSession,
)
from producers import services as producer_services
from producers.models import Producer

OPEN_PERMISSION = "mentoring.change_trainingsession"
JOIN_LINK_SALT = "mentoring.practice.join"
JOIN_LINK_MAX_AGE = 60 * 60 * 24 * 30  # a month: trainees may join after the training day
PAID = OrderStatus.PAID
# A practice shop's join link opened before having an account (practice_portal_views),
# as the portal's pending draft; the session key's value is kept for sessions in flight.
PENDING_PRACTICE_SESSION_KEY = "producers.pending_practice"


# --- What the shop asks (settings.CHOPHIEN_SANDBOX_POLICY) ---


class PracticePolicy(SandboxPolicy):
    """The shop's sandbox shops are the practice shops of trainings: a fellow trainee may buy
    from one, and a practice basket holds one training's practice products only."""

    def product_buyable_by(self, *, user, producer) -> bool:
        return practice_product_buyable_by(user=user, producer=producer)

    def basket_reason(self, *, producers) -> str | None:
        return practice_mix_reason(producers)

    def sandbox_page_url(self, *, producer) -> str | None:
        seat = PracticeSeat.objects.filter(producer=producer).only("session_id").first()
        return reverse("portal:practice", args=[seat.session_id]) if seat else None


def _session_ids(producers) -> dict[int, int]:
    """Each sandbox producer's practice session, by producer id."""
    ids = [p.pk for p in producers if p is not None and p.is_sandbox]
    return dict(
        PracticeSeat.objects.filter(producer_id__in=ids).values_list("producer_id", "session_id")
    )


def practice_mix_reason(producers) -> str | None:
    """Why a basket of these producers' lines cannot be paid as it is, for the practice
    rules (None: no practice line, or only practice lines of one training)."""
    producers = list(producers)
    if not any(p is not None and p.is_sandbox for p in producers):
        return None
    practice = set(_session_ids(producers).values())
    if len(practice) > 1 or any(p is None or not p.is_sandbox for p in producers):
        return _(
            "Practice products are bought in a basket of their own: take the other products "
            "out of your basket first."
        )
    return None


# --- The mentor's side ---


def training_for_practice(*, user, training_id: int) -> TrainingSession:
    """The training, if `user` may open or follow its practice shop (a mentor of its unit's
    subtree, or provincial staff); anyone else gets "not found", as for a missing training."""
    if not user.has_perm(OPEN_PERMISSION):
        raise PermissionDenied
    training = (
        selectors.trainings_visible_to(user)
        .select_related("practice")
        .filter(pk=training_id)
        .first()
    )
    if training is None:
        raise TrainingSession.DoesNotExist
    return training


def _practice_district(training: TrainingSession) -> str:
    return (training.place or str(training.org_unit))[:100]


@transaction.atomic
def practice_session_open(*, training: TrainingSession, by) -> PracticeSession:
    """Open the training's practice shop, or add practice producers for members marked
    present since: safe to repeat, one practice producer per attending member."""
    training = TrainingSession.objects.select_for_update().get(pk=training.pk)
    if training.topic != Topic.ECOMMERCE:
        raise ValidationError(
            _("A practice shop is for trainings on selling online (e-commerce)."),
            code="not_ecommerce",
        )
    session, opened = PracticeSession.objects.get_or_create(
        training=training, defaults={"opened_by": by}
    )
    have = session.seats.values("member_id")
    attendees = list(
        training.attendees.exclude(pk__in=have)
        .prefetch_related("accounts__user")
        .order_by("full_name", "pk")
    )
    place = _practice_district(training)
    story = _("Practice shop of the training “%(training)s”. Nothing here is for sale.") % {
        "training": training.title
    }
    added = []
    for member in attendees:
        name = (_("Practice · %(name)s") % {"name": member.full_name})[:128]
        partner = Partner.objects.create(
            code=producer_services.unique_partner_code(f"thuc-hanh-{session.pk}-{member.pk}"),
            name=name,
        )
        producer = producer_services.producer_upsert(
            partner=partner,
            kind=Producer.Kind.HOUSEHOLD,
            story=story,
            status=Producer.Status.APPROVED,
        )
        producer.is_sandbox = True
        producer.offers_pickup = True  # handed over at the training: no address to ship to
        producer.pickup_address = place
        producer.save(update_fields=["is_sandbox", "offers_pickup", "pickup_address", "updated_at"])
        PracticeSeat.objects.create(session=session, member=member, producer=producer)
        # The accounts the member linked themselves run their practice shop (the portal
        # switches); not those of the roster's producer, which a mentor can set to anyone's.
        own = [link.user for link in member.accounts.all() if not link.user.is_staff]
        if own:
            partner.users.add(*own)
        added.append(member.member_number)
    # Named by member number, not name: the site history lists entries to other units' staff.
    log(
        instance=training,
        action="mentoring.practice_open",
        user=by,
        data={"opened": opened, "members": added},
    )
    return session


def practice_seat_list(*, session: PracticeSession) -> list[PracticeSeat]:
    """The session's seats for the mentor's screen, each with its trainee, its producer's
    accounts, its products and the trainee's attendance ("practical passed")."""
    seats = list(
        session.seats.select_related("producer__partner", "member")
        .prefetch_related("producer__partner__users")
        .annotate(
            product_count=Count("producer__partner__stockrecords", distinct=True),
        )
        .order_by("member__full_name", "producer_id")
    )
    passed = dict(
        Attendance.objects.filter(
            session_id=session.training_id,
            member_id__in=[seat.member_id for seat in seats],
        ).values_list("member_id", "practical_passed_on")
    )
    for seat in seats:
        seat.practical_passed_on = passed.get(seat.member_id)
        seat.has_account = bool(seat.producer.partner.users.all())
        seat.join_token = join_token(seat.producer) if not seat.has_account else ""
    return seats


# --- Joining: a trainee's own account takes their practice shop ---


def join_token(producer: Producer) -> str:
    return signing.dumps({"producer": producer.pk}, salt=JOIN_LINK_SALT, compress=True)


def seat_for_join_token(token: str) -> PracticeSeat | None:
    """The seat a join link points at (the link names its producer); None for a forged or
    expired link."""
    try:
        data = signing.loads(token, salt=JOIN_LINK_SALT, max_age=JOIN_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        PracticeSeat.objects.select_related("producer__partner", "member", "session__training")
        .filter(producer_id=data.get("producer"))
        .first()
    )


@transaction.atomic
def practice_join(*, seat: PracticeSeat, user, i_am_the_member: bool = False) -> Producer:
    """`user` (the trainee, signed in on their own phone) takes the practice shop the link
    names, if the account is the seat's member's own: linked before, or linked now by the
    member's own confirmation on the join page (`i_am_the_member`, see
    mentoring.accounts.member_account_link, which refuses the mentors and an account that is
    another member's). One account per practice shop, one practice shop per account and
    training; the mentor who opened it cannot take one."""
    producer = (
        Producer.objects.select_for_update().select_related("partner").get(pk=seat.producer_id)
    )
    seat = PracticeSeat.objects.select_related("session__training", "member").get(pk=seat.pk)
    session = seat.session
    member = seat.member
    if user.pk == session.opened_by_id:
        raise ValidationError(
            _("You opened this practice shop: the trainee joins it from their own account."),
            code="opener_cannot_join",
        )
    users = list(producer.partner.users.all())
    if user in users:
        return producer
    if users:
        raise ValidationError(
            _("Another account already runs this practice shop."), code="already_joined"
        )
    if session.seats.filter(producer__partner__users=user).exists():
        raise ValidationError(
            _("Your account already runs a practice shop in this training."),
            code="one_per_training",
        )
    if member is None:  # the member's record is gone: nobody's seat
        raise ValidationError(_("This practice shop has no trainee."), code="no_member")
    mine = member_accounts.member_of_account(user)
    if mine is not None and mine.pk != member.pk:
        raise ValidationError(
            _("This practice shop is another trainee's: your account is linked to you."),
            code="other_member",
        )
    if mine is None:
        if not i_am_the_member:
            raise ValidationError(
                _("Tick the box to confirm that you are this trainee."), code="confirm_member"
            )
        member_accounts.member_account_link(
            member=member,
            user=user,
            via=MemberAccount.Via.PRACTICE,
            link_by_id=session.opened_by_id,
        )
    producer.partner.users.add(user)
    log(
        instance=session.training,
        action="mentoring.practice_join",
        user=user,
        data={"member": member.member_number if member else None},
    )
    return producer


# --- The trainees' side ---


def practice_sessions_for_user(*, user) -> QuerySet:
    """The practice shops `user` takes part in (their account runs one of its producers)."""
    if not user.is_authenticated:
        return PracticeSession.objects.none()
    return (
        PracticeSession.objects.filter(seats__producer__partner__users=user)
        .select_related("training")
        .distinct()
        .order_by("-training__held_on", "-pk")
    )


def practice_session_for_user(*, user, pk: int) -> PracticeSession:
    """One practice shop, for a trainee in it (raises DoesNotExist for anyone else)."""
    return practice_sessions_for_user(user=user).get(pk=pk)


def practice_products(*, session: PracticeSession) -> QuerySet:
    """The products of the session's practice producers, for its page (trainees and
    mentor only), with their stock records and producers for the price and the seller."""
    return (
        Product.objects.filter(
            stockrecords__partner__producer__practice_seat__session=session,
            moderation=Product.Moderation.PRACTICE,
        )
        .select_related("ocop_certificate")
        .prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.select_related("partner__producer"),
            ),
            "images",
        )
        .order_by("stockrecords__partner__name", "title")
    )


def _seats_of_members_account(*, session_id: int, user_id) -> QuerySet:
    """The session's seats that `user_id` holds as the seat member's own account."""
    return PracticeSeat.objects.filter(
        session_id=session_id,
        producer__partner__users=user_id,
        member__accounts__user=user_id,
    )


def _seat_of(producer: Producer | None) -> PracticeSeat | None:
    if producer is None or not producer.is_sandbox:
        return None
    return PracticeSeat.objects.filter(producer=producer).select_related("member").first()


def practice_product_buyable_by(*, user, producer: Producer | None) -> bool:
    """A practice product can be bought only by a fellow trainee of the same training, with
    their own member account (not the seller's), and only while cards are in test mode."""
    if producer is None or not producer.is_sandbox or user is None:
        return False
    if not user.is_authenticated or not card_in_test_mode():
        return False
    seat = _seat_of(producer)
    if seat is None:
        return False
    fellows = _seats_of_members_account(session_id=seat.session_id, user_id=user.pk)
    return (
        fellows.exclude(producer_id=producer.pk).exclude(member_id=seat.member_id).exists()
        and not producer.partner.users.filter(pk=user.pk).exists()
    )


# --- Completing the loop ---


def practical_pass_record(*, producer: Producer, order, by, on: datetime.date | None = None):
    """The trainee sent a practice order a fellow trainee paid by card: their attendance at
    the training records "practical passed" (the first time only). Returns whether it did.

    Both acts must be the members' own: `by` (who sent it) is an account the seat's member
    linked, and the buyer an account another trainee of the training linked, holding that
    trainee's seat. Accounts that merely hold seats pass nobody."""
    if not order.is_practice or order.status != PAID:
        return False
    if order.payment_method != "card" or order.user_id is None or by is None:
        return False
    seat = _seat_of(producer)
    member_id = seat.member_id if seat else None
    if member_id is None or not MemberAccount.objects.filter(member_id=member_id, user=by).exists():
        return False
    fellow_bought = (
        _seats_of_members_account(session_id=seat.session_id, user_id=order.user_id)
        .exclude(producer_id=producer.pk)
        .exclude(member_id=member_id)
        .exists()
    )
    if not fellow_bought:
        return False
    training_id = PracticeSession.objects.values_list("training_id", flat=True).get(
        pk=seat.session_id
    )
    updated = Attendance.objects.filter(
        Q(practical_passed_on__isnull=True),
        session_id=training_id,
        member_id=member_id,
    ).update(practical_passed_on=on or timezone.localdate())
    if updated:
        member_number = seat.member.member_number if seat.member else None
        log(
            instance=TrainingSession.objects.get(pk=training_id),
            action="mentoring.practical_passed",
            user=by,
            data={"member": member_number, "order": order.number},
        )
    return bool(updated)


def on_lines_dispatched(sender, *, partner, order, by, **kwargs):
    """marketplace.order.signals.lines_dispatched: a practice shop sending what a fellow
    trainee paid for completes the practice loop (connected in mentoring.apps). Real shops'
    dispatches are not the practice's business."""
    producer = Producer.objects.filter(partner=partner, is_sandbox=True).first()
    if producer is not None:
        practical_pass_record(producer=producer, order=order, by=by)
