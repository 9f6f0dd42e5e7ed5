# Oscar's basket models unchanged: the app is forked for its forms (and its queries), so the
# migrations are Oscar's, copied as its docs say for a forked app.
from oscar.apps.basket.models import *  # noqa: F403
