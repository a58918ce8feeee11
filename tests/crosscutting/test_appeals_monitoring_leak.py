"""The landed leak walk (tests/representation/test_no_small_counts_leak.py) over the appeals
monitoring outputs the other walks do not reach: the monitoring, fairness and panels pages
and every CSV they offer, on heard appeals in small groups (blocks of four appeals, one
upheld; appellants' answers in groups of one to four). No count of 1 to 7 may appear in a
figure cell: the counting columns of each table, not its rates or median days."""

import csv
import datetime as dt
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from admissions import models as m
from admissions import services
from tests.admissions.conftest import appeals_clerk, clerk_user, make_block, make_member
from tests.representation.test_no_small_counts_leak import SMALL

pytestmark = pytest.mark.django_db
__all__ = ["appeals_clerk", "clerk_user"]  # the admissions fixtures, used below

NOT_COUNTS = re.compile(r"%|rate|median|days|of heard|sittings", re.IGNORECASE)
ETHNICITIES = ["white_british", "asian_indian", "black_african", "mixed_white_asian"]


def _heard_season(school, clerk, n_blocks: int):
    today = timezone.localdate()
    m.Term.objects.create(
        authority=school.authority,
        name="Around today",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today + dt.timedelta(days=400),
    )
    members = [
        make_member(school.authority, f"Sitter {i}", education=i == 1, chair=i == 0)
        for i in range(3)
    ]
    for b in range(n_blocks):
        day = today - dt.timedelta(days=7 * b + 1)
        block = make_block(school, reference=f"H{b}", days=(day,))
        roster = m.Roster.objects.create(block=block, clerk=clerk)
        for j, member in enumerate(members):
            m.RosterSeat.objects.create(roster=roster, member=member, is_chair=j == 0)
            m.MemberSitting.objects.create(member=member, block=block, date=day)
        for k in range(4):
            appeal = m.Appeal.objects.create(
                block=block,
                reference=f"Heard {b}.{k}",
                appellant_name="A",
                child_name="C",
                lodged_on=day - dt.timedelta(days=30),
                decision="upheld" if k == 0 else "dismissed",
                stage_one_finding="x",
                reasons="y",
                decided_on=day,
            )
            services.record_appellant_answers(
                actor=None,
                appeal=appeal,
                answers={"ethnicity": ETHNICITIES[(b + k) % len(ETHNICITIES)]},
                consent_wording="I agree",
            )


def _figures_in_page(content: bytes) -> tuple[list[int], dict[str, str]]:
    """Whole numbers in the counting columns of every table, and the CSV download links."""
    soup = BeautifulSoup(content, "html.parser")
    counts = []
    for table in soup.select("table"):
        heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            cells = row.select("th, td")
            for head, cell in zip(heads, cells, strict=False):
                text = cell.get_text(strip=True).replace(",", "")
                if cell.name == "td" and not NOT_COUNTS.search(head) and text.isdigit():
                    counts.append(int(text))
    links = {a.get_text(strip=True): a["href"] for a in soup.select("a[href*='download=']")}
    return counts, links


def _figures_in_csv(content: bytes) -> list[int]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    wanted = [i for i, name in enumerate(header) if i and not NOT_COUNTS.search(name)]
    return [int(row[i]) for row in body for i in wanted if row[i].isdigit()]


def test_no_count_of_one_to_seven_leaves_the_appeals_monitoring(
    client, clerk_user, school_a, appeals_clerk
):
    _heard_season(school_a, appeals_clerk, 6)
    client.force_login(clerk_user)
    pages = [
        "/appeals/monitoring/",
        "/appeals/monitoring/fairness/",
        "/appeals/monitoring/fairness/?characteristic=sex",
        "/appeals/monitoring/panels/",
        f"/appeals/monitoring/panels/?authority={school_a.authority.pk}",
    ]
    leaks, inspected, downloads = [], 0, 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        counts, links = _figures_in_page(response.content)
        inspected += len(counts)
        leaks += [(url, n) for n in counts if n in SMALL]
        base = url.split("?")[0]
        for title, href in links.items():
            download = client.get(base + href if href.startswith("?") else href)
            assert download.status_code == 200, (url, title)
            counts = _figures_in_csv(download.content)
            downloads += 1
            inspected += len(counts)
            leaks += [(f"{url} {title}", n) for n in counts if n in SMALL]
    assert not leaks, f"{len(leaks)} small counts published, e.g. {leaks[:5]}"
    # The walk really read figures and downloads.
    assert inspected > 20 and downloads >= 5
