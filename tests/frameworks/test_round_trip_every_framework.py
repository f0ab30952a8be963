"""Every shipped framework, and a fixture with every kind of input and rule part (formula,
manual, bonus, deduction, decimal, percent, choice and date inputs, sub-criteria), goes
YAML → database → xlsx → database and back to YAML without losing anything."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from dti.frameworks.excel_format import write_workbook
from dti.frameworks.files import read_framework_file, read_framework_path
from dti.frameworks.models import Framework
from dti.frameworks.services import framework_document, load_framework
from dti.frameworks.yaml_format import dump_yaml
from tests.frameworks.helpers import DATA

pytestmark = pytest.mark.django_db

SHIPPED = sorted((Path(settings.BASE_DIR) / "frameworks").glob("*.yaml"))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_shipped_frameworks_are_all_here():
    assert len(SHIPPED) >= 4


@pytest.mark.parametrize("path", [*SHIPPED, DATA / "rich.yaml"], ids=lambda path: path.name)
def test_a_framework_survives_the_database_and_excel_both_ways(path):
    original = read_framework_path(path)
    exported = framework_document(load_framework(original))
    assert exported == original

    workbook = write_workbook(exported)
    assert read_framework_file("export.xlsx", workbook) == original
    Framework.objects.all().delete()
    reloaded = load_framework(read_framework_file("export.xlsx", workbook))
    assert framework_document(reloaded) == original
    assert read_framework_file("export.yaml", dump_yaml(original).encode()) == original
