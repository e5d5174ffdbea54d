"""Reading YAML safely, with the line of every value kept for error messages.

PyYAML's safe loader is used to *compose* the document; this module then builds plain
Python data from the node tree itself, so that it can

* record the line of every mapping key and sequence item, by JSON path;
* reject duplicate keys (PyYAML silently keeps the last one);
* refuse documents whose aliases expand past a node budget (the "billion laughs" bomb).

awscalc reads plain YAML only: one document of mappings, lists and scalars, keys that are
text, anchors and aliases (the rate cards share blocks with them). Tags (``!!binary``,
``!!python/object/apply:…``), merge keys (``<<``), several documents and control
characters are refused with the line where they are, so that nothing in a file is
silently ignored.

PyYAML's C parser (libyaml) and its pure-Python parser do not accept quite the same
language (tabs, ``?`` inside ``[ ]`` or ``{ }``, ``[a:]``…). A text containing any of the
characters involved is also read by the pure-Python parser, and by both where libyaml is
installed; it is accepted only if they agree (:func:`_check_portable`). So whether a file
parses does not depend on how PyYAML was built.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

JsonPath = tuple[str | int, ...]
# Values reached again through aliases (*name). Real specs reuse a few blocks; the
# "billion laughs" bomb would expand to 9^9 values, and stops here early.
MAX_ALIAS_EXPANSION = 100_000
# Real specs nest five or six levels; PyYAML slows down quadratically with flow depth.
MAX_DEPTH = 64
# The pure-Python parser reads about 0.5 MB a second: texts up to this size that need the
# portability check get it (a hand-written spec is a few kilobytes).
MAX_PORTABLE_CHECK = 1024 * 1024


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
    keys, non-string keys, tags, merge keys, more than one document, control characters,
    text the C and pure-Python parsers read differently, nesting beyond
    :data:`MAX_DEPTH`, or alias expansion beyond :data:`MAX_ALIAS_EXPANSION`.

    Most specs are plain block and flow YAML: they are built straight from the parser's
    events (:func:`_load_plain`), without the node tree or a line map. Anything else —
    anchors, aliases, merge keys, explicit tags, and every error — takes the full path,
    which knows every node's line.
    """
    _check_text(text)
    if not any(mark in text for mark in _UNUSUAL_MARKS):
        try:
            return Document(_load_plain(text), text)
        except Exception:  # the full path decides what is wrong, and says it
            pass
    return _load_with_lines(text)


def _check_text(text: str) -> None:
    """Refuse, before either path parses ``text``, control characters, a byte order mark
    past the start, and text the two PyYAML parsers read differently."""
    unreadable = _NON_PRINTABLE.search(text)
    if unreadable is not None:
        raise _control_character(text, unreadable)
    bom = text.find("\ufeff", 1)
    if bom != -1:  # libyaml and the pure-Python parser each read it their own way
        raise YamlError("a byte order mark (U+FEFF) is only allowed at the start of the text",
                        text.count("\n", 0, bom) + 1)
    if len(text) <= MAX_PORTABLE_CHECK and _NOT_PORTABLE.search(text) is not None:
        _check_portable(text)


def _load_with_lines(text: str) -> Document:
    """:func:`load_yaml` from PyYAML's node tree: slower, with aliases, merge keys, tags,
    the line of every value, and an exact error for anything malformed."""
    import yaml

    if "!" in text:
        _refuse_tags(text)
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from exc
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


def _yaml_error(exc: Exception, text: str) -> YamlError:
    """PyYAML's error ``exc`` about ``text`` as a one-line :class:`YamlError` with its line."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError) and "'\\t'" in str(exc.problem):
        return YamlError("invalid YAML: a tab where YAML expects spaces (indent and separate "
                         "with spaces)", exc.problem_mark.line + 1 if exc.problem_mark else None)
    if isinstance(exc, yaml.reader.ReaderError):
        found = _NON_PRINTABLE.search(text)
        if found is not None:
            return _control_character(text, found)
        return YamlError(f"invalid YAML: {exc.reason}")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlError(f"invalid YAML: {_problem(exc)}")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if "maximum nesting depth" in str(exc.problem):
        return YamlError(f"the document is nested more than {MAX_DEPTH} levels deep", line)
    if exc.context == "expected a single document in the stream":
        return YamlError("invalid YAML: a second document starts here; awscalc reads one "
                         "document a file (remove the '---' or '...' line)", line)
    return YamlError(f"invalid YAML: {_problem(exc)}", line)


def _control_character(text: str, found: re.Match[str]) -> YamlError:
    line = text.count("\n", 0, found.start()) + 1
    return YamlError(f"control character U+{ord(found.group()):04X} is not allowed (YAML "
                     "text holds no control characters but tabs and line breaks)", line)


# What YAML refuses to read (PyYAML's Reader.NON_PRINTABLE): C0 controls other than tab
# and line breaks, DEL, C1 controls other than NEL, surrogates and non-characters.
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010ffff]")


def _refuse_tags(text: str) -> None:
    """Raise a :class:`YamlError` at the first explicit tag (``!!binary``, ``!foo``,
    ``!!python/object/apply:…``) in ``text``; malformed YAML is left to the caller."""
    import yaml
    from yaml import events

    loader = _loader_class()(text)
    try:
        while True:
            event = loader.get_event()
            if type(event) is events.StreamEndEvent:
                return
            tag = getattr(event, "tag", None)
            if tag is not None and isinstance(event, events.NodeEvent):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise YamlError(f"invalid value: tag '{shown}' is not allowed: awscalc reads "
                                "plain YAML (write the value itself, quoted if it is text)",
                                event.start_mark.line + 1)
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


# Characters around which libyaml and the pure-Python parser disagree: tabs, "?" (a key
# indicator or not, in flow collections), a block scalar header followed by "#" ("|#"),
# and ":" right before a flow collection's "," "]" or "}". (Found by differential fuzzing;
# tests/test_yamlfile.py keeps fuzzing.)
_NOT_PORTABLE = re.compile(r"[\t?]|[|>][-+0-9]*#|:[,\]}]")
_TAB_INDENT = re.compile("\n *\t")


def _check_portable(text: str) -> None:
    """Raise a :class:`YamlError` unless PyYAML's pure-Python parser accepts ``text`` and
    — where libyaml is installed — libyaml reads it as the very same events.

    The constructs known to be refused by libyaml only — ``:`` directly before ``,``
    ``]`` or ``}`` in a flow collection (``{standard:}``), a tab at the start of a line
    of a ``|`` or ``>`` block — are refused by rule, with the same message in every build.
    """
    import yaml

    pure = _parse_events(text, yaml.SafeLoader)
    for event in pure:
        if type(event) is not yaml.ScalarEvent:
            continue
        start = event.start_mark.index
        if (event.value == "" and event.style is None and 0 < start <= len(text)
                and text[start - 1] == ":" and text[start:start + 1] in (",", "]", "}")):
            raise YamlError("invalid YAML: a ':' inside [ ] or { } must be followed by a space "
                            "or a value", event.start_mark.line + 1)
        if event.style in ("|", ">"):
            tab = _TAB_INDENT.search(text, start, event.end_mark.index)
            if tab is not None:
                raise YamlError("invalid YAML: a tab at the start of a line of a block "
                                "scalar (indent with spaces)",
                                text.count("\n", 0, tab.start()) + 2)
    if not getattr(yaml, "__with_libyaml__", False):
        return
    native = _parse_events(text, yaml.CSafeLoader)
    for pure_event, native_event in zip(pure, native, strict=False):
        if _event_key(pure_event) != _event_key(native_event):
            raise YamlError("libyaml and PyYAML's Python parser read this line differently "
                            "(quote the value; indent with spaces, not tabs)",
                            min(pure_event.start_mark.line, native_event.start_mark.line) + 1)
    if len(pure) != len(native):  # not reachable: both end with the stream's end
        raise YamlError("libyaml and PyYAML's Python parser read this text differently")


def _parse_events(text: str, loader_class: Any) -> list[Any]:
    """Every parser event of ``text``; a :class:`YamlError` for malformed YAML."""
    import yaml

    loader = loader_class(text)
    try:
        return _drain(loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from exc
    finally:
        loader.dispose()


def _drain(loader: Any) -> list[Any]:
    """Read events from ``loader`` up to the end of the stream."""
    from yaml import events

    found = []
    while True:
        event = loader.get_event()
        found.append(event)
        if type(event) is events.StreamEndEvent:
            return found


def _event_key(event: Any) -> tuple[Any, ...]:
    """What the two parsers must agree on: the event's kind, text, tag, anchor, style."""
    return (type(event), getattr(event, "value", None), getattr(event, "tag", None),
            getattr(event, "anchor", None), getattr(event, "style", None) or None,
            getattr(event, "implicit", None))


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
_MERGE_TAG = "tag:yaml.org,2002:merge"


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
        except (ValueError, OverflowError) as exc:  # a date such as 2024-02-30
            raise YamlError(f"invalid value {node.value!r}: {exc}",
                            node.start_mark.line + 1) from exc

    def _mapping(self, node: Any, path: JsonPath) -> dict[str, Any]:
        import yaml

        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                raise YamlError("invalid merge key: '<<' is not allowed: awscalc reads plain "
                                "YAML (repeat the keys)",
                                key_node.start_mark.line + 1)
        try:
            self.loader.flatten_mapping(node)  # makes a "=" key text
        except yaml.YAMLError as exc:
            raise YamlError(f"invalid YAML: {_problem(exc)}", node.start_mark.line + 1) from exc
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag != _STR_TAG:
                if isinstance(key_node, yaml.ScalarNode):
                    raise YamlError(f"{format_path(path)}: key {key_node.value or 'null'} is "
                                    "not text (quote it)", line)
                kind = "a mapping" if isinstance(key_node, self.mapping_node) else "a list"
                raise YamlError(f"{format_path(path)}: a key is {kind}, not text", line)
            key = key_node.value
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
