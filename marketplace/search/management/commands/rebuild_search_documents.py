from django.core.management.base import BaseCommand

from marketplace.search.indexing import search_documents_rebuild


class Command(BaseCommand):
    help = "Rebuild every product's and page's search document (after an import or restore)."

    def handle(self, *args, **options):
        products, pages = search_documents_rebuild()
        self.stdout.write(f"{products} products, {pages} pages indexed.")
