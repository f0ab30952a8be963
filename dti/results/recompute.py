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

import json
import time
from collections import defaultdict, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import JSONField, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.scoring import final_appraisals
from dti.assessments.models import Assessment, Response, ResponseStatus
from dti.assessments.scoring import response_data
from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Indicator
from dti.scoring import AssessmentScore, FrameworkDef, IndicatorScore, ScoreMemo, rank_by_value
from dti.scoring import score_assessment as engine_score_assessment
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
    memos: dict[int, ScoreMemo] = field(default_factory=dict)  # framework id → scores seen

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
    ["id", "assessment_id", "indicator_id", "values", "not_applicable", "status", "points"],
)
AppraisalRow = namedtuple(
    "AppraisalRow",
    [
        "id",
        "assessment_id",
        "response_id",
        "round",
        "decision",
        "values",
        "not_applicable",
        "status",
        "points",
        "reason",
    ],
)


class _JsonDecoder:
    """``json.loads`` that decodes each distinct text once. The values of a campaign repeat a
    lot (an accepted appraisal copies the response), and decoding 350,000 JSON values one by
    one was half the time of reading a campaign of 3,500 agencies. The decoded values are
    shared between rows, so they are read, never changed."""

    def __init__(self) -> None:
        self._decoded: dict[str, Any] = {}

    def __call__(self, text: str | None) -> Any:
        if text is None:
            return None
        if text not in self._decoded:
            self._decoded[text] = json.loads(text)
        return self._decoded[text]


def _read_responses(campaign: Campaign, decode: _JsonDecoder) -> dict[int, list[ResponseRow]]:
    rows = (
        Response.objects.filter(assessment__campaign=campaign)
        .order_by("pk")
        .annotate(values_text=Cast("values", TextField()))
        .values_list(
            "id",
            "assessment_id",
            "indicator_id",
            "values_text",
            "not_applicable",
            "status",
            "points",
        )
    )
    responses: dict[int, list[ResponseRow]] = defaultdict(list)
    for pk, assessment_id, indicator_id, text, *rest in rows:
        responses[assessment_id].append(
            ResponseRow(pk, assessment_id, indicator_id, decode(text), *rest)
        )
    return responses


def _read_appraisals(campaign: Campaign, decode: _JsonDecoder) -> dict[int, list[AppraisalRow]]:
    rows = (
        Appraisal.objects.filter(assessment__campaign=campaign)
        .order_by("pk")
        .annotate(values_text=Cast("values", TextField()))
        .values_list(
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
        )
    )
    appraisals: dict[int, list[AppraisalRow]] = defaultdict(list)
    for pk, assessment_id, response_id, round_number, decision, text, *rest in rows:
        appraisals[assessment_id].append(
            AppraisalRow(
                pk, assessment_id, response_id, round_number, decision, decode(text), *rest
            )
        )
    return appraisals


def read_campaign(campaign: Campaign) -> CampaignRows:
    """Every assessment, response, appraisal and result of the campaign: six queries, plus
    the framework definitions the process has not cached yet."""
    assessments = list(campaign.assessments.select_related("agency", "framework").order_by("pk"))
    decode = _JsonDecoder()
    responses = _read_responses(campaign, decode)
    appraisals = _read_appraisals(campaign, decode)
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
        memos={pk: ScoreMemo() for pk in frameworks},
    )


# --- Scoring -----------------------------------------------------------------------------


def _stored_points(score: IndicatorScore) -> tuple[str, Decimal | None]:
    """Status and points as the services store them: points only when scored."""
    return score.status, score.points if score.status == ResponseStatus.SCORED else None


def _text(value: Decimal) -> str:
    return str(value)


def score_assessment_rows(assessment: Assessment, rows: CampaignRows) -> Scored:
    """The self-assessed and the appraised score of one assessment, as the services compute
    them (``assessments.scoring.score_assessment``, ``appraisals.scoring.appraised_score``)."""
    definition = rows.definitions[assessment.framework_id]
    memo = rows.memos[assessment.framework_id]
    responses = rows.responses.get(assessment.pk, [])
    appraisals = rows.appraisals.get(assessment.pk, [])
    flags = assessment.flag_set
    deciding = final_appraisals(appraisals)
    own_data, final_data, indicators = {}, {}, {}
    for response in responses:
        indicator = definition.indicator(rows.indicator_codes[response.indicator_id])
        indicators[response.id] = indicator
        own_data[indicator.code] = response_data(
            indicator, response.values, response.not_applicable
        )
        appraisal = deciding.get(response.id)
        if appraisal is not None and appraisal.decision != Decision.PENDING:
            final_data[indicator.code] = response_data(
                indicator, appraisal.values, appraisal.not_applicable
            )
        else:
            final_data[indicator.code] = own_data[indicator.code]
    own = engine_score_assessment(definition, own_data, flags, memo)
    final = engine_score_assessment(definition, final_data, flags, memo)

    response_scores = {}
    for response in responses:
        indicator = indicators[response.id]
        # A response of an indicator that no longer applies to the agency is scored alone,
        # as saving it would.
        score = own.indicators.get(indicator.code) or memo.score(
            indicator, own_data[indicator.code]
        )
        response_scores[response.id] = _stored_points(score)

    appraisal_scores = {}
    for appraisal in appraisals:
        if appraisal.decision == Decision.PENDING:
            continue
        indicator = indicators[appraisal.response_id]
        if deciding.get(appraisal.response_id) is appraisal and indicator.code in final.indicators:
            score = final.indicators[indicator.code]  # the same inputs, scored once
        else:
            score = memo.score(
                indicator, response_data(indicator, appraisal.values, appraisal.not_applicable)
            )
        appraisal_scores[appraisal.id] = _stored_points(score)

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


class _ColumnPreparer:
    """A column's ``get_db_prep_save``, done once per distinct value: a campaign's points,
    statuses and counts take few distinct values, and converting a Decimal for the database
    costs more than writing it (values that cannot be dictionary keys, such as JSON, are
    converted every time)."""

    def __init__(self, column, database):
        self.column, self.database = column, database
        self.prepared: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        try:
            return self.prepared[value]
        except KeyError:
            prepared = self.prepared[value] = self.column.get_db_prep_save(value, self.database)
            return prepared
        except TypeError:
            return self.column.get_db_prep_save(value, self.database)


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
    columns = [meta.get_field(name) for name in fields]
    prepare = [_ColumnPreparer(column, database) for column in columns]
    params = [
        [pk, *(preparer(value) for preparer, value in zip(prepare, values, strict=True))]
        for pk, *values in rows
    ]
    if database.vendor == "postgresql" and not any(
        isinstance(column, JSONField) for column in columns
    ):
        write, batch_size = _update_from_arrays, ARRAY_BATCH_SIZE
    else:
        write, batch_size = _update_per_row, BATCH_SIZE
    with database.cursor() as cursor:
        for start in range(0, len(params), batch_size):
            write(cursor, database, meta, columns, params[start : start + batch_size])
    return len(rows)


def _update_per_row(cursor, database, meta, columns, batch: list[list]) -> None:
    quote = database.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    cursor.executemany(sql, [[*values, pk] for pk, *values in batch])


def _update_from_arrays(cursor, database, meta, columns, batch: list[list]) -> None:
    """``UPDATE t SET c = v.c … FROM unnest(%s::type[], …) AS v (id, c, …)``: one statement
    and one join for the whole batch, each column sent as one array of its column's type."""
    quote = database.ops.quote_name
    names = [meta.pk.column, *(column.column for column in columns)]
    types = [meta.pk.rel_db_type(database), *(column.db_type(database) for column in columns)]
    assignments = ", ".join(f"{quote(name)} = v.{quote(name)}" for name in names[1:])
    arrays = ", ".join(f"%s::{kind}[]" for kind in types)
    table = quote(meta.db_table)
    sql = (
        f"UPDATE {table} SET {assignments} FROM unnest({arrays}) "
        f"AS v ({', '.join(quote(name) for name in names)}) "
        f"WHERE {table}.{quote(names[0])} = v.{quote(names[0])}"
    )
    cursor.execute(sql, [list(values) for values in zip(*batch, strict=True)])


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
