from marketplace.order.statuses import LineStatus, OrderStatus


def statuses(request) -> dict:
    """The statuses for templates, which compare with them
    ({% if line.status == LineStatus.PENDING %}) rather than spell the strings again."""
    return {"OrderStatus": OrderStatus, "LineStatus": LineStatus}
