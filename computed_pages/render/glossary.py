"""One glossary, rendered as a page and linked from every use.

Terms live in `docs/_data/glossary.yml`. In any page, `[[learning rate]]` or
`[[step size|learning rate]]` (text|term) becomes a link to the entry with
its definition as a tooltip that opens on hover and on keyboard focus. An
unknown term stops the build with the page and line. The glossary page holds
the marker `<!-- glossary:entries -->` where the entries are rendered.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from computed_pages import suggest
from computed_pages.errors import EngineError
from computed_pages.plan import markdown_scan
from computed_pages.render import html_text

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
    taught: str = (
        ""  # the page (docs-relative, e.g. "epochs.md") that teaches it: search ranks it first
    )

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


def load(path: Path) -> list[Entry]:
    """Read and check the glossary file; errors name the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:  # name the line, not only YAML's own "<unicode string>"
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise EngineError(f"{where}: not valid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, list):
        raise EngineError(f"{path}: expected a list of entries")
    entries = []
    for number, item in enumerate(data, start=1):
        missing = [key for key in _REQUIRED if not str(item.get(key) or "").strip()]
        if missing:
            raise EngineError(
                f"{path}: entry {number} ({item.get('term', '?')}) lacks {', '.join(missing)}"
            )
        unknown = set(item) - {*_REQUIRED, "aka", "see", "taught"}
        if unknown:
            raise EngineError(
                f"{path}: entry {number} ({item['term']}) has unknown keys {sorted(unknown)}"
            )
        entries.append(
            Entry(
                item["term"],
                item["definition"].strip(),
                item["source"].strip(),
                tuple(item.get("aka", [])),
                tuple(item.get("see", [])),
                str(item.get("taught", "")),
            )
        )
    return entries


@dataclass
class Glossary:
    """Every spelling (term and aliases, lower case) -> its entry."""

    path: Path
    by_spelling: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def read(cls, docs_dir: Path) -> Glossary:
        glossary = cls(Path(docs_dir) / GLOSSARY_FILE)
        for entry in load(glossary.path):
            for spelling in (entry.term, *entry.aka):
                key = spelling.lower()
                if key in glossary.by_spelling:
                    raise EngineError(f"{glossary.path}: '{spelling}' is defined twice")
                glossary.by_spelling[key] = entry
        return glossary

    def lookup(self, text: str) -> Entry | None:
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
            if candidate in self.by_spelling:
                return self.by_spelling[candidate]
        return None


def unknown_term(glossary: Glossary, wanted: str) -> str:
    close = suggest.did_you_mean(" ".join(wanted.lower().split()), glossary.by_spelling)
    data_file = f"{glossary.path.parents[len(Path(GLOSSARY_FILE).parts) - 1].name}/{GLOSSARY_FILE}"
    return f"'{wanted}' is not a glossary term{close}; fix the spelling or add it to {data_file}"


CODE_SPAN = re.compile(r"(`[^`]*`)")
EMPHASIS = re.compile(r"\*+|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)")  # *x*, **x**, _x_; not n_jobs


def plain_text(markdown: str) -> str:
    """A definition as tooltip text: no markup. A code span keeps its text as written
    (`n_jobs`, `coef_`): only the backticks go."""
    text = TERM.sub(lambda m: m["text"], markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = "".join(
        part[1:-1] if CODE_SPAN.fullmatch(part) else EMPHASIS.sub("", part)
        for part in CODE_SPAN.split(text)
    )
    return " ".join(text.split())


def entries_markdown(glossary: Glossary, level: int = 2) -> str:
    unique = sorted(
        {entry.term: entry for entry in glossary.by_spelling.values()}.values(),
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


def link_terms(
    glossary: Glossary, markdown: str, src_uri: str, to_glossary: str, docs_name: str
) -> str:
    """The glossary page gets its entries; every `[[term]]` a link with its tooltip.

    `to_glossary` is the glossary page's URL relative to this page's.
    """
    where = f"{docs_name}/{src_uri}"
    if src_uri == GLOSSARY_PAGE:
        if ENTRIES_MARKER not in markdown:
            raise EngineError(f"{where}: the glossary page lacks the marker {ENTRIES_MARKER}")
        markdown = markdown.replace(
            ENTRIES_MARKER, entries_markdown(glossary, entry_level(markdown))
        )
    count = 0

    def link(match: re.Match, line: int) -> str:
        nonlocal count
        wanted = match["term"] or match["text"]
        entry = glossary.lookup(wanted)
        if entry is None:
            raise EngineError(f"{where}:{line}: {unknown_term(glossary, wanted)}")
        count += 1
        tip = f"gl-tip-{count}"
        href = f"{to_glossary}#{entry.anchor}" if src_uri != GLOSSARY_PAGE else f"#{entry.anchor}"
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
