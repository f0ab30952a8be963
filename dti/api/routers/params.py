"""Path parameters shared by the routers, with the bounds the database can hold."""

from typing import Annotated

from ninja import Path

# Largest primary key of a 64-bit integer column: larger numbers cannot name a row.
MAX_ID = 2**63 - 1
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
AgencyCode = Annotated[str, Path(max_length=32, pattern=CODE_PATTERN, examples=["SYT"])]
IndicatorCode = Annotated[str, Path(max_length=16, pattern=CODE_PATTERN, examples=["1.2"])]
