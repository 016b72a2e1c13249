"""MkDocs hook: what the search finds, and in which order.

- Code listings stay out of the index: every page downloads the whole index on
  its first visit, code blocks are the largest part of it and the prose around
  them already says what they do. Material's search skips any element marked
  `data-search-exclude`.
- Words a reader types that the pages spell otherwise are added to each section
  of the index, never to the page: the names of the Greek letters the pages
  write as symbols ("lambda" for λ, "eta" for η) and the other spelling of
  British/US pairs ("regularization" for "regularisation"). Field `synonyms`.
- A section that uses a glossary phrase ("learning rate") ranks above one that
  only uses a word of it ("rate", "deep learning"): the phrases it uses go into
  field `phrases`, which mkdocs.yml weighs like a title.
- The page that teaches a term (its glossary entry's `taught`) ranks first for
  it, however often other pages use the words: its top section gets the term's
  name in field `teaches`, weighed above a title (mkdocs.yml). Counting uses
  alone made the order flip on a wording change elsewhere.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from computed_pages.render import glossary  # its reader of docs/_data/glossary.yml

_CODE_BLOCK = re.compile(r'<div class="language-[\w-]+ highlight"')
REPEAT = 3  # uses counted per section: more says "about this", without end does not
FIELDS = (
    "synonyms",
    "phrases",
    "teaches",
)  # declared with their weights in mkdocs.yml (search: fields)

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta",
    "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "σ": "sigma",
    "τ": "tau", "φ": "phi", "ω": "omega", "∇": "nabla gradient",
}  # fmt: skip
# Stems spelled -ise/-isation in British and -ize/-ization in US English. A list,
# not a rule: "noise", "raise" and "precise" must stay as they are.
_IZE_STEMS = (
    "regular|general|optim|minim|maxim|standard|normal|initial|factor|penal|memor|summar"
    "|visual|parametr|parameter|real|util|character|central|random|vector|organ|recogn"
)
_IZE = re.compile(
    rf"\b(?P<stem>(?:un)?(?:{_IZE_STEMS}))(?P<s>[iI][sz])"
    r"(?P<end>e|es|ed|er|ers|ing|ation|ations)\b",
    re.IGNORECASE,
)
# Other British/US pairs the pages use; each spelling finds the other.
_PAIRS = (
    ("neighbour", "neighbor"), ("centre", "center"), ("modelling", "modeling"),
    ("labelled", "labeled"), ("behaviour", "behavior"), ("colour", "color"),
    ("analyse", "analyze"), ("modelled", "modeled"),
)  # fmt: skip
_TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def synonyms(text: str) -> list[str]:
    """The words a reader may type for what `text` writes otherwise, once per use
    (up to REPEAT): a section that writes η twelve times is more about η than one
    that writes it once."""
    found: list[str] = []
    for letter, name in GREEK.items():
        found += [name] * min(REPEAT, text.count(letter))
    for match in _IZE.finditer(text):
        other = "z" if match["s"][1].lower() == "s" else "s"
        found.append(f"{match['stem']}i{other}{match['end']}".lower())
    lower = text.lower()
    for british, american in _PAIRS:
        for word, other in ((british, american), (american, british)):
            ends = re.findall(rf"\b{word}(\w*)", lower)  # "neighbours": "neighbors"
            found += [other + end for end in ends[:REPEAT]]
    return found


def phrase_patterns(entries: list[glossary.Entry]) -> dict[str, re.Pattern[str]]:
    """Every glossary spelling of two or more words, with its plural."""
    spellings = {s.lower() for e in entries for s in (e.term, *e.aka) if len(s.split()) > 1}
    return {
        spelling: re.compile(
            r"\b" + r"[\s-]+".join(map(re.escape, spelling.split())) + r"(?:s|es)?\b",
            re.IGNORECASE,
        )
        for spelling in sorted(spellings)
    }


def phrases(text: str, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    """The glossary phrases `text` uses, once per use (up to REPEAT)."""
    found: list[str] = []
    for spelling, pattern in patterns.items():
        found += [spelling] * min(REPEAT, len(pattern.findall(text)))
    return found


def page_location(docs_path: str) -> str:
    """The index location of a page: "epochs.md" -> "epochs/", "index.md" -> "" (directory URLs)."""
    stem = docs_path.removesuffix(".md")
    if stem == docs_path:
        raise RuntimeError(f"glossary: taught: {docs_path!r} is not a Markdown page")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


Taught = dict[str, list[tuple[str, ...]]]  # index location -> each term's spellings


def taught_terms(entries: list[glossary.Entry]) -> Taught:
    """Index location of each teaching page -> the terms it teaches (term and aka)."""
    taught: Taught = {}
    for entry in entries:
        if entry.taught:
            taught.setdefault(page_location(entry.taught), []).append((entry.term, *entry.aka))
    return taught


def enrich(index: dict, patterns: dict[str, re.Pattern[str]], taught: Taught | None = None) -> dict:
    """Add the extra fields to every section of a Material search index.

    `taught` fills field `teaches` of each teaching page's top section; a page it
    names must exist and use one spelling of each of its terms."""
    taught = taught or {}
    declared = set(index["config"]["fields"])
    missing = set(FIELDS) - declared
    if missing:
        raise RuntimeError(f"mkdocs.yml: the search plugin lacks the fields {sorted(missing)}")
    page_text: dict[str, str] = {}
    for doc in index["docs"]:
        text = plain(f"{doc['title']} {doc['text']}")
        doc["synonyms"] = " ".join(synonyms(text))
        doc["phrases"] = " ".join(phrases(text, patterns))
        # The term only, not its other names: those bring common words ("L2
        # regularisation" of weight decay, "learned parameter") that would pull the
        # page up for queries about something else.
        doc["teaches"] = " ".join(spellings[0] for spellings in taught.get(doc["location"], []))
        page = doc["location"].split("#")[0]
        page_text[page] = f"{page_text.get(page, '')} {text.lower()}"
    for location, terms in taught.items():
        if location not in page_text:
            raise RuntimeError(f"glossary: taught: no page {location!r} in the search index")
        for spellings in terms:
            if not any(spelling.lower() in page_text[location] for spelling in spellings):
                raise RuntimeError(
                    f"glossary: taught: /{location} teaches {spellings[0]!r} but never uses it"
                )
    return index


def on_page_content(html: str, page, config, files) -> str:
    return _CODE_BLOCK.sub(lambda m: m.group(0) + " data-search-exclude", html)


def on_post_build(config) -> None:
    # Runs after the search plugin wrote the index (hooks follow plugins).
    path = Path(config.site_dir) / "search" / "search_index.json"
    entries = glossary.load(Path(config.docs_dir) / glossary.GLOSSARY_FILE)
    index = enrich(
        json.loads(path.read_text(encoding="utf-8")),
        phrase_patterns(entries),
        taught_terms(entries),
    )
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), "utf-8")
