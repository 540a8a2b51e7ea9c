"""When, and by which version of Math Hub, an output was made: the caption under every chart.

The date is ``SOURCE_DATE_EPOCH`` when it is set (so two builds of one commit
write the same bytes), otherwise today.
"""

from __future__ import annotations

import datetime
import os
from importlib.metadata import PackageNotFoundError, version

from .charts import ChartCaption

__all__ = ["build_date", "caption", "mathhub_version"]


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.date.today().isoformat()


def mathhub_version() -> str:
    try:
        return version("mathhub")
    except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
        return "unknown"


def caption(filters: str = "none", note: str = "") -> ChartCaption:
    return ChartCaption(build_date(), mathhub_version(), filters, note)
