"""The commune picker's look-up: the communes of a province in force today, as JSON."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .selectors import commune_picker_choices, provinces_on

MAX_QUERY_LENGTH = 100
# The units change by law, a few times a decade; a day's caching spares the database the
# picker's keystrokes. A reload of the data is seen the next day at the latest.
CACHE_SECONDS = 24 * 60 * 60


@require_GET
def communes(request):
    """`?province=<GSO code>&q=<text>`: the province's communes, wards and special zones whose
    name (or that of a former commune they took in on 1 July 2025) has a word starting with
    `q` (with or without marks and type), in name order."""
    code = request.GET.get("province", "").strip()
    q = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    province = provinces_on().filter(code=code).first() if code.isdigit() else None
    if province is None:
        return JsonResponse({"error": _("Choose a province or city first.")}, status=400)
    # Also today's communes a former commune of that name became, labelled with it.
    units = commune_picker_choices(province, q=q)
    response = JsonResponse(
        {
            "province": {"code": province.code, "name": province.full_name},
            "results": [{"code": c, "name": name} for c, name in units],
        }
    )
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
