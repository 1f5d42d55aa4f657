"""Charts: Altair specs per figure and language, the theme, text measurement and the render cache."""
