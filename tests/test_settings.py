"""Every setting is documented and read from the environment at the edge."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from api.settings import SETTINGS, Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_a_field_and_documented():
    assert {f.name for f in fields(Settings)} == set(SETTINGS)
    for variable, _, _ in SETTINGS.values():
        assert variable in README, f"{variable} is not documented in README.md"


def test_settings_come_from_the_mapping_given():
    settings = Settings.from_env({"KG_BASE_IRI": "https://example.org/", "KG_DIST": "/tmp/x",
                                  "KG_REFERENCE_DIR": "/ref"})
    assert settings.base == "https://example.org/" and str(settings.dist) == "/tmp/x"
    assert str(settings.reference) == "/ref"
    assert Settings.from_env({}).reference is None
