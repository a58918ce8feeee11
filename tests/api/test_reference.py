"""The API reference page: readable, from the schema itself, with nothing from another host."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_reference_lists_every_operation_and_answer_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    response = client.get(reverse("api-reference"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">API reference</h1>' in html
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert f"<code>{method.upper()} {path}</code>" in html
            for status, answer in operation["responses"].items():
                assert f'<th scope="row" class="govuk-table__header">{status}</th>' in html
                assert answer["description"].replace("'", "&#x27;") in html
    assert "integer, 1900 to 2100" in html  # the report's year, as the schema bounds it
    assert 'id="shape-School"' in html


@pytest.mark.django_db
def test_the_reference_keeps_the_raw_schema_for_tools_and_loads_nothing_from_elsewhere(client):
    html = client.get(reverse("api-reference")).content.decode()
    assert 'href="/api/schema/"' in html and 'href="/api/schema/?format=json"' in html
    # Every script, style sheet and image is the platform's own, and no script is inline.
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    # The page adds no script: only the base template's static ones and its js-enabled line.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    inline = [body for attrs, body in scripts if "src=" not in attrs]
    assert [body for body in inline if "js-enabled" not in body] == []
    assert all('src="/static/' in attrs for attrs, _body in scripts if "src=" in attrs)


@pytest.mark.django_db
def test_the_footer_links_to_the_reference_not_the_yaml(client):
    html = client.get(reverse("accessibility-statement")).content.decode()
    assert f'href="{reverse("api-reference")}">API reference</a>' in html
