"""One build's state, from plan to render, and the problems that stop it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from computed_pages.config import EngineConfig
from computed_pages.errors import EngineError
from computed_pages.plan.slider_requests import SliderRequests
from computed_pages.render import figure_html, glossary
from computed_pages.themes import PHONE_SUFFIX as PHONE
from computed_pages.urls import relative_url


class BuildFailed(EngineError):
    """Several problems, each a line naming its file and line, sorted page by page."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        count = len(self.problems)
        head = "" if count == 1 else f"{count} problems stop the build:\n"
        super().__init__(head + "\n".join(p.message for p in self.problems))


@dataclass(frozen=True)
class Problem:
    page: str  # the page where it shows ("docs/x.md"), "" if none
    line: int
    message: str  # starts with the file and line to fix

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.page, self.line, self.message)


@dataclass
class ModuleRun:
    """What the pages ask of one snippet module, and what it produced."""

    name: str
    first_use: str  # "docs/page.md:12", for error messages
    figures: set[str] = field(default_factory=set)
    key: str = ""
    values: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)

    def cache_dir(self, root: Path) -> Path:
        return root / ".cache" / "snippets" / f"{self.name}-{self.key}"

    def site_path(self, figure: str, theme: str, variant: str = "") -> str:
        return f"figures/{self.name}.{figure}{variant}.{self.key}.{theme}.svg"

    def variant(self, figure: str, theme: str, page_url: str, sizes: dict) -> figure_html.Variant:
        """One theme's desktop and phone files of `figure`, as URLs relative to the page."""

        def url(variant: str) -> str:
            path = self.site_path(figure, theme, variant)
            return f"{relative_url(path, page_url)}#only-{theme}"

        return figure_html.Variant(url(""), sizes["size"], url(PHONE), sizes["phone_size"])


@dataclass
class Build:
    """One build's state, from plan to render: nothing lives in module globals."""

    config: EngineConfig
    glossary: glossary.Glossary
    runs: dict[str, ModuleRun] = field(default_factory=dict)
    page_modules: dict[str, list[str]] = field(default_factory=dict)  # page -> modules with figures
    sliders: SliderRequests = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, src_uri: str, line: int) -> str:
        return f"{self.config.docs_name}/{src_uri}:{line}"

    def fail(self, src_uri: str, line: int, message: str) -> None:
        self.problems.append(Problem(f"{self.config.docs_name}/{src_uri}", line, message))

    def stop_if_failed(self) -> None:
        if self.problems:
            raise BuildFailed(self.problems)
