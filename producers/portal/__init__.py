"""The producer portal at /producer/: the sign-up wizard and the producer's own pages
(urls.py; views by subject: core, wizard, shop, products, orders, lots). Its templates are in
templates/producers/portal/."""
