"""kpitool: KPIs for Amazon seller teams, from the report files a seller downloads.

The library behind the command line::

    from kpitool import compute, load_config, read_folder

    result = compute(read_folder(Path("reports/2026-10")), load_config(None))
    print(result.to_dict())

Names are imported on first use (PEP 562), so ``import kpitool`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_API = {
    "compute": "kpitool.engine.compute",
    "compare": "kpitool.engine.compare",
    "read_folder": "kpitool.engine.scan",
    "inspect_folder": "kpitool.engine.scan",
    "load_config": "kpitool.config",
    "Config": "kpitool.config",
    "ComputeResult": "kpitool.results",
    "KpiResult": "kpitool.results",
    "Period": "kpitool.results",
    "Status": "kpitool.results",
    "CompareResult": "kpitool.results.compare",
    "render": "kpitool.render",
    "OutputFormat": "kpitool.render",
    "KpiToolError": "kpitool.errors",
}

__all__ = [
    "CompareResult",
    "ComputeResult",
    "Config",
    "KpiResult",
    "KpiToolError",
    "OutputFormat",
    "Period",
    "Status",
    "__version__",
    "compare",
    "compute",
    "inspect_folder",
    "load_config",
    "read_folder",
    "render",
]

if TYPE_CHECKING:
    from kpitool.config import Config, load_config
    from kpitool.engine.compare import compare
    from kpitool.engine.compute import compute
    from kpitool.engine.scan import inspect_folder, read_folder
    from kpitool.errors import KpiToolError
    from kpitool.render import OutputFormat, render
    from kpitool.results import ComputeResult, KpiResult, Period, Status
    from kpitool.results.compare import CompareResult


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kpitool' has no attribute {name!r}")
