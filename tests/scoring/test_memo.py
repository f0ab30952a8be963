"""A ScoreMemo changes how often the engine scores, never what it gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dti.scoring import ResponseData, ScoreMemo, score_assessment
from tests.scoring.builders import counts, framework, ratio

DEFINITION = framework(
    ("1", [counts("1.1", 20, may_be_not_applicable=True), ratio("1.2", 10)]),
    ("2", [counts("2.1", 15)]),
)

answers = st.one_of(
    st.integers(-2, 6),
    st.sampled_from(["3", "3.0", "ba", "", None, True, 1.0, [1, 2], {"x": 1}]),
)


def responses_strategy():
    return st.fixed_dictionaries(
        {
            "1.1": st.builds(
                ResponseData,
                st.fixed_dictionaries({"meetings": answers}),
                st.booleans(),
            ),
            "1.2": st.builds(
                ResponseData,
                st.fixed_dictionaries({"a": answers, "b": answers}),
            ),
            "2.1": st.builds(ResponseData, st.fixed_dictionaries({"meetings": answers})),
        }
    )


@settings(max_examples=200)
@given(agencies=st.lists(responses_strategy(), min_size=1, max_size=8))
def test_a_shared_memo_gives_every_agency_the_scores_it_gives_without(agencies):
    memo = ScoreMemo()
    for responses in agencies:
        assert score_assessment(DEFINITION, responses, memo=memo) == score_assessment(
            DEFINITION, responses
        )


def test_equal_answers_are_scored_once_and_look_alike_values_are_not_confused():
    memo = ScoreMemo()
    same = {"2.1": ResponseData({"meetings": 4})}
    score_assessment(DEFINITION, same, memo=memo)
    score_assessment(DEFINITION, same, memo=memo)
    assert memo.hits == 3  # the three indicators of the second agency

    # 1 == True in Python, but an integer input given True is not valid.
    as_number = score_assessment(DEFINITION, {"2.1": ResponseData({"meetings": 1})}, memo=memo)
    as_boolean = score_assessment(DEFINITION, {"2.1": ResponseData({"meetings": True})}, memo=memo)
    assert as_number.indicators["2.1"].status == "scored"
    assert as_boolean.indicators["2.1"].status == "invalid"
