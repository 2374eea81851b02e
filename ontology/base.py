"""The placeholder base of every minted IRI (a module of its own: settings read it without loading rdflib)."""

DEFAULT_BASE = "https://w3id.org/italia/anci-lombardia/"
