"""Statistics over the prepared survey frame: n, distributions, shares, means, SD; no formatting."""
