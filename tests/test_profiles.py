"""Per-site profiles: drops before the split, and a named body container."""
import pytest

from archive import split_page
from archive.profiles import Profile, for_url, load

PAGE = """<html><body>
<div class="story"><p>Walking every day keeps the knees moving and the cartilage fed.</p>
<p>Start with ten minutes and add five each week.</p>
<div class="odd-share-widget">Share this on every network you know</div></div>
<div class="other"><p>Unrelated text that a generic scorer could prefer because it is long,
long, long, long, long, long, long, long, long, long, long, long, long, long, long.</p>
<p>And another long paragraph of unrelated text, long, long, long, long, long, long.</p>
<p>And a third long paragraph of unrelated text, long, long, long, long, long, long.</p></div>
</body></html>"""

PROFILE = Profile(slug="example", hosts=("blog.example",), drop=(".odd-share-widget",),
                  body="div.story")


def test_profile_body_selector_chooses_the_container():
    page = split_page(PAGE, None, profile=PROFILE)
    assert "Walking every day" in page.body.text
    assert "Unrelated text" not in page.body.text


def test_profile_drops_are_removed_and_explained():
    page = split_page(PAGE, None, profile=PROFILE)
    assert "Share this" not in page.body.text
    rules = [(e["part"], e["rule"]) for e in page.explain]
    assert ("profile", "drop .odd-share-widget") in rules
    assert ("body", "profile") in rules


def test_without_a_profile_the_generic_rules_run():
    page = split_page(PAGE, None)
    assert all(e["rule"] != "profile" for e in page.explain)


def test_unknown_hosts_have_no_profile_and_missing_slugs_raise():
    assert for_url("https://nowhere.invalid/post/") is None
    assert for_url(None) is None
    with pytest.raises(ModuleNotFoundError):
        load("no_such_site")
