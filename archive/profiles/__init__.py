"""Optional per-site overrides, for a site whose markup defeats the generic rules.

A profile is a module `archive/profiles/<slug>.py` defining `PROFILE =
Profile(...)`; the slug also names the site's fixture folder and tests. The
generic rules stay in charge: a profile only says what to drop before the
split and which element holds the article body. `split_page(..., profile=P)`
uses P; without one, the profile whose `hosts` match the page's URL is used.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Profile:
    slug: str
    hosts: tuple[str, ...] = ()   # host names, matched with or without "www."
    drop: tuple[str, ...] = ()    # CSS selectors removed before any step runs
    body: str | None = None       # CSS selector of the article body container


def load(slug: str) -> Profile:
    """The profile named `slug`; ModuleNotFoundError names a missing one."""
    return importlib.import_module(f"{__name__}.{slug}").PROFILE


@lru_cache(maxsize=1)
def _by_host() -> dict[str, Profile]:
    hosts = {}
    for info in pkgutil.iter_modules(__path__):
        profile = load(info.name)
        hosts.update({h.removeprefix("www."): profile for h in profile.hosts})
    return hosts


def for_url(url: str | None) -> Profile | None:
    """The profile registered for the URL's host, if any."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return _by_host().get(host)
