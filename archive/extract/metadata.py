"""Title, authors, dates, language, site name, canonical URL."""
from __future__ import annotations


def extract_metadata(root, url):
    title = root.findtext(".//title")
    return {"title": title.strip() if title else None, "authors": [], "published": None,
            "modified": None, "language": root.get("lang"), "site_name": None,
            "canonical_url": url, "is_article": False}
