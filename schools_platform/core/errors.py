"""Error pages that render while the database, the cache or the broker is down.

``ServiceUnavailableMiddleware`` answers 503 with ``Retry-After`` when a view fails because the
database (``django.db.OperationalError`` / ``InterfaceError``) or the Celery broker
(``kombu.exceptions.OperationalError``) cannot be reached; ``server_error`` (``handler500``) does
the same for such a failure outside a view (in a middleware) and serves the 500 page otherwise.
Both render templates/errors/ with a plain Context: no request, no context processors, no user,
so no query. Neither page claims that nothing was saved: a failure after a commit (the broker
refusing a task once its job was saved) is one of the cases.
"""

import logging
import sys

from django import db
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)

UNAVAILABLE = (db.OperationalError, db.InterfaceError, BrokerUnavailable)
RETRY_AFTER_SECONDS = 120


def service_unavailable() -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            logger.error(
                "Service unavailable: %s %s",
                request.method,
                request.path,
                exc_info=(type(exception), exception, exception.__traceback__),
            )
            return service_unavailable()
        return None


def server_error(request):
    """handler500: 503 if what failed was the database or the broker, else the 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())
