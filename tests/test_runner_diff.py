"""The comparison CI runs between the MkDocs and the ProperDocs build of the site."""

from __future__ import annotations

from tests import runner_diff

PAGE = '<meta name="generator" content="{}, mkdocs-material-9.8.2">\n<p>{}</p>\n'


def site(root, generator, text, extra=None):
    root.mkdir()
    (root / "index.html").write_text(PAGE.format(generator, text))
    if extra:
        (root / extra).write_text("x")
    return root


def test_the_runner_s_name_is_the_only_difference_left_out(tmp_path, capsys):
    a = site(tmp_path / "a", "mkdocs-1.6.1", "same")
    b = site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7", "same")
    assert runner_diff.main([str(a), str(b)]) == 0
    assert "the same 1 files" in capsys.readouterr().out


def test_a_changed_line_and_a_missing_file_are_reported(tmp_path, capsys):
    a = site(tmp_path / "a", "mkdocs-1.6.1", "one", extra="sitemap.xml")
    b = site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7", "two")
    assert runner_diff.main([str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "only in" in out and "sitemap.xml" in out
    assert "differs: index.html" in out and "-<p>one</p>" in out and "+<p>two</p>" in out
