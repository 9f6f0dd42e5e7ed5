"""Order and line statuses are defined once (marketplace.order.statuses): Oscar's pipelines in
the settings are built from them, and templates compare with them from the context."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from marketplace.order.statuses import LineStatus, OrderStatus


def test_oscars_pipelines_are_the_statuses_defined_once():
    assert settings.OSCAR_INITIAL_ORDER_STATUS == OrderStatus.AWAITING_PAYMENT
    assert settings.OSCAR_ORDER_STATUS_PIPELINE == OrderStatus.PIPELINE
    assert settings.OSCAR_INITIAL_LINE_STATUS == LineStatus.PENDING
    assert settings.OSCAR_LINE_STATUS_PIPELINE == LineStatus.PIPELINE
    # Every status a pipeline moves to is one of its own keys.
    for pipeline in (OrderStatus.PIPELINE, LineStatus.PIPELINE):
        assert {target for targets in pipeline.values() for target in targets} <= set(pipeline)


@pytest.mark.parametrize(
    ("status", "chip"),
    [
        (LineStatus.PENDING, "To send"),
        (LineStatus.DISPATCHED, "Sent"),
        (LineStatus.CANCELLED, "Cancelled"),
    ],
)
def test_a_page_reads_the_line_statuses_from_its_context(status, chip):
    request = RequestFactory().get("/")
    with translation.override("en"):
        html = render_to_string(
            "producers/portal/line_status.html",
            {"line": SimpleNamespace(status=status)},
            request=request,
        )
    assert f'<span class="cp-chip">{chip}</span>' in html
