import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.frameworks.helpers import (
    SMALL,
    broken_document,
    small_document,
    write_document,
    yaml_text,
)


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


def problems_printed(tmp_path, capsys, text: str, name: str = "framework.yaml") -> list[str]:
    """Validate a file written as ``text`` and return the problem lines it prints."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("validate_framework", str(path))
    assert raised.value.returncode == 1
    return capsys.readouterr().err.splitlines()


def small_text() -> str:
    return SMALL.read_text(encoding="utf-8")


def test_a_function_name_used_as_an_input_in_a_formula_is_refused(tmp_path, capsys):
    document = small_document()
    indicator = document["groups"][0]["indicators"][1]
    indicator["rule"] = {"type": "formula", "expression": "max * 2 + chaired"}
    indicator["examples"] = []
    errors = problems_printed(tmp_path, capsys, yaml_text(document))
    assert errors == [
        "framework.yaml: groups[0].indicators[1].rule.expression: max is a function, not an "
        "input: write it with its arguments in parentheses."
    ]


def test_an_unquoted_code_that_yaml_reads_as_a_number_is_refused(tmp_path, capsys):
    text = small_text().replace('- code: "1.2"', "- code: 1.20")
    errors = problems_printed(tmp_path, capsys, text)
    assert (
        'framework.yaml: groups[0].indicators[1].code: Write codes in quotes, e.g. "6.10": '
        "unquoted, YAML reads 6.10 as the number 6.1."
    ) in errors


def test_a_key_written_twice_is_reported_with_both_lines(tmp_path, capsys):
    text = small_text().replace(
        "        max_points: 10\n        source_confirmed: true\n        inputs:\n"
        "          - {code: chaired",
        "        max_points: 10\n        max_points: 10\n        source_confirmed: true\n"
        "        inputs:\n          - {code: chaired",
    )
    errors = problems_printed(tmp_path, capsys, text)
    assert errors == [
        "framework.yaml: groups[0].indicators[1].max_points: The key max_points is written "
        "twice (lines 36 and 37)."
    ]


def test_a_band_that_no_value_can_fall_in_is_refused(tmp_path, capsys):
    text = small_text().replace("{min: 3, points: 15}", "{min: 5, max: 1, points: 15}")
    errors = problems_printed(tmp_path, capsys, text)
    assert (
        "framework.yaml: groups[0].indicators[0].rule.bands[1].min: The band's min is larger "
        "than its max: no value can fall in it."
    ) in errors


def test_points_of_a_rule_part_above_the_indicator_maximum_are_refused(tmp_path, capsys):
    document = small_document()
    criteria = document["groups"][1]["indicators"][0]["criteria"]
    criteria[0]["rule"]["points_if_true"] = 40
    document["groups"][1]["indicators"][1]["rule"]["points"]["partial"] = 25
    errors = problems_printed(tmp_path, capsys, yaml_text(document))
    assert (
        "framework.yaml: groups[1].indicators[0].criteria[0].rule.points_if_true: 40 points is "
        "more than the maximum 6."
    ) in errors
    assert (
        "framework.yaml: groups[1].indicators[1].rule.points.partial: 25 points is more than "
        "the maximum 20."
    ) in errors
