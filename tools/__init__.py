"""Programs run by hand or by ./dev: each also works as `python tools/<name>.py`."""
