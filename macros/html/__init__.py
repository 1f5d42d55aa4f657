"""HTML: the one place that turns view models into escaped markup."""
