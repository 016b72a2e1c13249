"""Text inserted by the hooks reads as written: `<`, `&` and quotes are escaped, never markup."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from tests.conftest import build_copy

PROBE = '''"""Strings with HTML's special characters, for the escaping test."""

from dataclasses import dataclass

import matplotlib.pyplot as plt


@dataclass
class Result:
    label: str


def compute() -> Result:
    return Result(label='a<b & "c" \\'d\\' <em>not emphasis</em>')


def plot_probe(result: Result):
    figure, axes = plt.subplots(figsize=(2, 2))
    axes.plot([0, 1], [0, 1])
    return figure
'''
TRICKY = "<em>x</em> & y < z"
ALT = f"Alt {TRICKY} \"double\" 'single'"  # the alt text may hold any quote
CAPTION = f"Caption {TRICKY} 'single'"  # a caption is written in double quotes
DEFINITION = f"Definition {TRICKY} \"double\" 'single' and `a<b` in code"
GLOSSARY_ENTRY = f"""
- term: escaping probe
  definition: '{DEFINITION.replace("'", "''")}'
  source: "[a source](references.md)"
"""


class Texts(HTMLParser):
    """Every text run and every alt attribute of a page, unescaped as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.alts, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.alts += [value for name, value in attrs if name == "alt"]

    def handle_data(self, data):
        self.texts.append(data)

    @classmethod
    def of(cls, text: str) -> Texts:
        parsed = cls()
        parsed.feed(text)
        return parsed


def test_alt_caption_value_and_glossary_text_are_escaped(project_copy):
    (project_copy / "snippets" / "escaping_probe.py").write_text(PROBE)
    page = project_copy / "docs" / "hyperparameters.md"
    page.write_text(
        page.read_text()
        + f'\n![{ALT}](figure:escaping_probe.plot_probe "{CAPTION}")\n\n'
        + "The label is {{ escaping_probe.label }}.\n\n"
        + "See [[escaping probe]].\n"
    )
    glossary = project_copy / "docs" / "_data" / "glossary.yml"
    glossary.write_text(glossary.read_text() + GLOSSARY_ENTRY)
    code, log = build_copy(project_copy)
    assert code == 0, log
    site = project_copy / "site"
    rendered = Texts.of((site / "hyperparameters" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(rendered.texts)
    assert ALT.strip() in rendered.alts, rendered.alts
    assert CAPTION in text, "the caption does not read as written"
    assert "The label is a<b & \"c\" 'd' <em>not emphasis</em>." in text
    plain = DEFINITION.replace("`", "")
    tooltip = f"escaping probe: {plain}"  # <strong>term</strong>: definition
    assert tooltip in "".join(rendered.texts), "the tooltip does not read as written"
    entries = Texts.of((site / "glossary" / "index.html").read_text(encoding="utf-8"))
    assert plain in " ".join(" ".join(entries.texts).split()), (
        "the glossary entry is not as written"
    )
    # Nothing of it became markup: the only <em> on either page is none of ours.
    for name in ("hyperparameters", "glossary"):
        source = (site / name / "index.html").read_text(encoding="utf-8")
        assert not re.search(r"<em>(x|not emphasis)</em>", source), name
    assert html.escape("<em>x</em>") in source


def test_a_tooltip_keeps_code_as_written_and_drops_only_markup():
    # Tooltips are plain text: the glossary's `n_jobs` and `coef_` once read "njobs"
    # and "coef", against their own sentence about names ending in an underscore.
    from computed_pages.render.glossary import plain_text

    assert (
        plain_text("such as `n_jobs`, `coef_` or `cluster_centers_`")
        == "such as n_jobs, coef_ or cluster_centers_"
    )
    assert plain_text("*very* **bold** _emphasis_, snake_case") == "very bold emphasis, snake_case"
    assert plain_text("the [[step size|learning rate]], [a page](x.md)") == "the step size, a page"
