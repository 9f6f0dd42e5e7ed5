from producers import services
from producers.models import Producer
from tests.factories.marketplace import make_partner


def make_producer(
    *,
    name: str = "Hợp tác xã Chè Shan Tuyết Tả Phìn",
    district: str = "Bắc Hà",
    status: str = Producer.Status.APPROVED,
    story: str = "Chúng tôi là nhóm thanh niên người Dao đỏ trồng chè cổ thụ.",
    contact_phone: str = "0900000099",
) -> Producer:
    return services.producer_upsert(
        partner=make_partner(name=name),
        kind=Producer.Kind.COOPERATIVE,
        district=district,
        commune="Tả Phìn",
        story=story,
        contact_phone=contact_phone,
        status=status,
    )
