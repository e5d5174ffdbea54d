"""Reading YAML safely, with the line of every value kept for error messages.

PyYAML's safe loader is used to *compose* the document; this module then builds plain
Python data from the node tree itself, so that it can

* record the line of every mapping key and sequence item, by JSON path;
* reject duplicate keys (PyYAML silently keeps the last one);
* refuse documents whose aliases expand past a node budget (the "billion laughs" bomb).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

JsonPath = tuple[str | int, ...]
# Values reached again through aliases (*name). Real specs reuse a few blocks; the
# "billion laughs" bomb would expand to 9^9 values, and stops here early.
MAX_ALIAS_EXPANSION = 100_000
# Real specs nest five or six levels; PyYAML slows down quadratically with flow depth.
MAX_DEPTH = 64


class YamlError(ValueError):
    """A document that is not valid YAML, or that awscalc refuses to read."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    """Parsed YAML data, and the 1-based line of each JSON path in its text.

    The line map is only needed for an error message, so it is built from ``text`` on
    first use (a second parse, with every node's position), not for every document.
    """

    data: Any
    text: str = ""
    _lines: dict[JsonPath, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[JsonPath, int]:
        """JSON path → line of every mapping key and sequence item of ``text``."""
        if self._lines is None:
            try:
                self._lines = _load_with_lines(self.text)._lines or {}
            except YamlError:  # not reachable for text that parsed, but never fatal
                self._lines = {}
        return self._lines

    def line_of(self, path: JsonPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def format_path(path: JsonPath) -> str:
    """``('resources', 'dns', 'queries', 0)`` → ``$.resources.dns.queries[0]``."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}"
        else:
            text += f"[{part!r}]"
    return text


def load_yaml(text: str) -> Document:
    """Parse one YAML document from ``text`` into a :class:`Document`.

    Raises :class:`YamlError` (with the line where known) for malformed YAML, duplicate
    keys, non-string keys, nesting beyond :data:`MAX_DEPTH`, or alias expansion beyond
    :data:`MAX_ALIAS_EXPANSION`.

    Most specs are plain block and flow YAML: they are built straight from the parser's
    events (:func:`_load_plain`), without the node tree or a line map. Anything else —
    anchors, aliases, merge keys, explicit tags, and every error — takes the full path,
    which knows every node's line.
    """
    if not any(mark in text for mark in _UNUSUAL_MARKS):
        try:
            return Document(_load_plain(text), text)
        except Exception:  # the full path decides what is wrong, and says it
            pass
    return _load_with_lines(text)


def _load_with_lines(text: str) -> Document:
    """:func:`load_yaml` from PyYAML's node tree: slower, with aliases, merge keys, tags,
    the line of every value, and an exact error for anything malformed."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if "maximum nesting depth" in str(exc.problem):
            raise YamlError(f"the document is nested more than {MAX_DEPTH} levels deep",
                            line) from exc
        raise YamlError(f"invalid YAML: {_problem(exc)}", line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise YamlError("invalid YAML: the document is nested too deeply") from exc
    finally:
        loader.dispose()
    document = Document(data=None, text=text, _lines={})
    if node is None:
        return document
    builder = _Builder(loader, document)
    try:
        document.data = builder.build(node, ())
    except RecursionError as exc:
        raise YamlError("the document is nested too deeply", node.start_mark.line + 1) from exc
    return document


@functools.cache
def _loader_class() -> Any:
    """libyaml's safe loader where PyYAML has it (ten times faster on large specs; its
    parser refuses nesting past 1,000 levels itself), else PyYAML's pure-Python safe
    loader, refusing documents nested deeper than :data:`MAX_DEPTH` while composing."""
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        return yaml.CSafeLoader

    class DepthLimitedLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    mark = self.peek_event().start_mark
                    raise YamlError(f"the document is nested more than {MAX_DEPTH} levels deep",
                                    mark.line + 1)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return DepthLimitedLoader


def _problem(exc: Exception) -> str:
    """PyYAML's error in one line: the problem, its context, and where the context began."""
    problem = getattr(exc, "problem", None)
    if not problem:
        return str(exc).splitlines()[0] if str(exc) else "invalid YAML"
    context = getattr(exc, "context", None)
    if not context:
        return problem
    text = f"{problem} {context}"
    problem_mark, context_mark = exc.problem_mark, exc.context_mark  # type: ignore[attr-defined]
    if context_mark and problem_mark and context_mark.line != problem_mark.line:
        text += f" started on line {context_mark.line + 1}"
    return text


_STR_TAG = "tag:yaml.org,2002:str"


class _Builder:
    def __init__(self, loader: Any, document: Document) -> None:
        import yaml

        self.loader = loader
        self.document = document
        self.seen: set[int] = set()
        self.expanded = 0
        self.mapping_node, self.sequence_node = yaml.MappingNode, yaml.SequenceNode

    def build(self, node: Any, path: JsonPath) -> Any:
        import yaml

        if id(node) in self.seen:  # reached again through an alias
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise YamlError(f"aliases expand the document past {MAX_ALIAS_EXPANSION:,} "
                                "values (an alias bomb?)", node.start_mark.line + 1)
        else:
            self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise YamlError(f"the document is nested more than {MAX_DEPTH} levels deep",
                            node.start_mark.line + 1)
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, self.mapping_node):
            return self._mapping(node, path)
        if isinstance(node, self.sequence_node):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # most scalars: no constructor needed
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise YamlError(f"invalid value: {_problem(exc)}", node.start_mark.line + 1) from exc

    def _mapping(self, node: Any, path: JsonPath) -> dict[str, Any]:
        import yaml

        try:
            self.loader.flatten_mapping(node)  # resolves "<<" merge keys
        except yaml.YAMLError as exc:
            raise YamlError(f"invalid merge key: {_problem(exc)}",
                            node.start_mark.line + 1) from exc
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (key_node.value if key_node.tag == _STR_TAG
                   else self.loader.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise YamlError(f"{format_path(path)}: key {key!r} is not text", line)
            if key in result:
                first = self.document.lines.get((*path, key))
                raise YamlError(
                    f"{format_path((*path, key))}: duplicate key '{key}' "
                    f"(first defined on line {first})", line)
            self.document.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result


# Anchors, aliases, tags and merge keys need the full path; a text without these
# characters (anywhere, even in a comment) has none of them, so it is not parsed twice.
_UNUSUAL_MARKS = ("&", "*", "!", "<<")


class _Unusual(Exception):
    """The document needs :func:`_load_with_lines` (or is not valid)."""


_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                ("null", "bool", "int", "float", "timestamp")}


def _load_plain(text: str) -> Any:
    """The document's data built from parser events, for documents without anchors,
    aliases, merge keys, explicit tags, duplicate or non-text keys, or nesting past
    :data:`MAX_DEPTH`; raises :class:`_Unusual` (or a PyYAML error) for anything else.

    Returns exactly what :func:`_load_with_lines` would (tests compare the two).
    """
    import yaml
    from yaml import events

    loader = _loader_class()(text)
    try:
        get_event = loader.get_event
        implicit_resolvers = loader.yaml_implicit_resolvers
        get_event()  # stream start
        event = get_event()
        if type(event) is events.StreamEndEvent:
            return None
        # open containers, innermost last: [container, pending mapping key or _NO_KEY]
        stack: list[list[Any]] = []
        result: Any = _NO_KEY
        while True:
            event = get_event()
            kind = type(event)
            if kind is events.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = event.value
                if event.implicit[0] and (value[:1] in implicit_resolvers
                                          or None in implicit_resolvers):
                    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
                    if tag != _STR_TAG:
                        if tag not in _SCALAR_TAGS:  # a merge key "<<", "=" …
                            raise _Unusual
                        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark,
                                               event.style)
                        value = loader.yaml_constructors[tag](loader, node)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Unusual
                stack.append([{} if kind is events.MappingStartEvent else [], _NO_KEY])
                continue
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                value = stack.pop()[0]
            elif kind is events.DocumentEndEvent:
                if result is _NO_KEY or type(get_event()) is not events.StreamEndEvent:
                    raise _Unusual  # no value, or more than one document
                return result
            else:  # an alias
                raise _Unusual
            if not stack:
                result = value
                continue
            top = stack[-1]
            container = top[0]
            if type(container) is list:
                container.append(value)
            elif top[1] is _NO_KEY:
                if type(value) is not str or value in container:
                    raise _Unusual  # a key that is not text, or a duplicate
                top[1] = value
            else:
                container[top[1]] = value
                top[1] = _NO_KEY
    finally:
        loader.dispose()


_NO_KEY = object()
