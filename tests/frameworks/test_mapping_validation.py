"""A wrong mapping file is refused whole, with every problem named by file, path and reason."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from dti.frameworks.mapping_format import check_mapping, read_mapping_text
from dti.frameworks.models import FrameworkMapping
from tests.frameworks.mapping_helpers import two_versions, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def problems_of(document) -> list[str]:
    _checked, problems = check_mapping(document)
    return [problem.render() for problem in problems]


def mapping(**changes) -> dict:
    document = {
        "from": {"code": "TEST-SMALL", "version": 1},
        "to": {"code": "TEST-SMALL", "version": 2},
        "source_confirmed": False,
        "indicators": {"1.1": "1.1"},
    }
    return document | changes


def test_frameworks_that_are_not_loaded_are_named():
    two_versions()
    assert problems_of(
        mapping(**{"from": {"code": "HN-DTI-2023-SO", "version": 1}, "to": {"code": "X"}})
    ) == [
        "from: Framework HN-DTI-2023-SO version 1 is not loaded; load it first.",
        "to: Expected the framework as {code: ..., version: ...}.",
    ]


def test_unknown_indicator_codes_are_named_by_their_path():
    two_versions()
    assert problems_of(mapping(indicators={"9.9": "1.1", "1.1": "8.8"})) == [
        'indicators["9.9"]: The later framework TEST-SMALL v2 has no indicator 9.9.',
        'indicators["1.1"]: The earlier framework TEST-SMALL v1 has no indicator 8.8.',
    ]


def test_a_later_indicator_mapped_twice_is_an_error_with_both_lines():
    two_versions()
    text = "from: {code: TEST-SMALL, version: 1}\nto: {code: TEST-SMALL, version: 2}\n"
    text += 'source_confirmed: false\nindicators:\n  "1.1": "1.1"\n  "1.2": "1.2"\n  "1.1": "1.2"\n'
    _document, problems = read_mapping_text(text)
    assert [problem.render() for problem in problems] == [
        'indicators["1.1"]: Indicator 1.1 of the later framework is mapped twice (lines 5 and '
        "7); give it one predecessor."
    ]


def test_unquoted_codes_unknown_and_missing_fields_are_reported_together():
    two_versions()
    document = {
        "from": {"code": "TEST-SMALL", "version": 1},
        "to": {"code": "TEST-SMALL", "version": 2},
        "colour": "blue",
        "indicators": {1.2: "1.2", "2.1": 2.1},
    }
    assert problems_of(document) == [
        "colour: Unknown field 'colour'; expected one of from, to, note, source_confirmed, "
        "indicators.",
        "source_confirmed: This field is required.",
        'indicators["1.2"]: Write codes in quotes, e.g. "6.10": unquoted, YAML reads 6.10 '
        "as the number 6.1.",
        'indicators["2.1"]: Write codes in quotes, e.g. "6.10": unquoted, YAML reads 6.10 '
        "as the number 6.1.",
    ]


def test_a_framework_cannot_be_mapped_to_itself():
    two_versions()
    assert problems_of(mapping(to={"code": "TEST-SMALL", "version": 1})) == [
        "to: A framework cannot be mapped to itself."
    ]


def test_the_command_prints_every_problem_with_the_file_and_loads_nothing(tmp_path):
    two_versions()
    path = write(
        tmp_path,
        "from: {code: TEST-SMALL, version: 1}\nto: {code: TEST-SMALL, version: 2}\n"
        'source_confirmed: false\nindicators:\n  "1.1": "1.1"\n  "1.1": "2.1"\n'
        '  "2.2": "7.1"\n',
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_mapping", str(path))
    assert str(refused.value).splitlines() == [
        'mapping.yaml: indicators["1.1"]: Indicator 1.1 of the later framework is mapped twice '
        "(lines 5 and 6); give it one predecessor.",
        'mapping.yaml: indicators["2.2"]: The earlier framework TEST-SMALL v1 has no indicator '
        "7.1.",
    ]
    assert not FrameworkMapping.objects.exists()


def test_a_yaml_syntax_error_gives_its_line(tmp_path):
    path = write(tmp_path, "from: {code: TEST-SMALL\nindicators: [\n")
    with pytest.raises(CommandError) as refused:
        call_command("load_mapping", str(path))
    assert str(refused.value).startswith("mapping.yaml: line ")
