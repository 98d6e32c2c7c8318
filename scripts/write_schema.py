"""Write configs/kpitool.schema.json from the config models (run after changing config.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from kpitool.config import write_schema

if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parents[1] / "configs" / "kpitool.schema.json"
    )
    print(f"wrote {write_schema(target)}")
