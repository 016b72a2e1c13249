"""The engine's one configuration: typed, and a misspelt key stops the build with a suggestion."""

from __future__ import annotations

import pytest

from computed_pages.config import EngineConfig, from_settings, reject_loose_settings
from computed_pages.errors import EngineError
from tests.conftest import build_copy


def test_known_settings_become_a_typed_config(tmp_path, monkeypatch):
    monkeypatch.delenv("SNIPPET_TIME_LIMIT", raising=False)
    config = from_settings(tmp_path, tmp_path / "docs", {"snippet_time_limit": 60}, "extra")
    assert config == EngineConfig(tmp_path, tmp_path / "docs", 60.0, True)
    assert config.docs_name == "docs"


def test_an_unknown_key_fails_with_the_closest_name(tmp_path):
    with pytest.raises(
        EngineError,
        match=r"unknown setting 'snipet_time_limit' \(did you mean 'snippet_time_limit'\?\)",
    ):
        from_settings(
            tmp_path, tmp_path / "docs", {"snipet_time_limit": 60}, "extra: computed_pages:"
        )
    with pytest.raises(EngineError, match="must be a mapping"):
        from_settings(tmp_path, tmp_path / "docs", 60, "extra: computed_pages:")


def test_a_setting_outside_its_section_is_not_silently_ignored():
    with pytest.raises(EngineError, match=r"write it under computed_pages:"):
        reject_loose_settings({"snippet_time_limt": 60}, "extra: in mkdocs.yml")
    reject_loose_settings({"social": []}, "extra: in mkdocs.yml")  # other themes' settings pass


@pytest.mark.slow
def test_a_misspelt_key_in_mkdocs_yml_fails_the_build(project_copy):
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text() + "\nextra:\n  computed_pages:\n    snippet_time_limt: 60\n"
    )
    code, log = build_copy(project_copy)
    assert code != 0
    assert "unknown setting 'snippet_time_limt' (did you mean 'snippet_time_limit'?)" in log, log
