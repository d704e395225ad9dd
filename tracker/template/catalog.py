"""The built-in goal templates, shipped inside the package as ``tracker.templates``.

In the repository they live in ``templates/``; ``pyproject.toml`` maps that folder to the
``tracker.templates`` package so an installed copy finds them without the source tree.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tracker.errors import UsageError
from tracker.template.file import load_template, parse_template
from tracker.template.spec import Template

DEFAULT_TEMPLATE = "guangming-ai-2025"


def builtin_names() -> list[str]:
    """Names of the built-in templates, sorted."""
    folder = resources.files("tracker.templates")
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def builtin_template(name: str) -> Template:
    """The built-in template called ``name``."""
    resource = resources.files("tracker.templates").joinpath(name + ".toml")
    if not resource.is_file():
        raise UsageError("template.not_found", name=name)
    return parse_template(resource.read_text(encoding="utf-8"), name)


def resolve_template(name_or_path: str) -> Template:
    """A built-in template by name, or a template file by path."""
    if name_or_path in builtin_names():
        return builtin_template(name_or_path)
    path = Path(name_or_path)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_template(path)
    raise UsageError("template.not_found", name=name_or_path)
