"""Blocks: tables, figures, findings and appendices as view models and page blocks."""
