"""episode-moment-unknown: a link into the episode's video opens at a chapter start.

The facts file lists the chapters (``episode.chapters``: start ``HH:MM:SS`` and title)
and the video (``episode.video``: youtube.com/watch?v=ID).  A link to that video with a
start time (``t=2145s``, ``t=2145``, ``t=35m45s``, ``youtu.be/ID?t=…``) must open at one
of those starts: any other second is a moment nobody has checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

from verbatim.built import BuiltPage, BuiltSite
from verbatim.matching import SourceIndex
from verbatim.problems import Problem

__all__ = ["EpisodeChecker", "chapter_starts", "link_second", "video_ids"]

Locate = Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
_LINK_ATTRIBUTES = ("href", "src", "data", "action", "poster")


def _seconds(start: str) -> int:
    total = 0
    for part in start.split(":"):
        total = total * 60 + int(part)
    return total


def chapter_starts(index: SourceIndex) -> dict[int, str]:
    """{second: chapter title} of every episode the facts files describe."""
    starts: dict[int, str] = {}
    for text in index.texts:
        episode = text.facts.get("episode") or {}
        for chapter in episode.get("chapters") or []:
            starts[_seconds(str(chapter["start"]))] = str(chapter.get("title", ""))
    return starts


def video_ids(index: SourceIndex) -> set[str]:
    ids: set[str] = set()
    for text in index.texts:
        video = (text.facts.get("episode") or {}).get("video")
        if video:
            found = _video_id(str(video))
            if found:
                ids.add(found)
    return ids


def _video_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        return parts.path.strip("/") or None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            return next(iter(parse_qs(parts.query).get("v", [])), None)
        match = re.match(r"^/(?:embed|live|shorts)/([\w-]+)", parts.path)
        return match.group(1) if match else None
    return None


def link_second(url: str) -> int | None:
    """The second a video link opens at (``t=`` or ``start=``, in the query or the fragment), or None."""
    parts = urlsplit(url)
    values = parse_qs(parts.query)
    values.update({k: v for k, v in parse_qs(parts.fragment).items() if k in ("t", "start")})
    raw = next(iter(values.get("t") or values.get("start") or []), None)
    if raw is None:
        return None
    match = _TIME.match(raw.strip())
    if match is None or not any(match.groups()):
        return -1  # a time nobody can read is no chapter start
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _links(page: BuiltPage) -> Iterator[str]:
    for node in page.tree.css(",".join(f"[{name}]" for name in _LINK_ATTRIBUTES)):
        for name in _LINK_ATTRIBUTES:
            value = node.attributes.get(name)
            if value:
                yield value


def _clock(second: int) -> str:
    return f"{second // 3600:02d}:{second % 3600 // 60:02d}:{second % 60:02d}"


class EpisodeChecker:
    """Links into the episode, page by page; the facts file is read once."""

    def __init__(self, site: BuiltSite, locate: Locate, index: SourceIndex) -> None:
        self.site, self.locate = site, locate
        self.starts = chapter_starts(index)
        self.ids = video_ids(index)
        chapters = sorted(self.starts.items())
        self.listed = ", ".join(f"{_clock(s)} ({title})" for s, title in chapters[:4]) + (
            ", …" if len(chapters) > 4 else ""
        )

    def check_page(self, page: BuiltPage) -> Iterator[Problem]:
        if not self.ids:
            return
        for url in _links(page):
            if _video_id(url) not in self.ids:
                continue
            second = link_second(url)
            if second is None or second in self.starts:
                continue
            path, line, column = self.locate(self.site, page, url)
            shown = "an unreadable time" if second < 0 else _clock(second)
            yield Problem(
                path,
                line,
                column,
                "episode-moment-unknown",
                f"link into the episode opens at {shown}, which is no chapter start in the facts file",
                f"open it at a chapter start (t=SECONDSs): {self.listed}"
                if self.listed
                else "the facts file lists no chapters: link to the episode without t=",
            )
