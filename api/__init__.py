"""The ways in: the `kg` command line (and, later, the HTTP service)."""
