"""Safe, bounded reading of scenario files: one line per problem, never a traceback or a hang."""

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli import app
from opendome.scenario import ScenarioError, builtin_text, load_scenario, parse_yaml
from opendome.scenario.limits import MAX_FILE_BYTES, MAX_NESTING, MAX_NODES

runner = CliRunner()


def _one_line(fn, *args) -> str:
    with pytest.raises(ScenarioError) as err:
        fn(*args)
    assert len(err.value.problems) == 1
    return err.value.problems[0]


def test_yaml_is_loaded_safely_without_object_construction():
    for text in ("a: !!python/object/apply:os.system ['echo hi']\n",
                 "a: !!python/name:os.system\n", "a: !!python/object:builtins.dict {}\n"):
        assert "is not allowed (a scenario holds plain data" in _one_line(parse_yaml, text)


def test_duplicate_keys_are_refused_with_key_and_line():
    text = "name: x\nattacker:\n  salvos:\n    - count: 10\n      missile: irbm\n      count: 500\n"
    assert _one_line(parse_yaml, text) == (
        "line 6: duplicate key 'count' (first at line 4); keep one of them")


def test_merge_keys_still_work():
    data = parse_yaml("base: &b {lat: 1, lon: 2}\npoint: {<<: *b, lon: 3}\n")
    assert data["point"] == {"lat": 1, "lon": 3}


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 500, 5_000])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_refused_without_recursion_error(depth, style):
    if style == "flow":
        text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    else:
        text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "1\n"
    assert f"nested more than {MAX_NESTING} levels deep" in _one_line(parse_yaml, text)


def test_nesting_at_the_limit_loads():
    depth = MAX_NESTING - 2
    data = parse_yaml("a: " + "[" * depth + "1" + "]" * depth + "\n")
    data = data["a"]
    for _ in range(depth):
        data = data[0]
    assert data == 1


def test_billion_laughs_is_refused():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    assert f"expands to more than {MAX_NODES:,} values" in _one_line(parse_yaml, "\n".join(lines))


def test_aliases_within_the_bound_expand_as_usual():
    data = parse_yaml("p: &p {lat: 1, lon: 2}\nq: [*p, *p]\n")
    assert data["q"] == [{"lat": 1, "lon": 2}] * 2


def test_recursive_alias_is_refused():
    assert "cycle" in _one_line(parse_yaml, "a: &a [1, *a]\n")


@pytest.mark.parametrize("content,needle", [
    (b"\x00\x01\x02binary", "binary content"),
    ("name: caf\u00e9\n".encode("latin-1"), "not UTF-8 text (byte 9: 0xe9)"),
    ("name: x\n".encode("utf-16"), "UTF-16 text; save the scenario as UTF-8"),
    ("name: x\n".encode("utf-16-le"), "looks like UTF-16"),
    ("name: x\n".encode("utf-32"), "UTF-32 text"),
])
def test_binary_and_other_encodings_give_one_line(tmp_path, content, needle):
    f = tmp_path / "s.yaml"
    f.write_bytes(content)
    assert needle in _one_line(load_scenario, f)


def test_utf8_with_byte_order_mark_loads(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + builtin_text("cruise-missiles").encode())
    assert load_scenario(f).name == "cruise-missiles"


def test_file_size_limit(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert f"above the {MAX_FILE_BYTES:,}-byte limit" in _one_line(load_scenario, f)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_and_directory_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe)" in _one_line(load_scenario, fifo)
    assert "is a directory" in _one_line(load_scenario, tmp_path)
    assert "no such file" in _one_line(load_scenario, tmp_path / "missing.yaml")


@pytest.mark.parametrize("content", [
    b"a: " + b"[" * 5000 + b"]" * 5000, b"name: x\nname: y\n", b"\xff\xfe\x00\x00",
])
def test_cli_validate_gives_one_line_exit_1_and_writes_nothing(tmp_path: Path, content):
    f = tmp_path / "s.yaml"
    f.write_bytes(content)
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, ["validate", str(f)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {f}"), result.output
    assert "Traceback" not in result.output
    assert sorted(tmp_path.iterdir()) == before
