"""The README's examples are real: its Python block runs as a doctest."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_example() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    test = doctest.DocTestParser().get_doctest(block, {}, "README", str(README), 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 3


def test_readme_names_the_two_commands() -> None:
    first_screen = "\n".join(README.read_text(encoding="utf-8").splitlines()[:15])
    assert "make run" in first_screen and "make test" in first_screen


def _commands(group, prefix: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    import click

    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # commands load lazily: ask for each by name
        cmd = group.get_command(ctx, name)
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, full + " "))
        else:
            out.append(full)
    return out


def test_every_command_has_help_and_a_readme_entry() -> None:
    from click.testing import CliRunner

    from luoshi.cli import main

    readme = README.read_text(encoding="utf-8")
    commands = _commands(main)
    assert len(commands) >= 20
    for command in commands:
        result = CliRunner().invoke(main, [*command.split(), "--help"])
        assert result.exit_code == 0 and len(result.output) > 80, command
        assert f"{command} " in readme or f"`{command}`" in readme, f"README lacks {command}"


def test_one_version_number() -> None:
    """The package's version (pyproject.toml) is the changelog's newest release (after any
    ``Unreleased`` section)."""
    import re
    import tomllib

    import luoshi

    root = README.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    newest = re.search(
        r"^## (\d+\.\d+\.\d+)", (root / "CHANGELOG.md").read_text(encoding="utf-8"), re.M
    )
    assert newest is not None
    assert luoshi.__version__ == declared["version"] == newest.group(1)
