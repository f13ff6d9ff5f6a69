"""Promotions: coupons, affiliate links, product plugs, sign-up boxes, disclosures, ads."""
from __future__ import annotations


def extract_promotions(root, ctx):
    return []
