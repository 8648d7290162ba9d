"""The README: its two opening commands, CI running the second, and a Python example that runs."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


def _opening_commands() -> list[str]:
    first = re.search(r"^```(\w*)\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
    assert first is not None
    return [line for line in first.group(2).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    assert README.index("```") < README.index("\n## ")
    assert _opening_commands() == [
        "python -m pip install . && clusterxchange demo",
        "python -m pip install nox && nox",
    ]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[0] == "set -euo pipefail"
    assert commands[-1] == _opening_commands()[1]


def test_readme_python_examples_run() -> None:
    blocks = _code_blocks("python")
    assert blocks
    for block in blocks:
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
        assert output.getvalue()
