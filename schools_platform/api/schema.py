"""drf-spectacular hooks: what the schema publishes, and the error answers every client meets."""


def only_platform_api(endpoints):
    """Publish the platform's own API (/api/ and each module's api/ paths), not Wagtail's
    internal admin API."""
    return [e for e in endpoints if "/api/" in e[0] and not e[0].startswith("/admin/")]


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

# Answers that come from Django REST framework itself (authentication, permissions,
# throttling, pagination, lookups, parsers), not from a view's own code.
_COMMON = {
    "401": "Not signed in, or the token is wrong or revoked.",
    "403": "Signed in but not allowed (for example a school role asking for a report), "
    "or a session request without its CSRF token.",
}
_THROTTLED = "Too many requests: the caller's hourly rate (API_USER_RATE) is used up."
_NOT_FOUND = "No such record, or not one the caller may see: both answer 404."
_NO_PAGE = "No such page: `page` is past the last page, or not a whole number from 1."
_UNSUPPORTED = "The request body is not JSON, a form or multipart."


def document_error_responses(result, generator, request, public):
    """Add DRF's own error answers to every operation that can give them, with one Error
    body, so a client (or schemathesis) finds every status code the API returns."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = dict(_COMMON)
            parameters = operation.get("parameters", [])
            if any(p["in"] == "path" for p in parameters):
                wanted["404"] = _NOT_FOUND
            elif any(p["name"] == "page" for p in parameters):
                wanted["404"] = _NO_PAGE
            if {} not in operation.get("security", []):
                # Signed-in callers only; getting a token is not rate-limited (failed
                # sign-ins lock the account instead, and still answer 400).
                wanted["429"] = _THROTTLED
            if "requestBody" in operation:
                wanted["415"] = _UNSUPPORTED
            for status, description in wanted.items():
                responses.setdefault(status, {"content": error, "description": description})
            operation["responses"] = dict(sorted(responses.items()))
    return result
