from marketplace.search.views.catalogue import CatalogueView, ProductCategoryView
from marketplace.search.views.search import FacetedSearchView

__all__ = ["CatalogueView", "FacetedSearchView", "ProductCategoryView"]
