from oscar.apps.checkout import utils


class CheckoutSessionData(utils.CheckoutSessionData):
    """Oscar's checkout session, plus a guest's phone number (many buyers have no email) and
    the shipping option chosen for each producer group."""

    def set_guest_phone(self, phone: str) -> None:
        self._set("guest", "phone", phone)

    def get_guest_phone(self) -> str:
        return self._get("guest", "phone", "")

    def use_group_options(self, options: dict[str, str]) -> None:
        """`options` maps a partner id (as text) to a shipping option code."""
        self._set("shipping", "group_options", options)

    def group_options(self) -> dict[str, str]:
        return self._get("shipping", "group_options", {})
