"""healtharchive: split health-blog pages and archive them in SQLite.

This package never imports Scrapy; the crawler (package `crawler`) depends on it.
"""
from .extract import split_page
from .model import Body, Comment, Page, Promotion, Reference

__all__ = ["split_page", "Page", "Body", "Comment", "Reference", "Promotion"]
