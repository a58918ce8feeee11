"""The platform's URLs plus test-only views that fail as an outage or a bug would."""

from django.db import InterfaceError, OperationalError
from django.urls import path
from kombu.exceptions import OperationalError as BrokerError

from schools_platform.urls import handler500  # noqa: F401
from schools_platform.urls import urlpatterns as platform_urlpatterns

FAILURES = {
    "database": OperationalError("could not connect to server: Connection refused"),
    "connection-closed": InterfaceError("connection already closed"),
    "broker": BrokerError("Error 111 connecting to redis:6379. Connection refused."),
    "bug": ZeroDivisionError("division by zero"),
}


def _failing(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    *(path(f"test-failure/{name}/", _failing(error)) for name, error in FAILURES.items()),
    *platform_urlpatterns,
]
