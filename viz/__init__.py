"""The interactive network view: the presets (graph.analytics networks), drawn with pyvis and vis-network.

    data = read_network(select, base)
    view = recurring_view(data)              # or funders_view, area_view, ego_view
    page_data(view, lang="it", href=...)     # the nodes, edges and options the page's script draws

The page itself (template, script, routes, `kg viz`) lives in api; this package only knows networks.
"""

from .assets import VIS_FILES, vis_network_dir
from .page import TYPES, facets, node_type, options, page_data
from .strings import LANGUAGES, strings
from .views import (
    PRESETS,
    UnknownEntity,
    View,
    area_counts,
    area_view,
    default_area,
    ego_view,
    find_area,
    funders_view,
    label_of,
    recurring_view,
)

__all__ = ["LANGUAGES", "PRESETS", "TYPES", "VIS_FILES", "UnknownEntity", "View", "area_counts", "area_view",
           "default_area", "ego_view", "facets", "find_area", "funders_view", "label_of", "node_type", "options",
           "page_data", "recurring_view", "strings", "vis_network_dir"]
