# The `admin_units` fixture lives in tests/conftest.py: the shop's tests use it too.
