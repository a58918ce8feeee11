def only_platform_api(endpoints):
    """Publish the platform's own API (/api/ and each module's api/ paths), not Wagtail's
    internal admin API."""
    return [e for e in endpoints if "/api/" in e[0] and not e[0].startswith("/admin/")]
