"""Macros as plain functions of (language, arguments) -> Markdown/HTML string."""

DEFAULT_LANGUAGE = "da"
MACROS: dict = {}
