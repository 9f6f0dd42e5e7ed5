from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import CmsPasswordResetConfirmView
from cms import report_views, sitemaps
from complaints import portal_views as complaints_portal_views
from complaints import views as complaints_views
from config import pwa
from marketplace.checkout.order_views import order_short_link
from marketplace.payment.bank_feed_views import BankFeedWebhookView
from mentoring import member_link_views, practice_portal_views, selling_portal_views, survey_views
from mentoring.history_views import ScopedSiteHistoryView
from payouts import portal_views as payouts_portal_views
from producers.portal import urls as portal_urls
from producers.views import TraceView

# Wrapped as Wagtail wraps its admin URLs: admin access required, never cached.
site_history = never_cache(require_admin_access(ScopedSiteHistoryView.as_view()))
site_history_results = never_cache(
    require_admin_access(ScopedSiteHistoryView.as_view(results_only=True))
)

urlpatterns = [
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    # The home-screen app: at the root, since a service worker controls only pages under it.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Wagtail's reset confirmation, with a form that also clears the account's failed sign-ins.
    path(
        "cms-admin/password_reset/confirm/<uidb64>/<token>/",
        CmsPasswordResetConfirmView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
    # Wagtail's reports and redirects with their CSV neutralised, at the same addresses: tried
    # before Wagtail's own (cms.report_views).
    path("cms-admin/", include(report_views.urlpatterns)),
    # Wagtail's site history, narrowed to what the person may see (mentoring.history_views):
    # at Wagtail's own paths, so they come first.
    path("cms-admin/reports/site-history/", site_history, name="scoped_site_history"),
    path(
        "cms-admin/reports/site-history/results/",
        site_history_results,
        name="scoped_site_history_results",
    ),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/payments/", include("marketplace.payment.urls")),
    # Casso or SePay push the producers' incoming bank transactions here (payment.bank_feed).
    path("bank-feed/webhook/", BankFeedWebhookView.as_view(), name="bank-feed-webhook"),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    # The members' own survey (two questions), by a link or the QR shown at an activity.
    path("member-survey/", include((survey_views.urlpatterns, "mentoring_survey"))),
    # A member's sign-in help link, opened like the portal's other links (mentoring.accounts).
    path(
        "producer/member/",
        include((member_link_views.urlpatterns, "mentoring_accounts")),
    ),
    # Complaints about orders: the buyer's page, evidence photos, the public report.
    path("complaints/", include((complaints_views.urlpatterns, complaints_views.app_name))),
    # The producer portal, with the practice shop's and the member's shops-elsewhere pages
    # (mentoring), the statement (payouts) and the producer's complaints (complaints) in its
    # namespace: the portal imports none of them, so they are put together here.
    path(
        "producer/",
        include(
            (
                portal_urls.urlpatterns
                + practice_portal_views.urlpatterns
                + selling_portal_views.urlpatterns
                + payouts_portal_views.urlpatterns
                + complaints_portal_views.urlpatterns,
                portal_urls.app_name,
            )
        ),
    ),
    path("shop/producers/", include("producers.urls")),
    # Sign in, sign up and reset by a code sent to the phone (accounts.otp): before the shop,
    # whose accounts pages share the prefix.
    path("shop/accounts/code/", include("accounts.code_views")),
    path("shop/accounts/my-data/", include("privacy.views")),
    # Oscar's "delete profile" deleted the account at once, before anyone de-identified its
    # orders or anonymised its member record: a person asks for deletion on the privacy page,
    # and staff carry it out (privacy.services.deletion_request_handle).
    path(
        "shop/accounts/profile/delete/",
        RedirectView.as_view(pattern_name="privacy:my_data", permanent=False),
    ),
    # The terms' gate after sign-in, a stable address per document, a person's consents.
    path("legal/", include("legal.urls")),
    path("places/", include("places.urls")),  # the commune picker's look-up
    # Printed on QR labels: short, and never to change.
    path("t/<str:code>/", TraceView.as_view(), name="trace"),
    # Sent by SMS: short enough for one message (marketplace.order.messages).
    path("o/<str:number>/<str:token>/", order_short_link, name="order-short"),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
    path("search/", apps.get_app_config("search").urls),  # products and pages
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's catch-all serves every other path as a page, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
