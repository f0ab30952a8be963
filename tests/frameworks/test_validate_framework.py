import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.frameworks.helpers import SMALL, broken_document, small_document, write_document


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_valid_file_is_reported_ok(capsys):
    call_command("validate_framework", str(SMALL))
    assert "OK — TEST-SMALL v1, 2 groups, 4 indicators, 60 points" in capsys.readouterr().out


def test_every_problem_of_a_broken_file_is_printed_with_its_path(tmp_path, capsys):
    path = write_document(tmp_path, broken_document(), "broken.yaml")
    with pytest.raises(CommandError) as raised:
        call_command("validate_framework", str(path))
    assert raised.value.returncode == 1
    errors = capsys.readouterr().err.splitlines()
    expected = [
        "broken.yaml: groups[0].indicators[1].rule.type: Unknown rule type 'ratios'",
        "broken.yaml: groups[0].max_points: The group's maximum is 30 but its indicators add "
        "up to 35.",
        "broken.yaml: groups[1].indicators[1].code: Duplicate code '2.1'.",
        "broken.yaml: groups[1].indicators[0].name: This field is required.",
    ]
    for line in expected:
        assert any(error.startswith(line) for error in errors), (line, errors)


def test_an_example_that_breaks_a_constraint_is_reported(tmp_path, capsys):
    document = broken_document()
    document["groups"][0]["indicators"][1]["rule"]["type"] = "ratio"
    path = write_document(tmp_path, document)
    with pytest.raises(CommandError):
        call_command("validate_framework", str(path))
    errors = capsys.readouterr().err
    assert (
        "framework.yaml: groups[0].indicators[1].examples[0].inputs.chaired: "
        "Số cuộc do người đứng đầu chủ trì must be ≤ Tổng số cuộc họp (entered: 5 and 4)."
    ) in errors


def test_an_example_whose_points_differ_from_the_rule_is_reported(tmp_path, capsys):
    document = small_document()
    document["groups"][0]["indicators"][0]["examples"] = [{"inputs": {"meetings": 3}, "points": 20}]
    path = write_document(tmp_path, document)
    with pytest.raises(CommandError):
        call_command("validate_framework", str(path))
    assert (
        "groups[0].indicators[0].examples[0].points: The rule gives 15 points for these "
        "inputs, the example says 20."
    ) in capsys.readouterr().err


def test_a_yaml_syntax_error_names_the_line(tmp_path, capsys):
    path = tmp_path / "syntax.yaml"
    path.write_text("code: X\ngroups: [\n  - oops\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("validate_framework", str(path))
    assert "syntax.yaml: line " in capsys.readouterr().err


def test_problems_are_in_vietnamese_by_default(tmp_path, capsys):
    path = write_document(tmp_path, broken_document(), "broken.yaml")
    with translation.override("vi"), pytest.raises(CommandError):
        call_command("validate_framework", str(path))
    assert "Trường này là bắt buộc." in capsys.readouterr().err
