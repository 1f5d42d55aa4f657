"""Outputs: files written beside the pages (downloads, share cards)."""
