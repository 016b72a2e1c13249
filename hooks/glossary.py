"""MkDocs hook: one glossary, rendered as a page and linked from every use.

Terms live in `docs/_data/glossary.yml`. In any page, `[[learning rate]]` or
`[[step size|learning rate]]` (text|term) becomes a link to the entry with
its definition as a tooltip that opens on hover and on keyboard focus. An
unknown term stops the build with the page and line. The glossary page holds
the marker `<!-- glossary:entries -->` where the entries are rendered.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).parent))

import html_text  # noqa: E402
import markdown_scan  # noqa: E402
import suggest  # noqa: E402

GLOSSARY_FILE = "_data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
ENTRIES_MARKER = "<!-- glossary:entries -->"
TERM = re.compile(r"\[\[(?P<text>[^\]|]+)(?:\|(?P<term>[^\]]+))?\]\]")
_REQUIRED = ("term", "definition", "source")


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str  # Markdown, may itself use [[terms]]
    source: str  # Markdown
    aka: tuple[str, ...] = ()  # true synonyms: they link here and show as "Also called"
    see: tuple[str, ...] = ()  # related entries: shown as "See also", never as synonyms

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


_entries: dict[str, Entry] = {}  # every spelling (term and aliases, lower case) -> entry


def load(path: Path) -> list[Entry]:
    """Read and check the glossary file; errors name the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:  # name the line, not only YAML's own "<unicode string>"
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PluginError(f"{where}: not valid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, list):
        raise PluginError(f"{path}: expected a list of entries")
    entries = []
    for number, item in enumerate(data, start=1):
        missing = [key for key in _REQUIRED if not str(item.get(key) or "").strip()]
        if missing:
            raise PluginError(
                f"{path}: entry {number} ({item.get('term', '?')}) lacks {', '.join(missing)}"
            )
        unknown = set(item) - {*_REQUIRED, "aka", "see"}
        if unknown:
            raise PluginError(
                f"{path}: entry {number} ({item['term']}) has unknown keys {sorted(unknown)}"
            )
        entries.append(
            Entry(
                item["term"],
                item["definition"].strip(),
                item["source"].strip(),
                tuple(item.get("aka", [])),
                tuple(item.get("see", [])),
            )
        )
    return entries


def on_config(config):
    _entries.clear()
    path = Path(config.docs_dir) / GLOSSARY_FILE
    for entry in load(path):
        for spelling in (entry.term, *entry.aka):
            key = spelling.lower()
            if key in _entries:
                raise PluginError(f"{path}: '{spelling}' is defined twice")
            _entries[key] = entry
    return config


def lookup(text: str) -> Entry | None:
    """Find the entry for a spelling, allowing a plain English plural."""
    key = " ".join(text.lower().split())
    candidates = [key]
    if key.endswith("ies"):
        candidates.append(key[:-3] + "y")
    if key.endswith("es"):
        candidates.append(key[:-2])
    if key.endswith("s"):
        candidates.append(key[:-1])
    for candidate in candidates:
        if candidate in _entries:
            return _entries[candidate]
    return None


def plain_text(markdown: str) -> str:
    """A definition as tooltip text: no markup."""
    text = TERM.sub(lambda m: m["text"], markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[`*_]", "", text)
    return " ".join(text.split())


def entries_markdown(level: int = 2) -> str:
    unique = sorted(
        {entry.term: entry for entry in _entries.values()}.values(),
        key=lambda e: e.term.lower(),
    )
    hashes = "#" * level
    blocks = []
    for entry in unique:
        aka = f"Also called: {', '.join(entry.aka)}. " if entry.aka else ""
        see = f"See also: {', '.join(f'[[{term}]]' for term in entry.see)}. " if entry.see else ""
        term, definition, aka = map(
            html_text.escape_markdown_text, (entry.term, entry.definition, aka)
        )
        blocks.append(
            f"{hashes} {term} {{ #{entry.anchor} }}\n\n{definition}\n\n"
            f"<small>{aka}{see}Source: {entry.source}</small>\n"
        )
    return "\n".join(blocks)


def entry_level(markdown: str) -> int:
    """One below the heading above the marker: skipping a level breaks the outline."""
    level = 1
    for _, line, is_prose in markdown_scan.prose_lines(markdown):
        if ENTRIES_MARKER in line:
            break
        heading = re.match(r"(#{1,5}) ", line) if is_prose else None
        if heading:
            level = len(heading.group(1))
    return level + 1


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # notebook pages: their "markdown" is the notebook's JSON
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if page.file.src_uri == GLOSSARY_PAGE:
        if ENTRIES_MARKER not in markdown:
            raise PluginError(f"{where}: the glossary page lacks the marker {ENTRIES_MARKER}")
        markdown = markdown.replace(ENTRIES_MARKER, entries_markdown(entry_level(markdown)))
    glossary_url = files.get_file_from_path(GLOSSARY_PAGE).url
    to_glossary = get_relative_url(glossary_url, page.url)
    count = 0

    def link(match: re.Match, line: int) -> str:
        nonlocal count
        wanted = match["term"] or match["text"]
        entry = lookup(wanted)
        if entry is None:
            raise PluginError(
                f"{where}:{line}: '{wanted}' is not a glossary term"
                f"{suggest.did_you_mean(' '.join(wanted.lower().split()), _entries)}; fix the spelling "
                f"or add it to {Path(config.docs_dir).name}/{GLOSSARY_FILE}"
            )
        count += 1
        tip = f"gl-tip-{count}"
        href = (
            f"{to_glossary}#{entry.anchor}"
            if page.file.src_uri != GLOSSARY_PAGE
            else f"#{entry.anchor}"
        )
        # "k-means" must not break as "k-/means": a term with a hyphen stays on one line.
        term_class = "gl-term gl-whole" if "-" in match["text"] else "gl-term"
        # The tip holds its own link to the entry: on a touch screen the first tap on
        # the term opens the tip (docs/javascripts/glossary_tips.js), this link leaves.
        # It is out of the tab order: the term itself is the keyboard's link.
        return (
            f'<span class="gl"><a class="{term_class}" href="{href}" aria-describedby="{tip}">{html.escape(match["text"])}</a>'
            f'<span class="gl-tip" role="tooltip" data-search-exclude><span id="{tip}">'
            f"<strong>{html.escape(entry.term)}</strong>: {html.escape(plain_text(entry.definition))}</span> "
            f'<a class="gl-more" href="{href}" tabindex="-1">Glossary entry</a></span></span>'
        )

    return markdown_scan.substitute_in_prose(markdown, TERM, link)
