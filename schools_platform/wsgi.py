import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.production")
application = get_wsgi_application()

# The objects every request shares are kept out of garbage collections (core/gc_freeze.py).
from schools_platform.core.gc_freeze import freeze_after_first_request  # noqa: E402

freeze_after_first_request()
