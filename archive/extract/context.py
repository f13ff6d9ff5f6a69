"""State shared by the extraction steps of one `split_page` call."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Context:
    url: str | None = None
    capture_time: datetime | None = None  # resolves relative dates ("4 years ago")
    meta: dict = field(default_factory=dict)  # output of metadata.extract_metadata
    explain: list[dict] = field(default_factory=list)
    profile: object | None = None  # archive.profiles.Profile for this site, if any

    def note(self, part: str, rule: str, detail: str | None = None) -> None:
        """Record which rule produced (or removed) a part, for `split --explain`."""
        self.explain.append({"part": part, "rule": rule, "detail": detail})
