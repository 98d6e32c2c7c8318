"""The JSON contract of `kpitool inspect --format json` (``schema_version`` 1)."""

from __future__ import annotations

from typing import Any

from kpitool.io.model import Scan
from kpitool.results.compute import SCHEMA_VERSION


def inspect_dict(scan: Scan) -> dict[str, Any]:
    """The JSON contract of `kpitool inspect --format json`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "inspect",
        "files": [
            {
                "path": str(r.path),
                "kind": str(r.kind),
                "rows": r.rows,
                "rows_used": r.rows_used,
                "dropped": sum(r.dropped.values()),
                "dropped_reasons": r.dropped,
                "start": r.start.isoformat() if r.start else None,
                "end": r.end.isoformat() if r.end else None,
                "currency": r.currency,
                "marketplace": r.marketplace,
                "ad_type": r.ad_type,
                "attribution_days": r.attribution_days,
                "grain": r.grain,
                "warnings": r.warnings,
            }
            for r in scan.reports
        ],
        "skipped": [{"path": str(s.path), "reason": s.reason} for s in scan.skipped],
        "errors": [{"path": str(e.path), "message": e.message} for e in scan.errors],
        "warnings": scan.warnings,
    }
