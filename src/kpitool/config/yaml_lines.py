"""The config file's YAML: safe loading that knows the line of every key.

- YAML is read with a :class:`yaml.SafeLoader` subclass (no Python tags, nothing beyond
  ``yaml.safe_load``). It records the line of every mapping key and sequence item so an error
  at ``targets.acos.max`` names the line of ``max:``; it rejects duplicate keys (naming both
  lines); and it refuses alias bombs: more than :data:`MAX_ALIASES` aliases, or more than
  :data:`MAX_NODES` nodes once aliases are expanded, is an error raised before anything is
  built (a "billion laughs" file fails in milliseconds). Merge keys (``<<: *defaults``) work.

Only :func:`kpitool.config.parse_config` imports this module, so a run without a config file
does not import ``yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kpitool.errors import ConfigError

MAX_ALIASES = 500
MAX_NODES = 100_000
#: mappings and lists nested deeper than this are refused (a config needs four or five levels;
#: hundreds would exhaust the recursion of the YAML parser)
MAX_DEPTH = 50

_MERGE_TAG = "tag:yaml.org,2002:merge"
#: libyaml's parser when PyYAML was built with it, else PyYAML's own (the same events)
try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML without libyaml

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _ConfigYamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LineLoader(
    _Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """A SafeLoader that limits aliases and records where each key is, refusing duplicates.

    The text is scanned and parsed by libyaml where PyYAML has it (``CParser``: a 1 MB
    config of 10,000 owners takes ~0.7 s, not ~12 s), and composed by PyYAML's own
    composer, whose ``compose_node`` is hooked below."""

    get_single_node = yaml.composer.Composer.get_single_node

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._aliases = 0
        self.key_lines: dict[tuple[str, ...], int] = {}
        self.duplicate_keys: list[tuple[int, str]] = []
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                line = self._line()
                raise _ConfigYamlError(
                    line, f"nested more than {MAX_DEPTH} levels deep; a config needs a few"
                )
            return self._compose_node(parent, index)
        finally:
            self._depth -= 1

    def _line(self) -> int:
        """The 1-based line of the next event."""
        event: Any = self.peek_event()
        return int(event.start_mark.line) + 1

    def _compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                line = self._line()
                raise _ConfigYamlError(
                    line, f"more than {MAX_ALIASES} YAML aliases (*name); refusing to expand them"
                )
        return super().compose_node(parent, index)

    def _walk(self, node: yaml.Node, path: tuple[str, ...], override: bool = True) -> None:
        """Record the line of each key and item under ``path``; collect duplicate keys."""
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _ConfigYamlError(
                node.start_mark.line + 1,
                f"more than {MAX_NODES} values once YAML aliases are expanded "
                "(an alias bomb?); refusing to load",
            )
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            merges: list[yaml.Node] = []
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    merges.append(value_node)
                    continue
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.duplicate_keys.append(
                        (line, f"duplicate key {key!r} (lines {seen[key]} and {line})")
                    )
                seen[key] = line
                self._record((*path, key), line, override)
                self._walk(value_node, (*path, key), override)
            for merged in merges:
                sources = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
                for source in sources:
                    self._walk(source, path, override=False)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._record((*path, str(i)), item.start_mark.line + 1, override)
                self._walk(item, (*path, str(i)), override)

    def _record(self, path: tuple[str, ...], line: int, override: bool) -> None:
        if override:
            self.key_lines[path] = line
        else:
            self.key_lines.setdefault(path, line)


def _load_yaml(text: str) -> tuple[Any, dict[tuple[str, ...], int], list[tuple[int, str]]]:
    loader = LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        loader._walk(node, ())
        if loader.duplicate_keys:
            return None, loader.key_lines, loader.duplicate_keys
        data = loader.construct_document(node)
        return data, loader.key_lines, []
    finally:
        loader.dispose()


def load_yaml(text: str, path: Path) -> tuple[Any, dict[tuple[str, ...], int]]:
    """The data in ``text`` and the line of each key path (``("targets", "acos")`` -> 3).

    Raises :class:`ConfigError` (``file:line: message``) for a YAML error or duplicate keys.
    """
    try:
        data, lines, duplicates = _load_yaml(text)
    except _ConfigYamlError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
            # safe loading: a !!python/... (or any unknown) tag is refused, never run
            raise ConfigError(
                f"{path}:{line}: YAML syntax error: {what}; tags such as !!python/... are not "
                "allowed in a config, write plain values"
            ) from None
        raise ConfigError(f"{path}:{line}: YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}:1: YAML syntax error: {exc}") from None
    if duplicates:
        raise ConfigError("\n".join(f"{path}:{line}: {msg}" for line, msg in duplicates))
    return data, lines
