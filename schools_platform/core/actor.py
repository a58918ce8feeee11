"""The signed-in person behind the current request, for audit rows written by signal handlers.

Services take the actor explicitly; this exists only for writes made by Wagtail's own screens
(e.g. an officer changing someone's roles in Admin → Users), which we cannot route through a
service.
"""

from contextvars import ContextVar

current_actor: ContextVar = ContextVar("current_actor", default=None)


class CurrentActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
