"""Text: locale formatting (babel, explicit locale), UI catalogs, notes and citations."""
