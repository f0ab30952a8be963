"""Every action the services record has a readable label on the audit trail page."""

import ast
from pathlib import Path

from dti.audit.selectors import ACTION_LABELS

DTI = Path(__file__).resolve().parents[2] / "dti"


def recorded_action_codes() -> dict[str, str]:
    """Action code → where it is recorded, for each ``record(actor, "code", ...)`` call."""
    codes = {}
    for path in DTI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "record"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                codes[node.args[1].value] = f"{path.relative_to(DTI.parent)}:{node.lineno}"
    return codes


def test_every_recorded_action_has_a_label():
    codes = recorded_action_codes()
    assert "response.save" in codes  # the scan finds the calls
    missing = {code: place for code, place in codes.items() if code not in ACTION_LABELS}
    assert not missing, f"add these actions to ACTION_LABELS in dti/audit/selectors.py: {missing}"
