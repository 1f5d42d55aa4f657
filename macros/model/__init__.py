"""Model: load and validate a report once (data files, codebook, definitions); no MkDocs, no formatting."""
