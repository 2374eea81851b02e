"""Building the graph, writing and validating it, querying it (knows graphs, not HTTP).

Names load on first use: a query worker process needs only pyoxigraph and starts in milliseconds, without
rdflib and the rest of the build.
"""

from importlib import import_module as _import_module

_HOMES = {
    "Built": "assembly", "build": "assembly", "read_sources": "assembly",
    "Publisher": "description",
    "CanonicalQuery": "queries", "QueryError": "queries", "load_queries": "queries",
    "BuildFailed": "dist", "BuildOptions": "dist", "release": "dist",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
