"""Read scenarios from YAML files, text or mappings, and the built-in scenarios.

Reading is safe and bounded: YAML is loaded with PyYAML's safe loader (no Python objects are
constructed), duplicate keys are refused with their line, nesting depth and the number of nodes
after expanding aliases are bounded, files above a size limit, binary files, text that is not
UTF-8 and anything that is not a regular file (a directory, a FIFO) are refused with one line
each (limits in :mod:`opendome.scenario.limits`).

A scenario may ``extends:`` another one, a built-in name or a file relative to the extending
file, and override parts of it (:func:`merge_scenarios` states the merge rule).
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from opendome.catalog import Catalog, CatalogDataError, load_catalog
from opendome.scenario import limits
from opendome.scenario.errors import ScenarioError, format_validation_error
from opendome.scenario.models import Scenario

DEFAULT_SCENARIO = "golden-dome-limited"


class _YamlProblem(Exception):
    """A problem found while reading YAML, with its line (1-based) if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing duplicate keys and nesting deeper than the limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102
        self._depth += 1
        try:
            if self._depth > limits.MAX_NESTING:
                mark = self.peek_event().start_mark
                raise _YamlProblem(f"nested more than {limits.MAX_NESTING} levels deep; a "
                                   "scenario needs a handful, check the brackets and indentation",
                                   mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: D102
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and \
                        key_node.tag != "tag:yaml.org,2002:merge":
                    key = self.construct_object(key_node, deep=True)
                    line = key_node.start_mark.line + 1
                    if key in seen:
                        raise _YamlProblem(f"duplicate key '{key}' (first at line {seen[key]}); "
                                           "keep one of them", line)
                    seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _check_graph(root: Any) -> None:
    """Refuse alias cycles, alias expansion beyond the node limit or the nesting limit.

    Iterative, with the size and depth of each node memoized, so shared sub-trees cost once.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > limits.MAX_NODES:
                raise _YamlProblem(f"expands to more than {limits.MAX_NODES:,} values (through "
                                   "aliases '*name'); write the scenario out without repeating "
                                   "aliases", node.start_mark.line + 1)
            if depth[key] > limits.MAX_NESTING:
                raise _YamlProblem(f"nested more than {limits.MAX_NESTING} levels deep (through "
                                   "aliases '*name')", node.start_mark.line + 1)
            continue
        if key in size:
            continue
        if key in on_path:
            raise _YamlProblem("an alias refers to a value that contains it (a cycle); remove "
                               "the recursive alias", node.start_mark.line + 1)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


def parse_yaml(text: str, source: str = "scenario") -> Any:
    """Parse YAML text safely into plain data; raise ScenarioError (one line) if it is not.

    Safe loader (plain data only), duplicate keys refused, bounded nesting and alias expansion.
    """
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)  # the reader checks characters here already
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node)
        return loader.construct_document(node)
    except _YamlProblem as exc:
        where = f"line {exc.line}" if exc.line else "(file)"
        raise ScenarioError([f"{where}: {exc.message}"], source) from None
    except yaml.reader.ReaderError as exc:
        raise ScenarioError([f"(file): character U+{exc.character:04X} at position {exc.position} "
                             "is not allowed in YAML text; remove it"], source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, yaml.constructor.ConstructorError) and "for the tag" in problem:
            tag = problem.rsplit("tag ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
            raise ScenarioError([f"{where}: the YAML tag {tag} is not allowed (a scenario holds "
                                 "plain data: mappings, lists, text, numbers); remove it"],
                                source) from None
        raise ScenarioError(
            [f"{where}: not valid YAML: {problem}; check indentation and quoting"], source
        ) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise ScenarioError([f"(file): nested too deeply (limit {limits.MAX_NESTING})"],
                            source) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_text_file(path: str | Path, what: str = "scenario") -> str:
    """Read a small UTF-8 text file; raise ScenarioError with one line if it is not one.

    Refused: a missing path, a directory, anything but a regular file (a FIFO would block),
    more than ``limits.MAX_FILE_BYTES``, binary content, UTF-16/32 and other non-UTF-8 text.
    """
    p = Path(path)
    src = str(p)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ScenarioError([f"(file): no such file '{p}'"], src) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        why = getattr(exc, "strerror", None) or str(exc)
        raise ScenarioError([f"(file): cannot read '{p}': {why}"], src) from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError([f"(file): '{p}' is a directory; give a {what} YAML file"], src)
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        raise ScenarioError([f"(file): '{p}' is {kind}; give a {what} YAML file"], src)
    limit = limits.MAX_FILE_BYTES
    if st.st_size > limit:
        raise ScenarioError([f"(file): {st.st_size:,} bytes, above the {limit:,}-byte limit of a "
                             f"{what} file; a {what} is a short YAML text"], src)
    try:
        with open(p, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise ScenarioError([f"(file): cannot read '{p}': {exc.strerror}"], src) from None
    if len(raw) > limit:
        raise ScenarioError([f"(file): above the {limit:,}-byte limit of a {what} file"], src)
    return decode_text(raw, src, what)


def decode_text(raw: bytes, source: str, what: str = "scenario") -> str:
    """Decode file bytes as UTF-8 (a UTF-8 byte-order mark is allowed); one line if not."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if raw.startswith(bom):
            raise ScenarioError([f"(file): {name} text; save the {what} as UTF-8"], source)
    if b"\x00" in raw:
        hint = ("it looks like UTF-16 text; save it as UTF-8" if raw[1:2] == b"\x00"
                or raw[:1] == b"\x00" else f"a {what} is a YAML text file")
        raise ScenarioError([f"(file): binary content (NUL bytes); {hint}"], source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [f"(file): not UTF-8 text (byte {exc.start}: {raw[exc.start]:#04x}); save the {what} "
             "as UTF-8 (Latin-1 or Windows-1252 files must be converted)"], source) from None


# ---------------------------------------------------------------- extends and merging

def merge_scenarios(base: Any, override: Any, path: str = "") -> Any:
    """Merge an extending scenario's mapping ``override`` onto ``base`` (both plain data).

    The rule:

    * mappings merge key by key, recursively; a key set to ``null`` removes it from the base
      (``constellation: null`` before giving an ``inventory``);
    * a list whose items are all mappings with a ``name`` (layers, sensors, named salvos) merges
      by name: an item whose name is in the base list merges into that item, in its place; an
      item with a new name is appended; ``{name: X, remove: true}`` removes item X;
    * any other list (sites, shells, sources, unnamed salvos) and any other value replaces the
      base's whole.
    """
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            where = f"{path}.{key}" if path else str(key)
            if value is None:
                out.pop(key, None)
            elif key in out:
                out[key] = merge_scenarios(out[key], value, where)
            else:
                out[key] = value
        return out
    if isinstance(base, list) and isinstance(override, list) and override and all(
            isinstance(item, dict) and isinstance(item.get("name"), str) for item in override):
        merged = list(base)
        for item in override:
            name = item["name"]
            at = next((i for i, b in enumerate(merged)
                       if isinstance(b, dict) and b.get("name") == name), None)
            if item.get("remove") is True:
                if at is None:
                    names = [b.get("name") for b in merged if isinstance(b, dict)]
                    raise ScenarioError([f"{path}: remove: no item named '{name}' in the "
                                         f"extended scenario; names there: {names}"])
                del merged[at]
            elif at is None:
                merged.append(item)
            else:
                merged[at] = merge_scenarios(merged[at], item, f"{path}[name={name}]")
        return merged
    return override


def _builtin_text(name: str) -> str:
    return resources.files("opendome.scenario").joinpath("builtin", f"{name}.yaml").read_text(
        "utf-8")


def _exists(path: Path) -> bool:
    """Return whether ``path`` exists; False for names the system cannot even look up."""
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long, a NUL byte
        return False


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def resolve_extends(data: Any, source: str, base_dir: Path | None,
                    chain: tuple[str, ...] = ()) -> Any:
    """Return ``data`` with its ``extends:`` chain merged in (plain data, not validated).

    ``extends`` names a file (relative to ``base_dir``, the extending file's folder) if one
    exists there, else a built-in scenario (only built-ins when ``base_dir`` is None). Cycles
    and chains longer than ``limits.MAX_EXTENDS_DEPTH`` are refused.
    """
    if not isinstance(data, dict) or "extends" not in data:
        return data
    chain = chain or (source,)
    ref = data["extends"]
    if not isinstance(ref, str) or not ref.strip():
        raise ScenarioError([f"extends: give a built-in scenario name or a YAML file path, got "
                             f"{ref!r}"], source)
    ref = ref.strip()
    candidate = (base_dir / ref) if base_dir is not None else None
    names = builtin_names()
    if candidate is not None and _exists(candidate):
        ident = str(candidate.resolve())
        parent_source, parent_dir = str(candidate), candidate.parent
        text = read_text_file(candidate)
    elif ref in names:
        ident = parent_source = f"builtin:{ref}"
        parent_dir = None
        text = _builtin_text(ref)
    else:
        shown = repr(ref[:80] + ("..." if len(ref) > 80 else ""))
        where = (f"no file {shown} relative to {base_dir}, nor a built-in scenario of that name"
                 if base_dir is not None else f"no built-in scenario {shown} (files can be "
                 "extended only by a scenario read from a file)")
        raise ScenarioError([f"extends: {where}; {_did_you_mean(ref, names)}built-ins: "
                             f"{', '.join(names)}"], source)
    if ident in chain:
        cycle = " -> ".join((*chain, ident))
        raise ScenarioError([f"extends: cycle {cycle}; a scenario cannot extend itself"], source)
    if len(chain) > limits.MAX_EXTENDS_DEPTH:
        raise ScenarioError([f"extends: more than {limits.MAX_EXTENDS_DEPTH} scenarios deep; "
                             "flatten the chain"], source)
    parent = parse_yaml(text, parent_source)
    if not isinstance(parent, dict):
        raise ScenarioError(["(top level): the extended scenario is not a mapping"],
                            parent_source)
    parent = resolve_extends(parent, parent_source, parent_dir, (*chain, ident))
    child = {k: v for k, v in data.items() if k != "extends"}
    try:
        return merge_scenarios(parent, child)
    except ScenarioError as exc:
        raise ScenarioError(exc.problems, source) from None


# ---------------------------------------------------------------- entry points

def scenario_from_mapping(data: Any, source: str = "scenario", *,
                          base_dir: str | Path | None = None,
                          catalog: Catalog | None = None) -> Scenario:
    """Validate a mapping (as read from YAML) into a :class:`Scenario`; raise ScenarioError.

    ``extends:`` is resolved first: a built-in name, or a file relative to ``base_dir``
    (without ``base_dir``, built-in names only: text from elsewhere, e.g. a web request, cannot
    make the loader read local files). ``catalog``: the catalog to validate against (default:
    the shipped one); it is passed to every validator through pydantic's validation context.
    """
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                "(top level): must be a mapping with keys 'name', 'attacker' and 'defender', "
                f"got {type(data).__name__}"
            ],
            source,
        )
    data = resolve_extends(data, source, Path(base_dir) if base_dir is not None else None)
    if catalog is None:
        try:
            catalog = load_catalog()
        except CatalogDataError as exc:  # pragma: no cover - shipped data is tested
            raise ScenarioError([f"(catalog): {exc}"], source) from None
    try:
        return Scenario.model_validate(data, context={"catalog": catalog})
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, Scenario), source) from None
    except RecursionError:
        raise ScenarioError(["(top level): nested too deeply"], source) from None


def scenario_from_text(text: str, source: str = "scenario", *,
                       base_dir: str | Path | None = None,
                       catalog: Catalog | None = None) -> Scenario:
    """Parse YAML text into a :class:`Scenario`; raise ScenarioError with line numbers."""
    if not text.strip():
        raise ScenarioError(
            ["(file): is empty; a scenario needs 'name', 'attacker' and 'defender'"], source
        )
    return scenario_from_mapping(parse_yaml(text, source), source, base_dir=base_dir,
                                 catalog=catalog)


def load_scenario(path: str | Path, catalog: Catalog | None = None) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError (never a raw traceback)."""
    p = Path(path)
    return scenario_from_text(read_text_file(p), str(p), base_dir=p.parent, catalog=catalog)


def builtin_names() -> list[str]:
    """Return the names of the built-in scenarios."""
    folder = resources.files("opendome.scenario").joinpath("builtin")
    return sorted(f.name.removesuffix(".yaml") for f in folder.iterdir()
                  if f.name.endswith(".yaml"))


def builtin_text(name: str) -> str:
    """Return a built-in scenario's YAML text; ScenarioError (with a suggestion) if unknown."""
    names = builtin_names()
    if name not in names:
        raise ScenarioError([f"(name): no built-in scenario '{name}'; "
                             f"{_did_you_mean(name, names)}known: {', '.join(names)}"], name)
    return _builtin_text(name)


def builtin_scenario(name: str = DEFAULT_SCENARIO, catalog: Catalog | None = None) -> Scenario:
    """Load a built-in scenario by name."""
    return scenario_from_text(builtin_text(name), f"builtin:{name}", catalog=catalog)


def resolve_scenario(spec: str | None, catalog: Catalog | None = None) -> Scenario:
    """Return the scenario named by a path or a built-in name (None: the default).

    A built-in name wins unless a file of that name exists; an unknown name gets the closest
    built-in name as a suggestion.
    """
    if spec is None:
        return builtin_scenario(catalog=catalog)
    names = builtin_names()
    if spec in names and not _exists(Path(spec)):
        return builtin_scenario(spec, catalog)
    if not os.path.lexists(spec):
        raise ScenarioError(
            [f"(file): no such file '{spec}', nor a built-in scenario of that name; "
             f"{_did_you_mean(spec, names)}built-ins: {', '.join(names)}"],
            spec,
        )
    return load_scenario(spec, catalog)


def dump_scenario(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as plain data with units, which loads back to an equal scenario.

    ``scenario_from_mapping(dump_scenario(s)) == s``: every field is written out (defaults
    included, ``extends`` resolved, unset optional fields left out), quantities with units
    (``"300 km"``, ``"45 deg"``) that read back to the same floats.
    """
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_none=True)
    if not any(data.get("catalog_overrides", {}).values()):
        data.pop("catalog_overrides", None)
    return data


def scenario_yaml(scenario: Scenario | Mapping[str, Any]) -> str:
    """Return YAML text of a scenario (or of :func:`dump_scenario`'s mapping)."""
    data = dump_scenario(scenario) if isinstance(scenario, Scenario) else dict(scenario)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
