"""Every link in the built site resolves: internal ones to a file (and an id,
when they name a #fragment), external ones are well-formed URLs (not fetched:
the tests stay offline). A site built with SITE_URL (the deploy's) names its own
published address; links under it are the site's own (tests/site_address.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from tests.site_address import published_address

SITE = "http://site.invalid/"  # stands for the site's root while resolving
# (tag, attribute) pairs that point somewhere; <a> may also point off the site.
POINTERS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, target)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for pointer_tag, attribute in POINTERS:
            if tag == pointer_tag and attributes.get(attribute) is not None:
                self.links.append((tag, attributes[attribute]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target_file(site: Path, path: str) -> Path:
    target = site / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def broken_links(site: Path, address: str | None = None) -> list[str]:
    """The problems of every link in `site`, published at `address` (its site_url), if any."""
    root = address or SITE
    own = urlparse(root)
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        here = root + path.relative_to(site).as_posix()
        for tag, link in page.links:
            where = f"{path.relative_to(site)}: <{tag}> {link[:100]}"
            url = urlparse(urljoin(here, link))
            if url.scheme in ("http", "https") and url.netloc != own.netloc:
                if tag != "a":
                    problems.append(f"{where}: loads from another host")
                elif not _well_formed(link):
                    problems.append(f"{where}: not a well-formed URL")
                continue
            if url.scheme in ("data", "mailto"):
                continue
            if url.scheme != own.scheme:
                problems.append(f"{where}: unexpected scheme {url.scheme!r}")
                continue
            if not url.path.startswith(own.path):  # the same host, but not this site
                problems.append(f"{where}: outside the site's address {root}")
                continue
            target = _target_file(site, url.path[len(own.path) :])
            if not target.is_file():
                problems.append(f"{where}: no file {target.relative_to(site)}")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    problems.append(f"{where}: no id {url.fragment!r} there")
    return problems


def _well_formed(link: str) -> bool:
    try:
        url = urlparse(link)
        url.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return False
    return bool(url.scheme and url.hostname and " " not in link)


def test_every_link_resolves(built_site):
    problems = broken_links(built_site, published_address())
    assert not problems, "\n".join(problems)


def test_the_link_check_catches_what_it_should(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>')
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a> <a href="a/#gone">dead anchor</a>'
        ' <a href="b/">dead page</a> <a href="#top" id="top">self</a>'
        ' <a href="https://example.org/x">ok</a> <a href="https:/nohost">bad</a>'
        ' <img src="https://cdn.example/i.png"> <a href="ftp://x/y">odd</a>'
    )
    problems = "\n".join(broken_links(tmp_path))
    for bad in ("#gone", "b/", "https:/nohost", "cdn.example", "ftp://"):
        assert bad in problems, (bad, problems)
    for good in ("#here", "#top", "example.org/x"):
        assert good not in problems, (good, problems)
    assert len(problems.splitlines()) == 5, problems


def test_a_site_published_under_a_sub_path_owns_its_address_and_nothing_else(tmp_path):
    """A deploy's build names its own address (canonical links, /repo/ paths): that is the
    site; another host, or the same host outside the sub-path, still fails."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>")
    (tmp_path / "style.css").write_text("")
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://owner.example/repo/">'
        ' <link href="/repo/style.css" rel="stylesheet"> <a href="https://owner.example/repo/a/">a</a>'
        ' <link href="https://owner.example.evil/repo/style.css" rel="stylesheet">'
        ' <script src="https://owner.example/other/x.js"></script>'
        ' <img src="https://cdn.example/i.png"> <a href="/repo/gone/">dead</a>'
    )
    problems = "\n".join(broken_links(tmp_path, "https://owner.example/repo/"))
    for bad in ("owner.example.evil", "owner.example/other/", "cdn.example", "/repo/gone/"):
        assert bad in problems, (bad, problems)
    assert len(problems.splitlines()) == 4, problems
    # Without the address, the same page's canonical link is another host.
    assert "loads from another host" in "\n".join(broken_links(tmp_path))
