"""The custom-KPI formula parser: grammar, errors pointing at the token, security, Polars."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitool.kpis.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    Binary,
    FormulaError,
    Name,
    Num,
    Unary,
    names,
    parse,
    to_expr,
)


def shape(node: object) -> object:
    """The tree without columns, for comparisons."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Unary):
        return ("neg", shape(node.operand))
    assert isinstance(node, Binary)
    return (node.op, shape(node.left), shape(node.right))


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a + b * c", ("+", "a", ("*", "b", "c"))),
        ("a * b + c", ("+", ("*", "a", "b"), "c")),
        ("(a + b) * c", ("*", ("+", "a", "b"), "c")),
        ("a - b - c", ("-", ("-", "a", "b"), "c")),  # left-associative
        ("a / b / c", ("/", ("/", "a", "b"), "c")),
        ("-a * b", ("*", ("neg", "a"), "b")),
        ("a - -b", ("-", "a", ("neg", "b"))),
        ("--a", ("neg", ("neg", "a"))),
        ("ad_spend / units", ("/", "ad_spend", "units")),
        ("12 + 0.5 * .5", ("+", 12.0, ("*", 0.5, 0.5))),
        ("  sales\t-ad_sales ", ("-", "sales", "ad_sales")),
    ],
)
def test_parse_precedence(text: str, tree: object) -> None:
    assert shape(parse(text)) == tree


def test_names() -> None:
    assert names(parse("(ad_spend + x1) / units - 3 * ad_spend")) == {"ad_spend", "x1", "units"}
    assert names(parse("2 * 3")) == set()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ad_spend / / units", "\"ad_spend / / units\": unexpected '/' at column 12"),
        ("a +", '"a +": unexpected end of formula at column 4'),
        ("(a + b", '"(a + b": unexpected end of formula at column 7'),
        ("a + b)", "\"a + b)\": unexpected ')' at column 6"),
        ("a b", "\"a b\": unexpected 'b' at column 3"),
        ("a % b", "\"a % b\": unexpected '%' at column 3"),
        ("()", "\"()\": unexpected ')' at column 2"),
        ("9**9**9", "\"9**9**9\": unexpected '**' at column 2"),
        ("__import__('os')", "\"__import__('os')\": unexpected '_' at column 1"),
        ("os.system('x')", "\"os.system('x')\": unexpected '.' at column 3"),
        ("a.b", "\"a.b\": unexpected '.' at column 2"),
        ("lambda: 1", "\"lambda: 1\": unexpected ':' at column 7"),
        ("lambda x: x", "\"lambda x: x\": unexpected ':' at column 9"),
        ('"s"', "unexpected '\"' at column 1"),
        ("'s'", 'unexpected "\'" at column 1'),
        ("abs(a)", "\"abs(a)\": unexpected '(' at column 4"),
        ("a, b", "\"a, b\": unexpected ',' at column 2"),
        ("a[0]", "\"a[0]\": unexpected '[' at column 2"),
        ("1e5", "\"1e5\": unexpected 'e5' at column 2"),
        ("", "empty formula"),
        ("   ", "empty formula"),
    ],
)
def test_errors_point_at_the_token(text: str, message: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert message in str(info.value)


def test_limits() -> None:
    with pytest.raises(FormulaError, match="too long"):
        parse("a+" * (MAX_LENGTH // 2) + "a")
    with pytest.raises(FormulaError, match="nested too deeply"):
        parse("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(FormulaError, match="nested too deeply"):
        parse("-" * (MAX_DEPTH + 1) + "a")
    # just inside the limits is fine
    assert names(parse("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH)) == {"a"}


def evaluate(text: str, frame: dict[str, list[float | None]]) -> list[float | None]:
    expr = to_expr(parse(text), pl.col)
    return pl.DataFrame(frame).select(expr.alias("out"))["out"].to_list()


def test_to_expr_arithmetic() -> None:
    frame: dict[str, list[float | None]] = {"a": [2.0, 1.0], "b": [3.0, 4.0], "c": [4.0, 0.5]}
    # 2 + 3*4 = 14; 1 + 4*0.5 = 3
    assert evaluate("a + b * c", frame) == [14.0, 3.0]
    # (2+3)*4 = 20; (1+4)*0.5 = 2.5
    assert evaluate("(a + b) * c", frame) == [20.0, 2.5]
    # -2 - 3 = -5; -1 - 4 = -5
    assert evaluate("-a - b", frame) == [-5.0, -5.0]
    # 10 - -2 = 12; 10 - -1 = 11
    assert evaluate("10 - -a", frame) == [12.0, 11.0]


def test_division_by_zero_is_null() -> None:
    frame: dict[str, list[float | None]] = {"a": [6.0, 5.0, 0.0, 4.0], "b": [3.0, 0.0, 0.0, None]}
    # 6/3 = 2; 5/0 -> null; 0/0 -> null (not NaN); 4/null -> null
    assert evaluate("a / b", frame) == [2.0, None, None, None]
    assert evaluate("a / 0", frame) == [None, None, None, None]
    assert evaluate("a / (b - b)", frame) == [None, None, None, None]


def test_division_of_integer_columns_is_true_division() -> None:
    out = pl.DataFrame({"a": [7], "b": [2]}).select(to_expr(parse("a / b"), pl.col).alias("o"))
    assert out["o"].to_list() == [3.5]


# --- properties ------------------------------------------------------------------------------


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_formula_error(text: str) -> None:
    try:
        parse(text)
    except FormulaError as exc:
        assert str(exc).startswith('"') or "too long" in str(exc)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*"]), children)
    return st.one_of(
        binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"-{c}"),
    )


_FORMULAS = st.recursive(
    st.one_of(st.integers(0, 9).map(str), st.sampled_from(["a", "b"])), _combine, max_leaves=8
)


def _reference(text: str, env: dict[str, int]) -> int:
    """An independent integer evaluator for fully parenthesised formulas."""
    tokens = text.replace("(", " ( ").replace(")", " ) ").replace("-", " - ").split()
    pos = 0

    def atom() -> int:
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "-":
            return -atom()
        if tok == "(":
            left = atom()
            op = tokens[pos]
            pos += 1
            right = atom()
            pos += 1  # the ")"
            return {"+": left + right, "-": left - right, "*": left * right}[op]
        return env[tok] if tok in env else int(tok)

    return atom()


@given(_FORMULAS, st.integers(-9, 9), st.integers(-9, 9))
def test_formulas_match_an_independent_evaluator(text: str, a: int, b: int) -> None:
    # small integers: every intermediate value is exact in float64
    out = pl.DataFrame({"a": [a], "b": [b]}).select(to_expr(parse(text), pl.col).alias("o"))
    assert out["o"][0] == _reference(text, {"a": a, "b": b})


# ------------------------------------------------------------------ conditions (compute --where)

ROWS = {
    "clicks": [12, 3, 10, None, 40],
    "ad_orders": [0, 0, 2, 0, None],
    "acos": [None, 0.5, 0.2, 0.1, 0.3],
}


def _plain(row: dict[str, float | None], text: str) -> bool:
    """The conditions below, by hand, with SQL/Kleene nulls: a comparison with a null is
    unknown, and an unknown condition does not match."""
    c, o, a = row["clicks"], row["ad_orders"], row["acos"]
    ge10 = None if c is None else c >= 10
    no_order = None if o is None else o == 0
    cheap = None if a is None else a < 0.25

    def both(x: bool | None, y: bool | None) -> bool | None:
        return False if x is False or y is False else (None if x is None or y is None else True)

    def either(x: bool | None, y: bool | None) -> bool | None:
        return True if x is True or y is True else (None if x is None or y is None else False)

    def negate(x: bool | None) -> bool | None:
        return None if x is None else not x

    return {
        "clicks >= 10 and ad_orders == 0": both(ge10, no_order),
        "clicks >= 10 or acos < 0.25": either(ge10, cheap),
        "not (acos < 0.25) and clicks >= 10": both(negate(cheap), ge10),
        "(clicks + 0) * 2 >= 20 and not ad_orders != 0": both(ge10, negate(negate(no_order))),
    }[text] is True


@pytest.mark.parametrize(
    "text",
    [
        "clicks >= 10 and ad_orders == 0",
        "clicks >= 10 or acos < 0.25",
        "not (acos < 0.25) and clicks >= 10",
        "(clicks + 0) * 2 >= 20 and not ad_orders != 0",
    ],
)
def test_conditions_filter_as_a_plain_evaluation_does(text: str) -> None:
    from kpitool.kpis.formula import parse_condition

    df = pl.DataFrame(ROWS, schema={k: pl.Float64 for k in ROWS}).with_row_index()
    got = df.filter(to_expr(parse_condition(text), pl.col).fill_null(False))["index"].to_list()
    rows = [dict(zip(ROWS, values, strict=True)) for values in zip(*ROWS.values(), strict=True)]
    assert got == [i for i, row in enumerate(rows) if _plain(row, text)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clicks >= 10 and", "unexpected end of condition at column 17"),
        ("clicks = 1", "unexpected '=' at column 8 (compare with ==)"),
        ("acos", "a number where a condition is expected at column 1"),
        ("(clicks > 1) * 2 > 1", "a condition where a number is expected at column 9"),
        ("clicks > 1 < 2", "unexpected '<' at column 12"),
    ],
)
def test_condition_errors_point_at_the_token(text: str, message: str) -> None:
    from kpitool.kpis.formula import parse_condition

    with pytest.raises(FormulaError) as err:
        parse_condition(text)
    assert message in str(err.value)


def test_a_formula_has_no_comparisons_nor_keywords() -> None:
    with pytest.raises(FormulaError, match="unexpected '<' at column 8"):
        parse("clicks < 10")
    assert names(parse("and + or")) == {"and", "or"}  # ids in a formula, keywords in a --where
