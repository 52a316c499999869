"""The self-containment check: nothing on a page may make a browser fetch from another host.

Every page of the report opens from ``file://`` with no network: no script, style, font or image
is fetched from elsewhere (the nbconvert template drops require.js, MathJax and mermaid; images
are data URIs; CSS is inlined).  A link to a source is fine: it is only followed when clicked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from armsdata.errors import ReportError

#: Attributes that make a browser fetch something when the page loads, per tag.  Plain anchors
#: (<a href>) are not here: a link to a source is fine, it is only followed when clicked.
FETCHING_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "body": ("background",), "meta": (),
}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
                         re.IGNORECASE)


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fetching = FETCHING_ATTRS.get(tag, ())
        for name, value in attrs:
            if not value:
                continue
            if name in fetching:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if "srcset" in name \
                    else [value]
                self.found += [f"<{tag} {name}={u!r}>" for u in urls if _REMOTE.match(u)]
            elif name == "style":
                self.found += [f"<{tag} style> {u}" for u in _CSS_REMOTE.findall(value)]
            elif tag == "meta" and name == "content" and "url=" in value.lower():
                # <meta http-equiv="refresh" content="0; url=https://...">
                target = value.lower().split("url=", 1)[1]
                if _REMOTE.match(target):
                    self.found.append(f"<meta content={value!r}>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [f"<style> {u}" for u in _CSS_REMOTE.findall(data)]


def external_resources(page_html: str) -> list[str]:
    """Everything in *page_html* that a browser would fetch from another host on load.

    Looks at the fetching attributes of :data:`FETCHING_ATTRS` (``script src``, ``link href``,
    ``img src``, ...), ``url()``/``@import`` in ``<style>`` and ``style=``, and meta refreshes.
    Anchors are not resources and are not reported.
    """
    finder = _ResourceFinder()
    finder.feed(page_html)
    finder.close()
    return finder.found


def check_self_contained(site: Path) -> None:
    """Refuse a site folder any of whose pages would fetch from the network.

    Raises
    ------
    ReportError
        Naming each page and what it would fetch.
    """
    problems = []
    for page in sorted(site.glob("*.html")):
        problems += [f"{page.name}: {r}" for r in external_resources(page.read_text("utf-8"))]
    if problems:
        lines = "\n  ".join(problems)
        raise ReportError(f"pages would fetch from the network (the site must work offline):\n"
                          f"  {lines}\nEmbed the resource (a local image, inline CSS) instead.")
