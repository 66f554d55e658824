"""A ``Document`` as one self-contained HTML page: inline CSS, charts as data URIs, no CDN.

Printable (A4 page rules, the masthead and fonts of an official document)
and readable on a phone. Rendered by a Jinja2 template with autoescaping:
every word comes from the register, so none of it may become markup.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .document import Document


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("luoshi.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["data_uri"] = lambda png: (
        "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    )
    env.filters["kind"] = lambda block: type(block).__name__.lower()
    return env


def render_html(doc: Document) -> str:
    context: dict[str, Any] = {"doc": doc, "blocks": doc.blocks}
    return _env().get_template("document.html.j2").render(context)


def write_html(doc: Document, out: Path | IO[bytes]) -> None:
    data = render_html(doc).encode("utf-8")
    if isinstance(out, Path):
        out.write_bytes(data)
    else:
        out.write(data)
