"""Help text as sellers read it: ``Usage: kpitool compute [OPTIONS] FOLDER`` (Typer writes
required arguments as ``{FOLDER}``) and an argument's metavar without a type beside it (no
``BEFORE [AFTER] <list[Path]>``)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar is not None else super().display_type_rich(ctx)


class Command(TyperCommand):
    """A command whose usage line names its arguments plainly: FOLDER, [ID], BEFORE [AFTER]."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces
