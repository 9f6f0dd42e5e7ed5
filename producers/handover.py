"""Signed hand-over links, written once: a link one person's screen shows (a mentor's) for
another to open on their own phone, signed in to their own account, to take what it names:
a drafted shop (producers.assisted), a member record (mentoring.accounts).

The link is the only key and names no account: the person often has none yet when it is made.
It carries ids only, signed (Django's signing, under a salt per kind of link so one kind can
never be replayed as another) and dated, so a link that went round a group chat expires.
"""

from django.core import signing

# A month: people often open the link at the next meeting with their mentor.
LINK_MAX_AGE = 60 * 60 * 24 * 30


def handover_token(*, salt: str, **data) -> str:
    """The link's key: `data` (ids) signed under `salt`."""
    return signing.dumps(data, salt=salt, compress=True)


def handover_data(token: str, *, salt: str, max_age: int = LINK_MAX_AGE) -> dict | None:
    """What a link signed under `salt` carries; None for a forged, tampered or expired one."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
