"""Structured logs: one JSON object per line, for a log collector (LOG_FORMAT=json).

Every line has ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, the process id
(several app processes and workers write side by side), ``exception`` with the traceback when
there is one, and the record's extra fields (``logger.info(..., extra={"job_id": 7})``). A value
JSON cannot hold (a request object…) is written as its ``repr``.
"""

from __future__ import annotations

import datetime
import json
import logging

# The attributes every LogRecord has; anything else on a record was passed as ``extra``.
STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and not name.startswith("_"):
                entry.setdefault(name, value)
        return json.dumps(entry, ensure_ascii=False, default=repr)
