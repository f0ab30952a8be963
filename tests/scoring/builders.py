"""Small helpers that build engine definitions from specs, for the tests."""

from decimal import Decimal

from dti.scoring import FrameworkDef, GroupDef, IndicatorDef, LocalText
from dti.scoring.spec import Problems, build_indicator


def indicator(spec: dict) -> IndicatorDef:
    problems = Problems()
    built = build_indicator(spec, "test", problems)
    assert not problems, [problem.render() for problem in problems]
    return built


def counts(code="1.1", max_points=20, **extra) -> IndicatorDef:
    """A steps indicator over a count of meetings: 4 → max, 3 → 3/4, 2 → 1/2, 1 → 1/4."""
    m = Decimal(max_points)
    return indicator(
        {
            "code": code,
            "name": "Họp",
            "max_points": max_points,
            "inputs": [{"code": "meetings", "type": "integer", "label": "Số cuộc họp"}],
            "rule": {
                "type": "steps",
                "value": "meetings",
                "bands": [
                    {"min": 4, "points": m},
                    {"min": 3, "points": m * 3 / 4},
                    {"min": 2, "points": m / 2},
                    {"min": 1, "points": m / 4},
                ],
            },
            **extra,
        }
    )


def ratio(code="1.2", max_points=10, if_zero="not_applicable", **extra) -> IndicatorDef:
    return indicator(
        {
            "code": code,
            "name": "Tỷ lệ",
            "max_points": max_points,
            "inputs": [
                {"code": "a", "type": "integer", "label": "a"},
                {"code": "b", "type": "integer", "label": "b"},
            ],
            "constraints": ["a <= b"],
            "rule": {
                "type": "ratio",
                "numerator": "a",
                "denominator": "b",
                "if_denominator_zero": if_zero,
            },
            **extra,
        }
    )


def framework(*groups: tuple[str, list[IndicatorDef]]) -> FrameworkDef:
    return FrameworkDef(
        code="T",
        title=LocalText("Thử"),
        groups=tuple(
            GroupDef(
                code=code,
                name=LocalText(code),
                max_points=sum((item.max_points for item in items), Decimal(0)),
                indicators=tuple(items),
            )
            for code, items in groups
        ),
    )


def sum_of_ratios(code="1.3", parts=(5, 5), max_points=None, **extra) -> IndicatorDef:
    """A sum indicator whose sub-criterion i is the ratio a_i / b_i of its ``parts[i]`` points;
    a sub-criterion with b_i = 0 does not apply."""
    parts = [Decimal(str(part)) for part in parts]
    return indicator(
        {
            "code": code,
            "name": "Tổng",
            "max_points": max_points if max_points is not None else sum(parts),
            "inputs": [
                {"code": f"{side}{index}", "type": "integer", "label": f"{side}{index}"}
                for index in range(len(parts))
                for side in ("a", "b")
            ],
            "rule": {"type": "sum"},
            "criteria": [
                {
                    "code": f"c{index}",
                    "name": f"Tiêu chí {index}",
                    "max_points": part,
                    "rule": {
                        "type": "ratio",
                        "numerator": f"a{index}",
                        "denominator": f"b{index}",
                        "if_denominator_zero": "not_applicable",
                    },
                }
                for index, part in enumerate(parts)
            ],
            **extra,
        }
    )
