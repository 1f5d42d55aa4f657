"""Helpers for tests/test_browser.py and tests/test_links.py: where the site is published
(site_url in mkdocs.yml), which pages the built site holds, and a local server for them."""
