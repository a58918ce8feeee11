"""System checks for the kit's settings."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def private_media_is_not_public(app_configs, **kwargs):
    """Private files must never sit where the public media folder is served from."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents or private in public.parents:
        return [
            Error(
                "PRIVATE_MEDIA_ROOT must be outside MEDIA_ROOT (and not contain it): files "
                "there would be served to anyone with the link.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder your web server does not serve.",
                id="core.E001",
            )
        ]
    return []
