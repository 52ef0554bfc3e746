"""The commands shown in docs/economics.md and docs/stability.md print what the docs say."""

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app

DOCS = Path(__file__).resolve().parents[2] / "docs"
runner = CliRunner()


def _examples():
    out = []
    for name in ("economics.md", "stability.md"):
        for block in re.findall(r"```\n(.*?)```", (DOCS / name).read_text("utf-8"), re.S):
            lines = block.rstrip("\n").split("\n")
            if lines[0].startswith("$ opendome "):
                starts = [i for i, ln in enumerate(lines) if ln.startswith("$ opendome ")]
                for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
                    expected = "\n".join(lines[a + 1 : b]).strip()
                    out.append(pytest.param("cli", lines[a][len("$ opendome "):], expected,
                                            id=f"{name}:{lines[a][2:60]}"))
            elif lines[0].startswith("$ .venv/bin/python - <<'EOF'") and "simulate(" in block:
                continue  # runs the Monte Carlo engine (slow, owned elsewhere): not rerun here
            elif lines[0].startswith("$ .venv/bin/python - <<'EOF'"):
                end = lines.index("EOF")
                script = "\n".join(lines[1:end])
                expected = "\n".join(lines[end + 1 :]).strip()
                out.append(pytest.param("python", script, expected, id=f"{name}:python"))
    return out


@pytest.mark.parametrize(("kind", "body", "expected"), _examples())
def test_doc_example(kind, body, expected):
    if kind == "cli":
        res = runner.invoke(app, shlex.split(body))
        assert res.exit_code == 0, res.output
        got = res.stdout.strip()
    else:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(body, "<doc>", "exec"), {})
        got = buf.getvalue().strip()
    assert got == expected
