"""Translations: freshness of each translated section against its source."""
