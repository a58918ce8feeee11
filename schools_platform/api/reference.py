"""The API reference page: the OpenAPI schema rendered as a GOV.UK page on the server.

No JavaScript and nothing from another host: a strict Content-Security-Policy and axe-core
both hold, and the page is the same schema tools read at /api/schema/.
"""

from functools import lru_cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def describe(schema: dict) -> str:
    """A short English description of a JSON schema: 'integer, 1900 to 2100', 'list of School'."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "any")
    if kind == "array":
        text = f"list of {describe(schema.get('items', {}))}"
    elif kind == "object" and "properties" not in schema:
        text = "object"
    else:
        text = kind
    if "format" in schema and schema["format"] not in ("int64", "int32"):
        text += f" ({schema['format']})"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None and high < 2**31:
        text += f", {low} to {high}"
    elif low is not None and low > 0:
        text += f", from {low}"
    if "maxLength" in schema:
        text += f", up to {schema['maxLength']} characters"
    if "enum" in schema:
        text += ": one of " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("nullable"):
        text += ", or null"
    return text


def _body(content: dict | None) -> str:
    if not content:
        return ""
    media = content.get("application/json") or next(iter(content.values()))
    return describe(media.get("schema", {}))


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            request_body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "id": op["operationId"].replace("_", "-"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "anonymous": {} in op.get("security", []),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": describe(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": _body(request_body),
                    "request_types": list(request_body),
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "body": _body(response.get("content")),
                        }
                        for status, response in op["responses"].items()
                    ],
                }
            )
    return operations


def _shapes(schema: dict) -> list[dict]:
    shapes = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", []))
        shapes.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": describe(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return shapes


def reference(request):
    schema = _schema()
    return render(
        request,
        "api/reference.html",
        {
            "page_title": "API reference",
            "info": schema["info"],
            "operations": _operations(schema),
            "shapes": _shapes(schema),
        },
    )
