def only_platform_api(endpoints):
    """Keep Wagtail's internal admin API out of the published schema."""
    return [e for e in endpoints if e[0].startswith("/api/")]
