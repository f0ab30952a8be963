"""The load plan: who the simulated users are and what they may type, written by the driver
(bench/load/run.py, which knows the database) and read by the locustfile (which does not).
Also what the locust process hands back: every request and every save sent, for the report
and the persistence check. Plain data, stored as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Answer:
    """One way to answer an indicator: what a Vietnamese user types in each input field
    (``typed``: "7,5", "yes", a choice value), and what the platform stores from it
    (``stored``: "7.5", …). ``inputs`` lists every input field of the indicator, in order."""

    inputs: list[str]
    typed: dict[str, str]
    stored: dict[str, str]
    not_applicable: bool = False


@dataclass
class AgencyAccount:
    username: str
    assessment: int


@dataclass
class AppraiserAccount:
    username: str
    department: str
    campaign: int
    agencies: list[str]  # the agencies this appraiser works on (codes), shared with nobody else


@dataclass
class LoadPlan:
    password: str
    agency_users: list[AgencyAccount]
    appraisers: list[AppraiserAccount]
    # Indicator code → the answers a user may type (any of them scores without error).
    answers: dict[str, list[Answer]]
    # Indicator code → the answers an appraiser may adjust to (scored ones).
    adjustments: dict[str, list[Answer]]
    think_min: float = 1.0
    think_max: float = 5.0
    upload_share: float = 0.25
    adjust_share: float = 0.3

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1))

    @classmethod
    def read(cls, path: Path) -> LoadPlan:
        data = json.loads(path.read_text())

        def answers(mapping):
            return {code: [Answer(**item) for item in items] for code, items in mapping.items()}

        return cls(
            **{
                **data,
                "agency_users": [AgencyAccount(**item) for item in data["agency_users"]],
                "appraisers": [AppraiserAccount(**item) for item in data["appraisers"]],
                "answers": answers(data["answers"]),
                "adjustments": answers(data["adjustments"]),
            }
        )


# --- What the simulated users sent ---------------------------------------------------------

RESPONSE, EVIDENCE, DECISION = "response", "evidence", "decision"


@dataclass
class SentSave:
    """One save a simulated user sent, and whether the platform acknowledged it.

    ``kind`` RESPONSE: the indicator form of ``assessment`` / ``indicator``, with ``values``
    (as the platform stores them), ``not_applicable`` and ``note`` (unique per save).
    ``kind`` EVIDENCE: a file ``file_name`` with ``sha256`` and the unique ``title``.
    ``kind`` DECISION: the decision form of ``appraisal`` opened at ``expected_version``,
    ``decision`` with ``values`` and ``reason`` (unique per adjustment).
    """

    kind: str
    username: str
    acknowledged: bool
    assessment: int | None = None
    indicator: str = ""
    values: dict[str, str] = field(default_factory=dict)
    not_applicable: bool = False
    note: str = ""
    title: str = ""
    file_name: str = ""
    sha256: str = ""
    appraisal: int | None = None
    expected_version: int | None = None
    decision: str = ""
    reason: str = ""


@dataclass
class Sample:
    """One request: its type (see ``report.REQUEST_TYPES``), time, error (None when fine) and
    when it ended (epoch seconds)."""

    name: str
    milliseconds: float
    error: str | None = None
    at: float = 0.0


@dataclass
class RunOutcome:
    """What the locust process hands back (times in epoch seconds): when the first user
    started, when the last one had signed in (the measured window starts), when the load
    stopped, every request and every save sent."""

    started: float
    measured_from: float
    stopped: float
    samples: list[Sample]
    saves: list[SentSave]

    def ramp_up(self) -> list[Sample]:
        """The requests of the sign-in ramp (every user signing in), before the window."""
        return [sample for sample in self.samples if sample.at < self.measured_from]

    def measured(self) -> list[Sample]:
        return [sample for sample in self.samples if sample.at >= self.measured_from]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False))

    @classmethod
    def read(cls, path: Path) -> RunOutcome:
        data = json.loads(path.read_text())
        return cls(
            started=data["started"],
            measured_from=data["measured_from"],
            stopped=data["stopped"],
            samples=[Sample(**item) for item in data["samples"]],
            saves=[SentSave(**item) for item in data["saves"]],
        )
