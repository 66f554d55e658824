"""The web app's configuration: ``luoshi.settings``, which the CLI reads too.

Kept so that code written against ``luoshi.web.settings`` keeps working."""

from ..settings import Settings, load_settings

WebSettings = Settings

__all__ = ["Settings", "WebSettings", "load_settings"]
