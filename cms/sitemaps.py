"""/sitemap.xml: the live pages (Wagtail) and the products on sale (Oscar); /robots.txt."""

from django.views.generic import TemplateView
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps import views as sitemap_views

from producers.selectors import products_public


class ProductSitemap(PageSitemap):
    """Products a buyer can open: public, from an approved producer (Wagtail's Sitemap base
    only to receive the request; the URLs are Django's)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return products_public().only("pk", "slug", "date_updated").order_by("pk")

    def location(self, product):
        return product.get_absolute_url()

    def lastmod(self, product):
        return product.date_updated

    def get_domain(self, site=None):
        # The host the crawler asked for, not django.contrib.sites' placeholder domain.
        return self.request.get_host()

    def _urls(self, page, protocol, domain):
        return super(PageSitemap, self)._urls(page, protocol, domain)


SITEMAPS = {"pages": PageSitemap, "products": ProductSitemap}


def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


robots_txt = RobotsView.as_view()
