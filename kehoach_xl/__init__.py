"""kehoach-xl: the yearly poverty-reduction plan of a commune, kept as data in Excel."""
