"""Checking panels from outside: manage.py check_panel and POST /appeals/api/check-panel/ run
the one checker on a JSON or YAML description, touch no table, and name a bad field."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from admissions import panel_file

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "check_panel.yaml"
URL = "/appeals/api/check-panel/"


def _example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


def test_documented_example_accepts_one_block_and_rejects_the_other():
    results = panel_file.check(_example())
    assert [r.accepted for r in results] == [True, False]
    assert {b.rule for b in results[1].breaches} == {"panel_size", "chair_trained", "governor"}
    governor = next(b for b in results[1].breaches if b.rule == "governor")
    assert governor.source == "SI 2012/9 Sch para 4(1)(b)"


def test_command_prints_accept_or_each_rule_and_exits_2_on_a_rejection():
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_panel", str(EXAMPLE), stdout=out)
    assert exit_.value.code == 2
    lines = out.getvalue().splitlines()
    assert lines[0] == "B-001: ACCEPT"
    assert lines[1] == "B-002: REJECT"
    assert any("panel_size" in line and "SI 2012/9 Schedule" in line for line in lines)


def test_command_accepts_json_and_exits_0_when_every_block_is_lawful(tmp_path):
    data = _example()
    data["blocks"] = data["blocks"][:1]
    path = tmp_path / "rota.json"
    path.write_text(json.dumps(data, default=str))
    out = StringIO()
    call_command("check_panel", str(path), stdout=out)
    assert out.getvalue().strip() == "B-001: ACCEPT"


def test_panels_in_one_file_book_each_other():
    data = _example()
    data["blocks"][1].update(days=["2027-06-08"], panel=["m1", "m2", "m3"], chair="m1")
    results = panel_file.check(data)
    rules = {b.rule for b in results[0].breaches}
    assert {"double_booked", "clerk_double_booked"} <= rules


def test_rehearing_excludes_the_original_panel_and_clerk():
    data = _example()
    data["blocks"][0]["rehearing_of"] = {"members": ["m2"], "clerk": "c1"}
    rules = {b.rule for b in panel_file.check(data)[0].breaches}
    assert rules == {"rehearing_member", "rehearing_clerk"}


@pytest.mark.parametrize(
    "change, named",
    [
        (lambda d: d["blocks"][0].update(days=["2027-13-01"]), "blocks[0].days[0]"),
        (lambda d: d["blocks"][0].update(panel=["m1", "m9"]), "blocks[0].panel[1]"),
        (lambda d: d["blocks"][0].pop("school"), "blocks[0].school"),
        (
            lambda d: d["members"][1]["history"][0].update(kind="friend"),
            "members[1].history[0].kind",
        ),
        (lambda d: d["members"].append(dict(d["members"][0])), "members[3].id"),
        (lambda d: d["blocks"][0].update(mode="hybrid"), "blocks[0].mode"),
        (lambda d: d["clerks"][0].update(trained_until="soon"), "clerks[0].trained_until"),
    ],
)
def test_bad_input_names_the_field(change, named):
    data = _example()
    change(data)
    with pytest.raises(
        panel_file.PanelFileError, match=named.replace("[", r"\[").replace("]", r"\]")
    ):
        panel_file.check(data)


def test_command_reports_a_file_that_does_not_read(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("blocks: [oops\n")
    with pytest.raises(CommandError, match="neither JSON nor YAML"):
        call_command("check_panel", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("check_panel", str(tmp_path / "missing.yaml"))


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_returns_the_breaches_with_their_paragraphs_and_writes_nothing(clerk_user):
    with CaptureQueriesContext(connection) as queries:
        response = _client(clerk_user).post(
            URL, json.loads(json.dumps(_example(), default=str)), format="json"
        )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0] == {"block": "B-001", "result": "ACCEPT", "breaches": []}
    assert results[1]["result"] == "REJECT"
    assert {
        "rule": "governor",
        "message": "Cy Lewis: is or was a governor of Birch Academy.",
        "source": "SI 2012/9 Sch para 4(1)(b)",
    } in results[1]["breaches"]
    assert not [
        q
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_api_names_a_bad_field(clerk_user):
    data = json.loads(json.dumps(_example(), default=str))
    data["blocks"][0]["days"] = ["tomorrow"]
    response = _client(clerk_user).post(URL, data, format="json")
    assert response.status_code == 400
    assert "blocks[0].days[0]" in response.json()["detail"]
    response = _client(clerk_user).post(URL, {"blocks": []}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("blocks:")


@pytest.mark.django_db
def test_api_refuses_anonymous_and_users_without_the_clerk_role(panel_user, leader_a):
    assert _client().post(URL, {"blocks": []}, format="json").status_code in (401, 403)
    for user in (panel_user, leader_a):
        assert _client(user).post(URL, _example(), format="json").status_code == 403
