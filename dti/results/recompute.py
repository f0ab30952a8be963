"""Recomputing every score of a campaign in bulk: self-assessed points, totals and DTI values,
appraised points, the frozen results and the ranks.

The services keep these numbers up to date one save at a time (``refresh_totals``, ``decide``,
``freeze_results``). After a change that touches every assessment at once — a corrected
framework, a repaired database — ``recompute_campaign`` derives them all again from the stored
values in a few queries: read every response and appraisal of the campaign, score each
assessment with the engine (the same mapping as the services), rank every tier, and write the
numbers back in batches (``write_rows``).

Rank robustness (``dti.scoring.sensitivity.rank_intervals``, 1,000 seeded draws per tier) takes
far longer than the ranks themselves (about 10 s for 3,500 agencies on the 2-core VM), so it is
recomputed only when asked; otherwise the stored rank intervals are kept.

``read_write_baseline`` reads and writes the same rows without scoring: the benchmark compares
the two to tell the cost of scoring from the cost of moving the data.

The recompute runs in one transaction. It writes points derived from the values it read, so it
is meant for a campaign nobody is editing at that moment (on PostgreSQL a save landing during
the recompute could be followed by points computed from the previous values).
"""

from __future__ import annotations

import gc
import json
import time
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import JSONField, TextField
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.utils import timezone

from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.scoring import final_appraisals
from dti.assessments.models import Assessment, Response, ResponseStatus
from dti.assessments.scoring import response_data
from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Indicator
from dti.scoring import (
    AssessmentScore,
    FrameworkDef,
    IndicatorDef,
    IndicatorScore,
    ScoreMemo,
    aggregate_scores,
    rank_by_value,
)
from dti.scoring.numbers import round_dti
from dti.scoring.sensitivity import GroupResult, rank_intervals

from .models import Result
from .services import SENSITIVITY_DRAWS, SENSITIVITY_SEED, SENSITIVITY_SPREAD

# Rows per UPDATE statement (Django lowers it further where the database needs fewer
# parameters per statement, e.g. SQLite).
BATCH_SIZE = 1000
# Rows per set-based UPDATE on PostgreSQL: each one joins its arrays with the whole table.
ARRAY_BATCH_SIZE = 50_000
# Campaigns whose results are frozen: a recompute also creates the Result rows they lack.
FROZEN_PHASES = (Phase.FINALIZED, Phase.PUBLISHED)

RESPONSE_FIELDS = ["status", "points"]
APPRAISAL_FIELDS = ["status", "points"]
ASSESSMENT_FIELDS = [
    "self_points",
    "self_max_points",
    "self_dti_value",
    "applicable_count",
    "answered_count",
    "updated_at",
]
# Kept once appraisal has started (``refresh_appraised_totals``): only for assessments with
# appraisals.
APPRAISED_FIELDS = [
    "appraised_points",
    "appraised_max_points",
    "appraised_dti_value",
    "adjusted_count",
    "pending_count",
]
RESULT_NUMBER_FIELDS = [
    "self_points",
    "self_max_points",
    "self_dti_value",
    "points",
    "max_points",
    "dti_value",
    "rank",
    "group_ranks",
    "groups",
    "indicators",
]
ROBUSTNESS_FIELDS = [
    "rank_low",
    "rank_high",
    "leave_one_out_low",
    "leave_one_out_high",
    "rank_robust",
]


@dataclass
class RecomputeSummary:
    """What a recompute (or the baseline) read and wrote, and how long each step took."""

    assessments: int = 0
    responses: int = 0
    appraisals: int = 0
    results: int = 0
    # Rows whose stored numbers differed from the recomputed ones, per kind.
    changed: dict[str, int] = field(default_factory=dict)
    # Rows written, per kind (all rows with ``only_changed=False``).
    written: dict[str, int] = field(default_factory=dict)
    # Seconds per step: read, score, rank, robustness, write.
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class CampaignRows:
    """Everything a recompute reads, in a handful of queries."""

    assessments: list[Assessment]
    responses: dict[int, list[ResponseRow]]  # assessment id → its responses
    appraisals: dict[int, list[AppraisalRow]]  # assessment id → its appraisals
    results: dict[int, Result]  # assessment id → stored result
    indicator_codes: dict[int, str]  # indicator id → code
    definitions: dict[int, FrameworkDef]  # framework id → engine definition
    scorers: dict[int, StoredAnswerScorer] = field(default_factory=dict)  # by framework id

    @property
    def response_count(self) -> int:
        return sum(len(rows) for rows in self.responses.values())

    @property
    def appraisal_count(self) -> int:
        return sum(len(rows) for rows in self.appraisals.values())


@dataclass
class Scored:
    """One assessment's recomputed numbers."""

    own: AssessmentScore
    final: AssessmentScore
    response_scores: dict[int, tuple[str, Decimal | None]]  # response id → (status, points)
    appraisal_scores: dict[int, tuple[str, Decimal | None]]  # decided appraisals only
    result: dict[str, Any]  # Result fields, as ``services.result_fields`` gives them
    adjusted_count: int  # final appraisals that adjust
    pending_count: int  # appraisals of any round still pending


class _Clock:
    """Adds the seconds spent in each step to a summary."""

    def __init__(self, summary: RecomputeSummary):
        self.summary = summary
        self.started = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.summary.seconds[step] = self.summary.seconds.get(step, 0.0) + now - self.started
        self.started = now


# --- Reading -----------------------------------------------------------------------------


ResponseRow = namedtuple(
    "ResponseRow",
    ["id", "assessment_id", "indicator_id", "values_text", "not_applicable", "status", "points"],
)
AppraisalRow = namedtuple(
    "AppraisalRow",
    [
        "id",
        "assessment_id",
        "response_id",
        "round",
        "decision",
        "values_text",
        "not_applicable",
        "status",
        "points",
        "reason",
    ],
)


def _fetch(queryset) -> list[Sequence]:
    """The rows of a ``values_list`` queryset, converted as the ORM converts them (points to
    Decimal, SQLite's 0/1 to booleans), each distinct raw value of a column once.

    Iterating the queryset applies every converter to every row: for the 330,000 responses
    and appraisals of 3,500 agencies that was a third of the time spent reading, for columns
    that take a handful of distinct values."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    chunks = compiler.execute_sql(MULTI)
    converters = compiler.get_converters([column for column, *_ in compiler.select])
    if not converters:
        return list(chain.from_iterable(chunks))
    rows = [list(row) for row in chain.from_iterable(chunks)]
    connection = compiler.connection
    for position, (functions, expression) in converters.items():
        converted: dict[Any, Any] = {}
        for row in rows:
            raw = row[position]
            try:
                row[position] = converted[raw]
            except KeyError:
                value = raw
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = converted[raw] = value
    return rows


def _read_responses(campaign: Campaign) -> dict[int, list[ResponseRow]]:
    rows = (
        Response.objects.filter(assessment__campaign=campaign)
        .order_by("pk")
        .annotate(values_text=Cast("values", TextField()))
        .values_list(*ResponseRow._fields)
    )
    responses: dict[int, list[ResponseRow]] = defaultdict(list)
    for row in _fetch(rows):
        responses[row[1]].append(ResponseRow._make(row))
    return responses


def _read_appraisals(campaign: Campaign) -> dict[int, list[AppraisalRow]]:
    rows = (
        Appraisal.objects.filter(assessment__campaign=campaign)
        .order_by("pk")
        .annotate(values_text=Cast("values", TextField()))
        .values_list(*AppraisalRow._fields)
    )
    appraisals: dict[int, list[AppraisalRow]] = defaultdict(list)
    for row in _fetch(rows):
        appraisals[row[1]].append(AppraisalRow._make(row))
    return appraisals


def read_campaign(campaign: Campaign) -> CampaignRows:
    """Every assessment, response, appraisal and result of the campaign: six queries, plus
    the framework definitions the process has not cached yet."""
    assessments = list(campaign.assessments.select_related("agency", "framework").order_by("pk"))
    responses = _read_responses(campaign)
    appraisals = _read_appraisals(campaign)
    results = {
        result.assessment_id: result
        for result in Result.objects.filter(assessment__campaign=campaign)
    }
    frameworks = {assessment.framework_id: assessment.framework for assessment in assessments}
    indicator_codes = dict(
        Indicator.objects.filter(framework_id__in=list(frameworks)).values_list("id", "code")
    )
    definitions = {pk: framework_definition(framework) for pk, framework in frameworks.items()}
    return CampaignRows(
        assessments=assessments,
        responses=responses,
        appraisals=appraisals,
        results=results,
        indicator_codes=indicator_codes,
        definitions=definitions,
        scorers={pk: StoredAnswerScorer(definitions[pk]) for pk in frameworks},
    )


# --- Scoring -----------------------------------------------------------------------------


def _stored_points(score: IndicatorScore) -> tuple[str, Decimal | None]:
    """Status and points as the services store them: points only when scored."""
    return score.status, score.points if score.status == ResponseStatus.SCORED else None


def _text(value: Decimal) -> str:
    return str(value)


class StoredAnswerScorer:
    """Scores the stored answers of one framework, each distinct answer once.

    The key is the indicator, the values' JSON text as stored and the not-applicable flag, so
    the values are decoded, checked and scored only for answers not seen before: the 330,000
    responses and appraisals of 3,500 agencies hold a few thousand distinct answers (an
    accepted appraisal repeats the response, many agencies give the same answer). Scores are
    immutable and shared."""

    def __init__(self, definition: FrameworkDef):
        self.definition = definition
        self.memo = ScoreMemo()  # also shares answers stored as different texts
        self._scores: dict[tuple[str, str, bool], IndicatorScore] = {}

    def __call__(self, code: str, values_text: str, not_applicable: bool) -> IndicatorScore:
        key = (code, values_text, not_applicable)
        score = self._scores.get(key)
        if score is None:
            indicator = self.definition.indicator(code)
            data = response_data(indicator, json.loads(values_text), not_applicable)
            score = self._scores[key] = self.memo.score(indicator, data)
        return score

    def unanswered(self, indicator: IndicatorDef) -> IndicatorScore:
        return self.memo.score(indicator, None)


def score_assessment_rows(assessment: Assessment, rows: CampaignRows) -> Scored:
    """The self-assessed and the appraised score of one assessment, as the services compute
    them (``assessments.scoring.score_assessment``, ``appraisals.scoring.appraised_score``)."""
    definition = rows.definitions[assessment.framework_id]
    scorer = rows.scorers[assessment.framework_id]
    responses = rows.responses.get(assessment.pk, [])
    appraisals = rows.appraisals.get(assessment.pk, [])
    flags = assessment.flag_set
    deciding = final_appraisals(appraisals)
    own_scores, final_scores, response_scores, code_of_response = {}, {}, {}, {}
    for response in responses:
        code = code_of_response[response.id] = rows.indicator_codes[response.indicator_id]
        # Every response is scored, also one of an indicator that no longer applies to the
        # agency (as saving it would); only the applicable ones count in the totals.
        own_score = own_scores[code] = scorer(code, response.values_text, response.not_applicable)
        response_scores[response.id] = _stored_points(own_score)
        appraisal = deciding.get(response.id)
        if appraisal is not None and appraisal.decision != Decision.PENDING:
            final_scores[code] = scorer(code, appraisal.values_text, appraisal.not_applicable)
        else:
            final_scores[code] = own_score
    own = aggregate_scores(definition, own_scores, flags, scorer.unanswered)
    final = aggregate_scores(definition, final_scores, flags, scorer.unanswered)
    appraisal_scores = {
        appraisal.id: _stored_points(
            scorer(
                code_of_response[appraisal.response_id],
                appraisal.values_text,
                appraisal.not_applicable,
            )
        )
        for appraisal in appraisals
        if appraisal.decision != Decision.PENDING
    }
    return Scored(
        own=own,
        final=final,
        response_scores=response_scores,
        appraisal_scores=appraisal_scores,
        result=_result_fields(definition, responses, rows, own, final, deciding),
        adjusted_count=sum(1 for item in deciding.values() if item.decision == Decision.ADJUSTED),
        pending_count=sum(1 for item in appraisals if item.decision == Decision.PENDING),
    )


def _result_fields(
    definition: FrameworkDef,
    responses: list[Any],
    rows: CampaignRows,
    own: AssessmentScore,
    final: AssessmentScore,
    deciding: dict[int, Any],
) -> dict[str, Any]:
    """The same fields as ``dti.results.services.result_fields``."""
    group_of = {
        indicator.code: group.code for group in definition.groups for indicator in group.indicators
    }
    indicators = {}
    for response in responses:
        code = rows.indicator_codes[response.indicator_id]
        appraisal = deciding.get(response.id)
        indicators[code] = {
            "group": group_of[code],
            "self_points": _text(own.indicators[code].points),
            "points": _text(final.indicators[code].points),
            "max_points": _text(final.indicators[code].max_points),
            "status": final.indicators[code].status,
            "decision": appraisal.decision if appraisal else "",
            "round": appraisal.round if appraisal else None,
            "reason": appraisal.reason if appraisal else "",
        }
    groups = {
        code: {
            "self_points": _text(own.groups[code].points),
            "self_max_points": _text(own.groups[code].max_points),
            "points": _text(group.points),
            "max_points": _text(group.max_points),
        }
        for code, group in final.groups.items()
    }
    return {
        "self_points": own.points,
        "self_max_points": own.max_points,
        "self_dti_value": own.dti_value,
        "points": final.points,
        "max_points": final.max_points,
        "dti_value": final.dti_value,
        "groups": groups,
        "indicators": indicators,
    }


# --- Ranking -----------------------------------------------------------------------------


def tier_ranks(tier_fields: dict[int, dict]) -> dict[int, dict]:
    """Rank and rank per group of the assessments of one tier, by the appraised DTI value (the
    rule of ``services.freeze_results``: ties share a rank)."""
    ranks = rank_by_value({pk: fields["dti_value"] for pk, fields in tier_fields.items()})
    group_codes = {code for fields in tier_fields.values() for code in fields["groups"]}
    group_ranks: dict[int, dict[str, int]] = {pk: {} for pk in tier_fields}
    for code in group_codes:
        values = {}
        for pk, fields in tier_fields.items():
            group = fields["groups"].get(code)
            if group and Decimal(group["max_points"]):
                values[pk] = round_dti(Decimal(group["points"]) / Decimal(group["max_points"]))
        for pk, rank in rank_by_value(values).items():
            group_ranks[pk][code] = rank
    return {pk: {"rank": ranks[pk], "group_ranks": group_ranks[pk]} for pk in tier_fields}


def tier_robustness(tier_fields: dict[int, dict]) -> dict[int, dict]:
    """Rank intervals of one tier under perturbed group weights (the freeze's parameters)."""
    intervals = rank_intervals(
        {
            pk: {
                code: GroupResult(float(group["points"]), float(group["max_points"]))
                for code, group in fields["groups"].items()
            }
            for pk, fields in tier_fields.items()
        },
        draws=SENSITIVITY_DRAWS,
        spread=SENSITIVITY_SPREAD,
        seed=SENSITIVITY_SEED,
    )
    return {
        pk: {
            "rank_low": interval.low,
            "rank_high": interval.high,
            "leave_one_out_low": interval.leave_one_out_low,
            "leave_one_out_high": interval.leave_one_out_high,
            "rank_robust": interval.robust,
        }
        for pk, interval in intervals.items()
    }


def _by_tier(assessments: list[Assessment], scored: dict[int, Scored]) -> dict[str, dict]:
    tiers: dict[str, dict[int, dict]] = defaultdict(dict)
    for assessment in assessments:
        tiers[assessment.agency.tier][assessment.pk] = scored[assessment.pk].result
    return tiers


# --- Writing -----------------------------------------------------------------------------


def _same(stored: Any, computed: Any) -> bool:
    return stored == computed


def _prepared(column, values: Sequence, database) -> Sequence:
    """``get_db_prep_save`` of a column's values, once per distinct value: a campaign's
    points, statuses and counts take few distinct values, and converting a Decimal for the
    database costs more than writing it (values that cannot be set members, such as JSON,
    are converted one by one)."""
    try:
        distinct = {value: column.get_db_prep_save(value, database) for value in set(values)}
    except TypeError:
        return [column.get_db_prep_save(value, database) for value in values]
    return [distinct[value] for value in values]


def write_rows(model, fields: list[str], rows: list[tuple]) -> int:
    """Set ``fields`` of many rows: ``rows`` are (pk, value, …) tuples in the order of
    ``fields``. On PostgreSQL, one set-based UPDATE per ``ARRAY_BATCH_SIZE`` rows (columns
    sent as arrays); elsewhere, and for rows with JSON columns, one parameterised UPDATE
    executed per row, in batches of ``BATCH_SIZE``.

    Not ``bulk_update``: it builds a CASE expression per field and row, and measured about
    150 times slower here (3 s against 0.02 s for 7,050 responses on SQLite). On PostgreSQL,
    one UPDATE per row took 7.4 s for the 164,500 responses of 3,500 agencies, the arrays
    3.7 s (what a plain ``UPDATE … SET points = points`` of them takes); for the results,
    whose JSON columns are large, one UPDATE per row stays faster (0.8 s against 6.3 s).
    """
    if not rows:
        return 0
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: it looks itself up per access
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    pks, *values = zip(*rows, strict=True)
    columns = [
        pks,
        *(
            _prepared(model_field, column, database)
            for model_field, column in zip(model_fields, values, strict=True)
        ),
    ]
    if database.vendor == "postgresql" and not any(
        isinstance(model_field, JSONField) for model_field in model_fields
    ):
        write, batch_size = _update_from_arrays, ARRAY_BATCH_SIZE
    else:
        write, batch_size = _update_per_row, BATCH_SIZE
    with database.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = [column[start : start + batch_size] for column in columns]
            write(cursor, database, meta, model_fields, batch)
    return len(rows)


def _update_per_row(cursor, database, meta, model_fields, batch: list[Sequence]) -> None:
    """One parameterised UPDATE per row; ``batch``: the pk column, then one per field."""
    quote = database.ops.quote_name
    assignments = ", ".join(f"{quote(model_field.column)} = %s" for model_field in model_fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    pks, *values = batch
    cursor.executemany(sql, list(zip(*values, pks, strict=True)))


def _update_from_arrays(cursor, database, meta, model_fields, batch: list[Sequence]) -> None:
    """``UPDATE t SET c = v.c … FROM unnest(%s::type[], …) AS v (id, c, …)``: one statement
    and one join for the whole batch, each column sent as one array of its column's type."""
    quote = database.ops.quote_name
    names = [meta.pk.column, *(model_field.column for model_field in model_fields)]
    types = [
        meta.pk.rel_db_type(database),
        *(model_field.db_type(database) for model_field in model_fields),
    ]
    assignments = ", ".join(f"{quote(name)} = v.{quote(name)}" for name in names[1:])
    arrays = ", ".join(f"%s::{kind}[]" for kind in types)
    table = quote(meta.db_table)
    sql = (
        f"UPDATE {table} SET {assignments} FROM unnest({arrays}) "
        f"AS v ({', '.join(quote(name) for name in names)}) "
        f"WHERE {table}.{quote(names[0])} = v.{quote(names[0])}"
    )
    cursor.execute(sql, [list(column) for column in batch])


def _response_updates(rows: CampaignRows, scored: dict[int, Scored], only_changed: bool):
    changed, updates = 0, []
    for assessment_id, responses in rows.responses.items():
        computed = scored[assessment_id].response_scores
        for response in responses:
            status, points = computed[response.id]
            differs = not (_same(response.status, status) and _same(response.points, points))
            changed += differs
            if differs or not only_changed:
                updates.append((response.id, status, points))
    return changed, updates


def _appraisal_updates(rows: CampaignRows, scored: dict[int, Scored], only_changed: bool):
    changed, updates = 0, []
    for assessment_id, appraisals in rows.appraisals.items():
        computed = scored[assessment_id].appraisal_scores
        for appraisal in appraisals:
            if appraisal.id not in computed:
                continue  # pending: nothing decided, nothing to score
            status, points = computed[appraisal.id]
            differs = not (_same(appraisal.status, status) and _same(appraisal.points, points))
            changed += differs
            if differs or not only_changed:
                updates.append((appraisal.id, status, points))
    return changed, updates


def _assessment_updates(rows: CampaignRows, scored: dict[int, Scored], only_changed: bool):
    """Self-assessed totals of every assessment, appraised totals of those under appraisal:
    (assessments changed, self updates, appraised updates)."""
    now = timezone.now()
    changed, own_updates, appraised_updates = 0, [], []
    for assessment in rows.assessments:
        item = scored[assessment.pk]
        own = {
            "self_points": item.own.points,
            "self_max_points": item.own.max_points,
            "self_dti_value": item.own.dti_value,
            "applicable_count": len(rows.responses.get(assessment.pk, [])),
            "answered_count": sum(1 for score in item.own.indicators.values() if score.is_complete),
        }
        appraised = {}
        if rows.appraisals.get(assessment.pk):
            appraised = {
                "appraised_points": item.final.points,
                "appraised_max_points": item.final.max_points,
                "appraised_dti_value": item.final.dti_value,
                "adjusted_count": item.adjusted_count,
                "pending_count": item.pending_count,
            }
        own_differs = _differs(assessment, own)
        appraised_differs = _differs(assessment, appraised)
        changed += own_differs or appraised_differs
        if own_differs or not only_changed:
            updated_at = now if own_differs else assessment.updated_at
            own_updates.append((assessment.pk, *own.values(), updated_at))
        if appraised and (appraised_differs or not only_changed):
            appraised_updates.append((assessment.pk, *appraised.values()))
    return changed, own_updates, appraised_updates


def _differs(stored, computed: dict[str, Any]) -> bool:
    return any(not _same(getattr(stored, name), value) for name, value in computed.items())


def _result_updates(
    campaign: Campaign,
    rows: CampaignRows,
    fields: dict[int, dict],
    only_changed: bool,
    with_robustness: bool,
):
    """Stored results to update, and the missing ones to create when results are frozen."""
    names = RESULT_NUMBER_FIELDS + (ROBUSTNESS_FIELDS if with_robustness else [])
    changed, updates, new = 0, [], []
    now = timezone.now()
    for assessment in rows.assessments:
        computed = [fields[assessment.pk][name] for name in names]
        result = rows.results.get(assessment.pk)
        if result is None:
            if campaign.phase in FROZEN_PHASES:
                new.append(
                    Result(assessment_id=assessment.pk, frozen_at=now, **fields[assessment.pk])
                )
            continue
        differs = any(
            not _same(getattr(result, name), value)
            for name, value in zip(names, computed, strict=True)
        )
        changed += differs
        if differs or not only_changed:
            updates.append((result.pk, *computed))
    return changed + len(new), updates, new, names


def _stored_rows(model_rows: Iterable, fields: list[str]) -> list[tuple]:
    return [(item.pk, *(getattr(item, name) for name in fields)) for item in model_rows]


# --- The operations ----------------------------------------------------------------------


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a campaign is moved in bulk.

    A recompute of 3,500 agencies holds some 700,000 objects until it ends (rows, scores,
    parameters), none of them in reference cycles; as they pile up, the collector traverses
    them again and again for nothing to free — a third of the recompute's time. Reference
    counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cyclic_gc_paused()
@transaction.atomic
def recompute_campaign(
    campaign: Campaign, *, robustness: bool = False, only_changed: bool = True, by=None
) -> RecomputeSummary:
    """Recompute and store every score, total, DTI value and rank of ``campaign``.

    - responses: status and points (as ``save_response`` stores them);
    - assessments: the self-assessed totals, DTI value and progress (``refresh_totals``)
      and, once appraisal has started, the appraised ones (``refresh_appraised_totals``);
    - decided appraisals: status and appraised points (``decide``);
    - results: the fields of ``freeze_results`` — created for a finalised or published
      campaign that lacks them, updated wherever they exist; the rank intervals only with
      ``robustness`` (otherwise the stored intervals are kept).

    With ``only_changed`` (the default) only rows whose numbers differ are written; otherwise
    every row is written again (what the benchmark times). One audit event records how many
    rows changed, when any did.
    """
    summary = RecomputeSummary()
    clock = _Clock(summary)
    rows = read_campaign(campaign)
    clock.lap("read")
    scored = {
        assessment.pk: score_assessment_rows(assessment, rows) for assessment in rows.assessments
    }
    clock.lap("score")
    fields = {pk: dict(item.result) for pk, item in scored.items()}
    tiers = _by_tier(rows.assessments, scored)
    for tier_fields in tiers.values():
        for pk, ranks in tier_ranks(tier_fields).items():
            fields[pk] |= ranks
    clock.lap("rank")
    if robustness:
        for tier_fields in tiers.values():
            for pk, interval in tier_robustness(tier_fields).items():
                fields[pk] |= interval
        clock.lap("robustness")

    response_changed, response_updates = _response_updates(rows, scored, only_changed)
    appraisal_changed, appraisal_updates = _appraisal_updates(rows, scored, only_changed)
    assessment_changed, own_updates, appraised_updates = _assessment_updates(
        rows, scored, only_changed
    )
    result_changed, result_updates, new_results, result_names = _result_updates(
        campaign, rows, fields, only_changed, robustness
    )
    summary.written = {
        "responses": write_rows(Response, RESPONSE_FIELDS, response_updates),
        "appraisals": write_rows(Appraisal, APPRAISAL_FIELDS, appraisal_updates),
        "assessments": write_rows(Assessment, ASSESSMENT_FIELDS, own_updates),
        "appraised assessments": write_rows(Assessment, APPRAISED_FIELDS, appraised_updates),
        "results": write_rows(Result, result_names, result_updates)
        + len(Result.objects.bulk_create(new_results, batch_size=BATCH_SIZE)),
    }
    summary.changed = {
        "responses": response_changed,
        "appraisals": appraisal_changed,
        "assessments": assessment_changed,
        "results": result_changed,
    }
    summary.assessments = len(rows.assessments)
    summary.responses = rows.response_count
    summary.appraisals = rows.appraisal_count
    summary.results = len(rows.results) + len(new_results)
    if any(summary.changed.values()):
        record(by, "results.recompute", campaign, after=summary.changed)
    clock.lap("write")
    return summary


@cyclic_gc_paused()
@transaction.atomic
def read_write_baseline(campaign: Campaign) -> RecomputeSummary:
    """Read the rows ``recompute_campaign`` reads and write every one of them back unchanged,
    without scoring: the floor under the recompute's time. Changes nothing."""
    summary = RecomputeSummary()
    clock = _Clock(summary)
    rows = read_campaign(campaign)
    clock.lap("read")
    responses = [
        (row.id, row.status, row.points) for items in rows.responses.values() for row in items
    ]
    appraisals = [
        (row.id, row.status, row.points)
        for items in rows.appraisals.values()
        for row in items
        if row.decision != Decision.PENDING
    ]
    summary.written = {
        "responses": write_rows(Response, RESPONSE_FIELDS, responses),
        "appraisals": write_rows(Appraisal, APPRAISAL_FIELDS, appraisals),
        "assessments": write_rows(
            Assessment, ASSESSMENT_FIELDS, _stored_rows(rows.assessments, ASSESSMENT_FIELDS)
        ),
        "appraised assessments": write_rows(
            Assessment,
            APPRAISED_FIELDS,
            _stored_rows(
                [item for item in rows.assessments if rows.appraisals.get(item.pk)],
                APPRAISED_FIELDS,
            ),
        ),
        "results": write_rows(
            Result, RESULT_NUMBER_FIELDS, _stored_rows(rows.results.values(), RESULT_NUMBER_FIELDS)
        ),
    }
    summary.assessments = len(rows.assessments)
    summary.responses = rows.response_count
    summary.appraisals = rows.appraisal_count
    summary.results = len(rows.results)
    clock.lap("write")
    return summary
