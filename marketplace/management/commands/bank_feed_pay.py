"""The bank feed's local stand-in: "pay" a VietQR order from the command line.

    manage.py bank_feed_pay "CP100008 1" [--amount 150000] [--provider sepay|casso] [--url URL]

POSTs the transaction Casso or SePay would push once the buyer's transfer reached the
producer's account, signed or keyed with this site's secret (CHOPHIEN_BANK_FEED_SECRET), to
the site's webhook over HTTP, so the whole path runs as in production: authentication,
recording, matching, the order turning paid. The amount and account default to what the
payment asks for; --account, --amount and --description make wrong ones.
"""

import json
import uuid

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payment import bank_feed

Source = get_model("payment", "Source")


def feed_payload(
    *, provider: str, transaction_id: str, account: str, amount: int, description: str, when
) -> dict:
    """A transaction as the provider sends it (its documented field names)."""
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S")
    if provider == "sepay":
        return {
            "id": int(transaction_id) if transaction_id.isdigit() else transaction_id,
            "gateway": "BIDV",
            "transactionDate": local,
            "accountNumber": account,
            "subAccount": None,
            "code": None,
            "content": description,
            "transferType": "in",
            "transferAmount": amount,
            "accumulated": 0,
            "referenceCode": f"FT{transaction_id}",
            "description": description,
        }
    return {
        "error": 0,
        "data": {
            "id": int(transaction_id) if transaction_id.isdigit() else transaction_id,
            "reference": f"FT{transaction_id}",
            "description": description,
            "amount": amount,
            "runningBalance": 0,
            "transactionDateTime": local,
            "accountNumber": account,
            "bankName": "BIDV",
            "bankAbbreviation": "BIDV",
            "virtualAccountNumber": "",
            "virtualAccountName": "",
            "counterAccountName": "",
            "counterAccountNumber": "",
            "counterAccountBankId": "",
            "counterAccountBankName": "",
        },
    }


def feed_post(*, url: str, provider: str, secret: str, payload: dict, timeout: float = 10):
    """Send a payload as the provider does: SePay with its API key, Casso signed."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if provider == "sepay":
        headers["Authorization"] = f"Apikey {secret}"
    else:
        headers["X-Casso-Signature"] = bank_feed.casso_signature_header(body=payload, key=secret)
    return requests.post(url, data=body, headers=headers, timeout=timeout)


class Command(BaseCommand):
    help = "Pay a bank-transfer order's part as the bank feed would report it (local stand-in)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help='The transfer message, e.g. "CP100008 1".')
        parser.add_argument("--amount", type=int, help="Đồng (default: what is still owed).")
        parser.add_argument("--provider", choices=bank_feed.PROVIDERS)
        parser.add_argument("--url", help="The webhook (default: this site's).")
        parser.add_argument("--account", help="The account credited (default: the producer's).")
        parser.add_argument("--description", help="The bank's description (default: reference).")
        parser.add_argument("--transaction-id", help="The feed's id (default: a new one).")

    def handle(self, *args, **options):
        provider = options["provider"] or settings.CHOPHIEN_BANK_FEED_PROVIDER
        secret = settings.CHOPHIEN_BANK_FEED_SECRET
        if provider not in bank_feed.PROVIDERS or not secret:
            raise CommandError(
                "Set CHOPHIEN_BANK_FEED_PROVIDER (casso or sepay) and CHOPHIEN_BANK_FEED_SECRET."
            )
        sources = bank_feed.reference_sources(options["reference"])
        source = sources[0] if len(sources) == 1 else None
        account, amount = options["account"], options["amount"]
        if source is None and (account is None or amount is None):
            raise CommandError(
                f"No single payment has the reference {options['reference']!r}: "
                "give --account and --amount to send it anyway."
            )
        if account is None:
            account = bank_feed.payee_account_number(source.partner)
        if amount is None:
            amount = int(source.amount_allocated - source.amount_debited)
            if amount <= 0:
                # A transfer of 0 đồng is no test of anything: say so rather than send it.
                raise CommandError(
                    f"{options['reference']} is already paid: nothing is owed. Give --amount to "
                    "send a transfer anyway (the feed flags it as already paid)."
                )
        transaction_id = options["transaction_id"] or str(uuid.uuid4().int % 10**12)
        url = options["url"] or (
            settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("bank-feed-webhook")
        )
        payload = feed_payload(
            provider=provider,
            transaction_id=transaction_id,
            account=account,
            amount=amount,
            description=options["description"] or options["reference"],
            when=timezone.now(),
        )
        try:
            response = feed_post(url=url, provider=provider, secret=secret, payload=payload)
        except requests.RequestException as error:
            raise CommandError(f"Could not reach {url}: {error}") from error
        if response.status_code >= 300:
            raise CommandError(f"{url} answered {response.status_code}: {response.text[:200]}")
        self.stdout.write(
            f"{provider}: transaction {transaction_id}, {amount} đồng to {account} "
            f"«{payload.get('content') or payload['data']['description']}» → {response.status_code}"
        )
