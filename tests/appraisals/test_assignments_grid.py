"""The assignment grid lists the framework's indicators against the appraising departments of
its year and shows who appraises what."""

import re

import pytest
from django.urls import reverse

from dti.appraisals.models import Assignment
from tests.appraisals.assignments_helpers import build_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return build_setup()


def open_grid(client, setup):
    client.force_login(setup.coordinator)
    response = client.get(reverse("appraisals:assignments", args=[setup.framework.pk]))
    assert response.status_code == 200
    return response


def test_rows_are_the_indicators_by_group_and_columns_the_departments_active_that_year(
    client, setup
):
    grid = open_grid(client, setup).context["grid"]
    assert [block.group.code for block in grid.groups] == ["1", "2"]
    assert [row.indicator.code for row in grid.rows] == ["1.1", "1.2", "2.1", "2.2"]
    # SNV stopped appraising after 2024 and SYT is not an appraising unit.
    assert [column.department.code for column in grid.columns] == ["SKHCN", "VPUB"]


def test_the_current_assignments_are_ticked_and_counted(client, setup):
    setup.assign({"1.1": ["SKHCN"], "2.1": ["SKHCN", "VPUB"]})
    grid = open_grid(client, setup).context["grid"]
    ticked = {
        (row.indicator.code, cell.department.code)
        for row in grid.rows
        for cell in row.cells
        if cell.assigned
    }
    assert ticked == {("1.1", "SKHCN"), ("2.1", "SKHCN"), ("2.1", "VPUB")}
    assert [(department.code, count) for department, count in grid.department_counts] == [
        ("SKHCN", 2),
        ("VPUB", 1),
    ]
    assert [row.department_count for row in grid.rows] == [1, 0, 2, 0]


def test_indicators_without_a_department_are_flagged(client, setup):
    setup.assign({"1.1": ["SKHCN"], "2.1": ["VPUB"]})
    response = open_grid(client, setup)
    grid = response.context["grid"]
    assert [indicator.code for indicator in grid.without_department] == ["1.2", "2.2"]
    assert [row.has_no_department for row in grid.rows] == [False, True, False, True]
    html = response.content.decode()
    assert html.count('class="assignment-grid__row--missing"') == 2


def test_every_checkbox_is_labelled_with_its_indicator_and_department(client, setup):
    html = open_grid(client, setup).content.decode()
    labels = re.findall(
        r'<input type="checkbox" name="assigned" value="[\d:]+" aria-label="([^"]+)"', html
    )
    assert len(labels) == 4 * 2
    assert "1.2 — Văn phòng UBND" in labels
    assert "2.2 — Sở Khoa học và Công nghệ" in labels


def test_a_department_no_longer_active_keeps_its_column_while_it_still_appraises(client, setup):
    indicator = setup.framework.indicators.get(code="1.2")
    Assignment.objects.create(
        framework=setup.framework, indicator=indicator, department=setup.departments["SNV"]
    )
    grid = open_grid(client, setup).context["grid"]
    columns = {column.department.code: column.eligible for column in grid.columns}
    assert columns == {"SKHCN": True, "SNV": False, "VPUB": True}


def test_the_framework_page_links_to_the_grid(client, setup):
    client.force_login(setup.coordinator)
    response = client.get(reverse("frameworks:detail", args=[setup.framework.pk]))
    assert reverse("appraisals:assignments", args=[setup.framework.pk]) in response.content.decode()
