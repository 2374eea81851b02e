"""Vocabulary, shapes and records → triples (knows the vocabulary; uses the loaders' types).

Names load on first use, so that reading the default base does not load rdflib.
"""

from importlib import import_module as _import_module

_HOMES = {
    "DEFAULT_BASE": "base",
    "Minter": "iris",
    "RecordMapper": "mapping", "SourceDocument": "mapping",
    "Namespaces": "terms", "ontology_graph": "terms",
    "TerritoryMapper": "territory",
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
