"""A breakdown's results as one Polars frame (issue 14): a row per group, a column per KPI.

What is the same for every group (a KPI's unit, coverage, partial flag, whether it is additive)
is said once per KPI (:class:`KpiColumn`); what differs is a column of :attr:`GroupTable.values`.
The long layout of the JSON and CSV contract (a row per group and KPI) is derived from it with
Polars expressions (:meth:`GroupTable.long`), never a Python object per group and KPI.
Targets apply to owner and team breakdowns only (kpis.md "Targets"): their applied targets,
statuses and attainments are a small long frame, :attr:`GroupTable.targets`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from kpitool.results.period import DIGITS, Coverage

#: the per-group list of SKUs sold without a unit cost (cost-based profit KPIs)
MISSING_COSTS = "__missing_costs"

#: the columns of the long layout after the group dimensions, in order, with their types
LONG_SCHEMA: dict[str, pl.DataType] = {
    "kpi": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "target_min": pl.Float64(),
    "target_max": pl.Float64(),
    "target_warn_within": pl.Float64(),
    "status": pl.String(),
    "attainment": pl.Float64(),
    "partial": pl.Boolean(),
    "coverage_days": pl.Int64(),
    "coverage_of": pl.Int64(),
    "projected": pl.Float64(),
    "additive": pl.Boolean(),
    "missing_costs": pl.List(pl.String()),
}
LONG_COLUMNS = tuple(LONG_SCHEMA)
#: a group's targets of a KPI (GroupTable.targets, after its dimensions)
TARGET_COLUMNS = ("kpi", "target_min", "target_max", "target_warn_within", "status", "attainment")


@dataclass(frozen=True)
class View:
    """What a breakdown lists (``compute --kpis/--where/--sort/--top``)."""

    kpis: tuple[str, ...] = ()  # these KPIs only, in this order (default: all it can carry)
    where: str | None = None  # a condition on the KPIs of a group (kpis/formula.py)
    sort: str | None = None  # ``KPI`` (largest first) or ``KPI:asc``
    top: int | None = None  # the first N groups after sorting

    @property
    def ranked(self) -> bool:
        return self.where is not None or self.sort is not None or self.top is not None


@dataclass(frozen=True)
class KpiColumn:
    """One KPI of a breakdown: what does not change from group to group."""

    kpi: str
    unit: str
    coverage: Coverage | None  # None: a result built by hand
    additive: bool
    partial: bool  # some inputs missing (coverage, an ad type, a partial report)
    partial_uncosted: bool  # the same for a group that sold SKUs without a unit cost
    costed: bool  # a cost-based profit KPI: each group lists its SKUs without a unit cost


@dataclass
class GroupTable:
    """A breakdown: ``values`` holds the group dimensions (text labels), one Float64 column
    per KPI of ``columns`` (null: no data) and :data:`MISSING_COSTS`, a row per group in
    the order listed (by label, or ``--sort``)."""

    dims: list[str]
    columns: list[KpiColumn]
    values: pl.DataFrame
    #: owner and team breakdowns: dims, kpi, target_min, target_max, target_warn_within,
    #: status, attainment for the (group, KPI) pairs with a target; None otherwise
    targets: pl.DataFrame | None = None
    #: the KPIs of the wide layout (table, Markdown, ``--layout wide``), in order
    wide_kpis: list[str] = field(default_factory=list)
    #: the groups before ``--where`` and ``--top``, and those ``--where`` keeps
    groups_before: int = 0
    groups_matched: int = 0
    view: View = field(default_factory=View)

    @property
    def kpis(self) -> list[str]:
        return [c.kpi for c in self.columns]

    def column(self, kpi: str) -> KpiColumn | None:
        return next((c for c in self.columns if c.kpi == kpi), None)

    def has_values(self, kpi: str) -> bool:
        """Some group has a value of ``kpi``."""
        return kpi in self.kpis and self.values.get_column(kpi).is_not_null().any()

    def by_label(self, kpi: str) -> dict[str, float | None]:
        """Each group's value of ``kpi`` by its label (the dimensions joined by `` / ``)."""
        labels = self.values.select(pl.concat_str(self.dims, separator=" / ")).to_series()
        return dict(zip(labels.to_list(), self.values.get_column(kpi).to_list(), strict=True))

    def wide(self, kpis: list[str] | None = None) -> pl.DataFrame:
        """A row per group: the dimensions and the value of each KPI of ``kpis`` (default:
        every KPI listed)."""
        return self.values.select(*self.dims, *(self.kpis if kpis is None else kpis))

    def long(self, offset: int = 0, length: int | None = None) -> pl.DataFrame:
        """A row per group and KPI (groups in order, each group's KPIs in order), with the
        columns :data:`LONG_COLUMNS` after the dimensions; of the ``length`` groups from
        ``offset`` (a writer takes them a slice at a time)."""
        cols = self.columns
        if not cols:
            return empty_long(self.dims)
        # each group's values become len(cols) rows in the order of cols: row r is of cols[r %
        # len(cols)], whose id and facts are gathered by that position (looking each row's id
        # up by its text cost 0.3 s more at 200k groups)
        df = (
            self.values.slice(offset, length)
            .select(
                *self.dims,
                pl.concat_list([pl.col(c.kpi).cast(pl.Float64) for c in cols]).alias("value"),
                pl.col(MISSING_COSTS),
            )
            .explode("value")
            .with_columns((pl.int_range(pl.len(), dtype=pl.UInt32) % len(cols)).alias(_AT))
        )

        def meta(values: list[object], dtype: pl.DataType) -> pl.Expr:
            """Each row's fact of cols[its position], of ``values`` (one per column)."""
            return pl.lit(pl.Series(values, dtype=dtype)).gather(pl.col(_AT))

        uncosted = pl.col(MISSING_COSTS).list.len().fill_null(0) > 0
        days = meta([c.coverage and c.coverage.days for c in cols], pl.Int64())
        of = meta([c.coverage and c.coverage.period.days for c in cols], pl.Int64())
        additive = meta([c.additive for c in cols], pl.Boolean())
        costed = meta([c.costed for c in cols], pl.Boolean())
        value = pl.col("value")
        projected = pl.when(additive & (days > 0) & value.is_not_null()).then(
            tidy(value * of.cast(pl.Float64) / days.cast(pl.Float64))
        )
        df = df.with_columns(
            meta([c.kpi for c in cols], pl.String()).alias("kpi"),
            meta([c.unit for c in cols], pl.String()).alias("unit"),
            pl.when(uncosted)
            .then(meta([c.partial_uncosted for c in cols], pl.Boolean()))
            .otherwise(meta([c.partial for c in cols], pl.Boolean()))
            .alias("partial"),
            days.alias("coverage_days"),
            of.alias("coverage_of"),
            projected.alias("projected"),
            additive.alias("additive"),
            pl.when(costed)
            .then(pl.col(MISSING_COSTS).fill_null(pl.lit([], dtype=pl.List(pl.String))))
            .alias("missing_costs"),
        )
        if self.targets is not None and self.targets.height:
            df = df.join(self.targets, on=[*self.dims, "kpi"], how="left", maintain_order="left")
        else:
            df = df.with_columns(
                pl.lit(None, dtype=LONG_SCHEMA[c]).alias(c) for c in TARGET_COLUMNS[1:]
            )
        df = df.with_columns(pl.col("status").fill_null("no_target"))
        return df.select(*self.dims, *LONG_COLUMNS)


#: a long row's position among its group's KPIs (``GroupTable.long``)
_AT = "__kpi_at"


def tidy(expr: pl.Expr) -> pl.Expr:
    """A KPI value as results show it: null for no data, NaN or infinity; else rounded to 9
    decimals and 15 significant digits (no float noise such as 43850.61000000002)."""
    value = expr.cast(pl.Float64)
    return pl.when(value.is_finite()).then(value.round(DIGITS).round_sig_figs(15))


def empty_long(dims: list[str]) -> pl.DataFrame:
    return pl.DataFrame(schema={**_dim_schema(dims), **LONG_SCHEMA})


def target_schema(dims: list[str]) -> dict[str, pl.DataType]:
    """The schema of ``GroupTable.targets``: the dimensions, then :data:`TARGET_COLUMNS`."""
    return {**_dim_schema(dims), **{c: LONG_SCHEMA[c] for c in TARGET_COLUMNS}}


def _dim_schema(dims: list[str]) -> dict[str, pl.DataType]:
    return {d: pl.String() for d in dims}


def target_row(
    group: dict[str, str],
    kpi: str,
    target: dict[str, float] | None,
    status: object,
    attainment: float | None,
) -> dict[str, object]:
    """A row of ``GroupTable.targets``: a group's KPI against the target applied to it."""
    t = target or {}
    return {
        **group,
        "kpi": kpi,
        "target_min": t.get("min"),
        "target_max": t.get("max"),
        "target_warn_within": t.get("warn_within"),
        "status": str(status),
        "attainment": attainment,
    }
