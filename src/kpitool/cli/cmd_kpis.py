"""`kpitool kpis [ID]`: the KPI glossary, from the catalogue (and the config's custom KPIs)."""

from __future__ import annotations

import difflib
import sys
from enum import StrEnum
from typing import Annotated

import typer

from kpitool.cli.options import ConfigOption, complete_kpi


class KpisFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def kpis(
    kpi: Annotated[
        str | None,
        typer.Argument(
            help="One KPI id to explain, e.g. acos.", metavar="ID", autocompletion=complete_kpi
        ),
    ] = None,
    format: Annotated[
        KpisFormat, typer.Option("--format", "-f", help="Output format.")
    ] = KpisFormat.table,
    config: ConfigOption = None,
) -> None:
    """List every KPI (id, formula, unit, direction, the reports it reads), or explain one."""
    from kpitool.cli.emit import stdout
    from kpitool.config import load_config
    from kpitool.engine.kpi_coverage import kpi_families
    from kpitool.kpis.glossary import entry, glossary
    from kpitool.render.kpis import draw_kpis, render_kpis_json, render_kpis_markdown

    cfg = load_config(config)
    families = kpi_families(cfg)
    entries = glossary() + [entry(cfg.kpi_meta(c), families[c]) for c in cfg.kpis]
    if kpi is not None:
        found = [e for e in entries if e.id == kpi]
        if not found:
            close = difflib.get_close_matches(kpi, [e.id for e in entries], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise typer.BadParameter(
                f"unknown KPI id {kpi!r}{hint}; `kpitool kpis` lists them", param_hint="ID"
            )
        entries = found
    if format is KpisFormat.json:
        sys.stdout.write(render_kpis_json(entries))
    elif format is KpisFormat.markdown:
        sys.stdout.write(render_kpis_markdown(entries))
    else:
        draw_kpis(entries, stdout())
