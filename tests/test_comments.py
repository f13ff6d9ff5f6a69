"""Comment threads: one small page per markup family and per rule."""
from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone
from pathlib import Path

import lxml.html
import pytest

from archive.extract.comments import extract_comments
from archive.extract.context import Context

ARTICLE = "<article class='post'><h1>Soup</h1><p>The article text about soup.</p></article>"


def run(html, authors=(), capture_time=None):
    root = lxml.html.document_fromstring(f"<html><body>{ARTICLE}{html}</body></html>")
    ctx = Context(capture_time=capture_time, meta={"authors": list(authors)})
    rows, state = extract_comments(root, ctx)
    return rows, state, root, ctx


def shape(rows):
    return [(r.id, r.parent_id, r.depth, r.position, r.author) for r in rows]


HTML5 = """
<div id="comments" class="comments-area">
 <h2 class="comments-title">2 thoughts on &ldquo;Soup&rdquo;</h2>
 <ol class="comment-list">
  <li id="comment-11" class="comment even thread-even depth-1 parent">
   <article id="div-comment-11" class="comment-body">
    <footer class="comment-meta"><div class="comment-author vcard"><img class="avatar" src="a.png">
      <b class="fn"><a href="https://ann.example" class="url">Ann</a></b> <span class="says">says:</span></div>
     <div class="comment-metadata"><a href="#comment-11"><time datetime="2021-03-04T05:06:07+00:00">March 4, 2021</time></a></div>
    </footer>
    <div class="comment-content"><p>Loved the soup, thank you.</p></div>
    <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
   </article>
   <ol class="children">
    <li id="comment-12" class="comment byuser bypostauthor odd alt depth-2">
     <article id="div-comment-12" class="comment-body">
      <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Chef</b></div></footer>
      <div class="comment-content"><p>Glad you liked it.</p></div>
      <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
     </article>
    </li>
   </ol>
  </li>
 </ol>
 <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
  <form action="https://x.example/wp-comments-post.php" id="commentform"><textarea name="comment"></textarea></form></div>
</div>"""


def test_html5_walker_tree_fields_and_removal():
    rows, state, root, _ = run(HTML5)
    assert shape(rows) == [("comment-11", None, 0, 1, "Ann"),
                           ("comment-12", "comment-11", 1, 2, "Chef")]
    assert rows[0].text == "Loved the soup, thank you."
    assert rows[0].author_url == "https://ann.example"
    assert rows[0].published == "2021-03-04T05:06:07+00:00"
    assert rows[1].is_site_author and not rows[0].is_site_author
    assert state == "open"
    left = root.text_content()
    assert "Loved the soup" not in left and "Leave a Reply" not in left
    assert "thoughts on" not in left and "The article text about soup." in left
    assert root.find(".//form") is None


def test_xhtml_walker_says_and_printed_date():
    rows, *_ = run("""<ol class="commentlist">
     <li class="comment even depth-1" id="li-comment-5"><div id="comment-5">
      <div class="comment-author vcard"><cite class="fn">Bob</cite> <span class="says">says:</span></div>
      <div class="comment-meta commentmetadata"><a href="#comment-5">April 9, 2012 at 5:18 pm</a></div>
      <p>First paragraph.</p><p>Second paragraph.</p>
      <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></div></li></ol>""")
    assert shape(rows) == [("comment-5", None, 0, 1, "Bob")]
    assert rows[0].text == "First paragraph.\nSecond paragraph."
    assert rows[0].published == "2012-04-09T17:18:00"


def test_genesis_article_comment():
    rows, *_ = run("""<ol class="comment-list"><li class="comment depth-1" id="comment-7">
      <article id="article-comment-7"><header class="comment-header"><p class="comment-author">
      <span class="comment-author-name">Tiff</span> <span class="says">says</span></p>
      <p class="comment-meta"><time class="comment-time"><a>October 7, 2014 at 7:22 am</a></time></p></header>
      <div class="comment-content"><p>My kind of soup.</p></div>
      <div class="comment-reply"><a class="comment-reply-link">Reply</a></div></article></li></ol>""")
    assert shape(rows) == [("comment-7", None, 0, 1, "Tiff")]
    assert rows[0].text == "My kind of soup." and rows[0].published == "2014-10-07T07:22:00"


def test_div_style_nesting_twenty_twenty():
    rows, *_ = run("""<div class="comments-wrapper"><div class="comments">
      <div id="comment-1" class="comment depth-1"><article id="div-comment-1" class="comment-body">
        <footer class="comment-meta"><span class="fn">A</span></footer>
        <div class="comment-content"><p>Top level.</p></div></article>
        <div class="children">
         <div id="comment-2" class="comment depth-2"><article id="div-comment-2" class="comment-body">
          <footer class="comment-meta"><span class="fn">B</span></footer>
          <div class="comment-content"><p>Reply one.</p></div></article>
          <div id="comment-3" class="comment depth-3"><article class="comment-body">
           <footer class="comment-meta"><span class="fn">C</span></footer>
           <div class="comment-content"><p>Reply two.</p></div></article></div>
         </div></div></div></div></div>""")
    assert shape(rows) == [("comment-1", None, 0, 1, "A"), ("comment-2", "comment-1", 1, 2, "B"),
                           ("comment-3", "comment-2", 2, 3, "C")]
    assert [r.text for r in rows] == ["Top level.", "Reply one.", "Reply two."]


def test_block_theme_with_rating_widget():
    rows, _, root, _ = run("""<div class="wp-block-comments"><h2 class="wp-block-comments-title">2 responses</h2>
      <ol class="wp-block-comment-template"><li id="comment-8" class="comment depth-1">
      <div class="wp-block-comment-author-name">Mary</div>
      <div class="wp-block-comment-date"><time datetime="2022-01-17T04:51:32-05:00">01/17/2022</time></div>
      <div class="wp-block-comment-content"><div class="wprm-comment-rating"><span>5 stars</span></div>
      <p>Delicious buns.</p></div>
      <ol class="children"><li id="comment-9" class="comment depth-2">
      <div class="wp-block-comment-author-name">Erren</div>
      <div class="wp-block-comment-content"><p>Thanks Mary.</p></div></li></ol></li></ol></div>""")
    assert shape(rows) == [("comment-8", None, 0, 1, "Mary"), ("comment-9", "comment-8", 1, 2, "Erren")]
    assert rows[0].text == "Delicious buns." and rows[0].published == "2022-01-17T04:51:32-05:00"
    assert "responses" not in root.text_content()


def test_wpdiscuz_parent_from_id_and_relative_date():
    rows, state, *_ = run("""<div id="wpdcom" class="wpdiscuz_unauth"><div class="wpd-thread-list">
      <div id="wpd-comm-100_0" class="comment wpd-comment depth-1"><div class="wpd-comment-wrap wpd-blog-guest">
       <div id="comment-100" class="wpd-comment-right"><div class="wpd-comment-header">
       <div class="wpd-comment-author">Olivia</div>
       <div class="wpd-comment-date" title="Posted"> 6 months ago</div></div>
       <div class="wpd-comment-text"><p>Best chicken ever.</p></div>
       <div class="wpd-comment-footer"><div class="wpd-vote-result">0</div><div class="wpd-reply-button">Reply</div></div>
      </div></div>
       <div id="wpd-comm-101_100" class="comment wpd-comment wpd-reply depth-2"><div class="wpd-comment-wrap wpd-blog-post_author">
        <div id="comment-101" class="wpd-comment-right"><div class="wpd-comment-author">Jo</div>
        <div class="wpd-comment-text"><p>So glad!</p></div></div></div></div>
      </div></div></div>""", capture_time=datetime(2024, 4, 20, tzinfo=timezone.utc))
    assert shape(rows) == [("comment-100", None, 0, 1, "Olivia"), ("comment-101", "comment-100", 1, 2, "Jo")]
    assert rows[0].text == "Best chicken ever." and rows[0].published == "2023-10-20"
    assert rows[1].is_site_author and state == "open"


def test_relative_date_needs_capture_time():
    html = """<ol class="comment-list"><li id="comment-1" class="comment"><span class="fn">A</span>
      <span class="comment-date">4 years ago</span><div class="comment-content">Hello there.</div></li></ol>"""
    assert run(html)[0][0].published is None
    rows = run(html, capture_time=datetime(2024, 4, 20))[0]
    assert rows[0].published == "2020-04-20"
    assert run(html, capture_time="2024-04-20T10:00:00Z")[0][0].published == "2020-04-20"


def test_schema_org_microdata_without_ids():
    rows, *_ = run("""<ul class="comment-list"><li class="comment">
      <div itemprop="comment" itemscope itemtype="https://schema.org/Comment">
       <p class="comment-author" itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Liz F</span> <span class="says">says</span></p>
       <time datetime="2018-12-17T14:21:33-08:00" itemprop="datePublished">Dec 17</time>
       <div itemprop="text"><p>Love the rant.</p></div></div>
      <ul class="children"><li class="comment"><div itemscope itemtype="https://schema.org/Comment">
       <span itemprop="author">Zen</span><div itemprop="text">Thanks Liz.</div></div></li></ul></li></ul>""")
    assert [(r.parent_id is None, r.depth, r.author, r.text) for r in rows] == [
        (True, 0, "Liz F", "Love the rant."), (False, 1, "Zen", "Thanks Liz.")]
    assert rows[1].parent_id == rows[0].id


def test_blogger_style_unkeyed_nesting():
    rows, *_ = run("""<div class="comments" id="comments"><div class="comment-thread"><ol>
      <li class="comment"><div class="comment-block"><div class="comment-header">
       <cite class="user"><a href="https://p.example">Pat</a></cite></div>
       <p class="comment-content">Great post.</p></div>
       <div class="comment-replies"><ol><li class="comment"><div class="comment-block">
        <div class="comment-header"><cite class="user">Sam</cite></div>
        <p class="comment-content">Agreed.</p></div></li></ol></div></li></ol></div></div>""")
    assert [(r.depth, r.author, r.text) for r in rows] == [(0, "Pat", "Great post."), (1, "Sam", "Agreed.")]
    assert rows[1].parent_id == rows[0].id


def test_dl_style_and_header_line_author():
    rows, *_ = run("""<div id="comments"><dl id="comment_list">
      <dt class="comment depth-1" id="comment-21"><span class="comment_author">Colm</span>
       <span class="comment_time"><a href="#comment-21">November 1, 2012 at 8:29 am</a></span></dt>
      <dd class="comment depth-1"><div class="format_text"><p>Great idea, Matt.</p></div></dd>
      </dl>
      <ol class="commentlist"><li class="alt" id="comment-22"> Heather on October 23rd, 2012 1:37 pm
       <div class="commenttext"><p>White noise machine.</p></div></li></ol></div>""")
    assert [(r.id, r.author, r.text, r.published) for r in rows] == [
        ("comment-21", "Colm", "Great idea, Matt.", "2012-11-01T08:29:00"),
        ("comment-22", "Heather", "White noise machine.", "2012-10-23T13:37:00")]


def test_pingbacks_are_not_comments_but_leave_the_body():
    rows, _, root, ctx = run("""<h3 id="pings">Trackbacks/Pingbacks</h3><ol class="commentlist">
      <li class="comment" id="comment-1"><cite class="fn">A</cite><div class="comment-content">Real one.</div></li>
      <li class="pingback" id="comment-2"><div class="comment-body">Pingback: <a href="https://o.example">Other blog</a></div></li>
      <li class="trackback" id="comment-3"><div class="comment-body">Trackback from a site</div></li>
      <li class="comment" id="comment-4"><div class="comment-body">Pingback: Roundup post</div></li>
      </ol>""")
    assert [r.id for r in rows] == ["comment-1"]
    assert "Other blog" not in root.text_content() and "Roundup" not in root.text_content()
    assert "Pingbacks" not in root.text_content()
    assert any(n["rule"] == "thread" and "3 pingbacks" in n["detail"] for n in ctx.explain)


def test_site_author_by_name_and_moderation_note_dropped():
    rows, *_ = run("""<ol class="comment-list"><li id="comment-1" class="comment">
      <span class="fn">Jane Cook</span><div class="comment-content">
      <p><em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em></p>
      <p>Thanks all.</p></div></li>
      <li id="comment-2" class="comment"><span class="fn">Joe</span><div class="comment-content">
      <p>Your comment is awaiting moderation.</p><p>Nice.</p></div></li></ol>""", authors=["Jane  Cook"])
    assert [(r.is_site_author, r.text) for r in rows] == [(True, "Thanks all."), (False, "Nice.")]


def test_disqus_and_facebook_placeholders():
    rows, state, root, _ = run('<div id="disqus_thread"></div>')
    assert rows == [] and state == "hosted_elsewhere:disqus"
    assert root.find(".//*[@id='disqus_thread']") is None
    rows, state, *_ = run('<div class="fb-comments" data-href="https://x.example"></div>')
    assert rows == [] and state == "hosted_elsewhere:facebook"
    assert run('<div id="commento"></div>')[1] == "hosted_elsewhere:commento"
    rows, state, root, _ = run('<fb:comments href="https://x.example" num_posts="10"></fb:comments>')
    assert state == "hosted_elsewhere:facebook" and not list(root.iter("fb:comments"))


def test_smiley_only_comment_keeps_its_emoticon():
    rows, *_ = run("""<ol class="commentlist"><li id="comment-3" class="comment"><cite class="fn">Plug</cite>
      <div class="comment-content"><p><img src="s.gif" alt=";)" class="wp-smiley"></p></div></li></ol>""")
    assert [(r.author, r.text) for r in rows] == [("Plug", ";)")]


def test_closed_comments_and_no_thread():
    rows, state, root, _ = run('<p class="nocomments">Comments are closed.</p>')
    assert rows == [] and state == "closed" and "closed" not in root.text_content()
    rows, state, *_ = run('<div id="comments"><p>Comments are closed.</p></div>')
    assert state == "closed"
    assert run("<p>No thread here.</p>")[:2] == ([], None)


def test_area_holding_lots_of_other_text_is_kept():
    filler = "<p>" + "article words " * 300 + "</p>"
    rows, _, root, _ = run(f"""<div class="comments">{filler}
      <ol><li class="comment" id="comment-1"><span class="fn">A</span>
      <div class="comment-content">Short remark.</div></li></ol></div>""")
    left = root.text_content()
    assert len(rows) == 1 and "Short remark" not in left and "article words" in left


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_corpus_comment_counts_are_close():
    """Every corpus page with a comment tree: count within 10% (recall-ish sanity)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    from archive import split_page
    checked = 0
    for gt_file in sorted(CORPUS.glob("*.json")):
        gt = json.loads(gt_file.read_text())
        tree = (gt.get("comments") or {}).get("tree") if isinstance(gt, dict) else None
        if not tree:
            continue
        html = gzip.decompress((CORPUS / f"{gt['id']}.html.gz").read_bytes())
        page = split_page(html, gt.get("url"))
        gold = gt["comments"]["count"]
        assert abs(len(page.comments) - gold) <= max(1, gold // 10), gt["id"]
        texts = " ".join(c.text for c in page.comments)
        assert tree[0]["text"].split()[0] in texts, gt["id"]
        checked += 1
    assert checked >= 20


def test_old_blogger_dl_block():
    rows, *_ = run("""<div id="comments"><h4>3 comments:</h4><dl id="comments-block">
      <dt class="comment-author" id="c101"><a name="c101"></a><a href="https://b.example">Dana</a> said...</dt>
      <dd class="comment-body"><p>Thanks for the tips.</p></dd>
      <dd class="comment-footer"><span class="comment-timestamp"><a href="#c101">November 2, 2012 9:15 AM</a></span></dd>
      <dt class="comment-author" id="c102"><a name="c102"></a>Anonymous said...</dt>
      <dd class="comment-body"><p>Very useful post.</p></dd></dl></div>""")
    assert [(r.author, r.text, r.published, r.depth) for r in rows] == [
        ("Dana", "Thanks for the tips.", "2012-11-02T09:15:00", 0),
        ("Anonymous", "Very useful post.", None, 0)]


def test_movable_type_footer_byline():
    rows, *_ = run("""<div id="comments" class="comments"><div class="comments-content">
      <div class="comment" id="comment-6a00d8341c2ca253ef017c3"><div class="comment-content">
      <p>I tried this and it worked.</p></div>
      <p class="comment-footer">Posted by: <a href="https://m.example">Mia</a> | September 5, 2012 at 10:11 AM</p>
      </div></div></div>""")
    assert [(r.author, r.text, r.published) for r in rows] == [
        ("Mia", "I tried this and it worked.", "2012-09-05T10:11:00")]


def test_unknown_markup_repeated_blocks_in_comment_area():
    rows, _, root, ctx = run("""<div id="comments"><h3>Reader responses</h3><ol>
      <li class="entry-box"><b>Ann</b> 3 May 2012<p>First reader remark about the soup recipe.</p></li>
      <li class="entry-box alt"><b>Ben</b> 4 May 2012<p>Second reader remark, with more words.</p>
       <ul><li><b>Cy</b> 5 May 2012<p>A reply to Ben, nested in a list.</p></li>
       <li><b>Di</b> 6 May 2012<p>Another reply to Ben, also nested.</p></li></ul></li></ol>
      <form action="/comment"><input name="x"></form></div>""")
    assert [(r.text.splitlines()[-1], r.depth) for r in rows] == [
        ("First reader remark about the soup recipe.", 0), ("Second reader remark, with more words.", 0),
        ("A reply to Ben, nested in a list.", 1), ("Another reply to Ben, also nested.", 1)]
    assert rows[2].parent_id == rows[1].id and rows[0].published == "2012-05-03"
    assert [r.author for r in rows] == ["Ann", "Ben", "Cy", "Di"]
    assert "reader remark" not in root.text_content()
    assert any(n["rule"] == "generic-repeated-blocks" for n in ctx.explain)


def test_undated_blocks_in_a_comment_area_are_not_comments():
    rows, *_ = run("""<aside id="comments"><div class="cta"><p>If you would like to add a comment, log in</p></div>
      <div class="rules"><p>Please review our commenting policy first.</p></div></aside>""")
    assert rows == []


def test_page_without_comments_keeps_everything():
    rows, state, root, _ = run("""<div class="entry-box"><p>Related: first long teaser text here.</p></div>
      <div class="entry-box"><p>Related: second long teaser text here.</p></div>""")
    assert rows == [] and state is None and "second long teaser" in root.text_content()


def test_leading_date_line_is_not_comment_text():
    rows, *_ = run("""<ol class="commentlist"><li class="comment" id="li-comment-4"><div id="comment-4">
      <div class="extra-wrap"><span class="author">dottoressa</span><br> März 7, 2018
      <p>Liebe Claudia, sehr schön.</p></div></div></li></ol>""")
    assert [(r.author, r.text, r.published) for r in rows] == [
        ("dottoressa", "Liebe Claudia, sehr schön.", "2018-03-07")]


def test_comment_opening_with_a_dated_phrase_keeps_it():
    rows, *_ = run("""<ol class="comment-list"><li id="comment-5" class="comment"><b class="fn">Anonymaus</b>
      <div class="comment-content"><p>News vom 31.10.2018</p><p>Das Verfahren ist eingestellt.</p></div></li></ol>""")
    assert rows[0].text == "News vom 31.10.2018\nDas Verfahren ist eingestellt."


def test_astra_content_section_with_comment_class_is_not_a_reply():
    rows, *_ = run("""<ol class="ast-comment-list"><li class="comment depth-1" id="li-comment-30">
      <article id="comment-30" class="ast-comment"><div class="ast-comment-info">
       <header class="ast-comment-meta ast-comment-author vcard"><div class="ast-comment-cite-wrap">
        <cite><b class="fn">Lou</b></cite></div>
        <div class="ast-comment-time"><a href="#comment-30"><time datetime="2023-05-01T10:00:00+00:00">May 1</time></a></div>
       </header></div>
       <section class="ast-comment-content comment"><p>Made it twice already.</p>
        <div class="ast-comment-edit-reply-wrap"><a class="comment-reply-link">Reply</a></div></section></article>
      <ol class="children"><li class="comment depth-2" id="li-comment-31"><article id="comment-31" class="ast-comment">
       <header class="ast-comment-meta"><cite><b class="fn">Site</b></cite></header>
       <section class="ast-comment-content comment"><p>Wonderful!</p></section></article></li></ol></li></ol>""")
    assert shape(rows) == [("comment-30", None, 0, 1, "Lou"), ("comment-31", "comment-30", 1, 2, "Site")]
    assert [r.text for r in rows] == ["Made it twice already.", "Wonderful!"]


def test_disqus_server_rendered_fallback_is_read():
    rows, state, root, _ = run("""<div id="disqus_thread"><div id="dsq-content"><ul id="dsq-comments">
      <li class="comment depth-1" id="dsq-comment-900"><div class="dsq-comment-header"><cite><span>Kim</span></cite></div>
       <div class="dsq-comment-body"><div class="dsq-comment-message"><p>Thanks, very clear.</p></div></div>
       <ul class="children"><li class="comment depth-2" id="dsq-comment-901">
        <div class="dsq-comment-header"><cite>Lee</cite></div>
        <div class="dsq-comment-body"><p>Agreed with Kim.</p></div></li></ul></li></ul></div></div>""")
    assert shape(rows) == [("comment-900", None, 0, 1, "Kim"), ("comment-901", "comment-900", 1, 2, "Lee")]
    assert [r.text for r in rows] == ["Thanks, very clear.", "Agreed with Kim."]
    assert state == "open" and "Agreed" not in root.text_content()


def test_kubrick_classic_theme():
    rows, *_ = run("""<h3 id="comments">2 Responses to &#8220;Soup&#8221;</h3><ol class="commentlist">
      <li class="alt" id="comment-123"><cite><a href="https://n.example">Nell</a></cite> Says:<br>
       <small class="commentmetadata"><a href="#comment-123">March 3rd, 2008 at 4:15 pm</a></small>
       <p>Lovely, thanks.</p></li>
      <li id="comment-124"><cite>Ed</cite> Says:<br><small class="commentmetadata"><a href="#comment-124">March 4th, 2008 at 9:00 am</a></small>
       <p>Me too.</p></li></ol>""")
    assert [(r.author, r.author_url, r.text, r.published) for r in rows] == [
        ("Nell", "https://n.example", "Lovely, thanks.", "2008-03-03T16:15:00"),
        ("Ed", None, "Me too.", "2008-03-04T09:00:00")]


def test_byline_jump_links_to_the_thread_are_removed():
    _, _, root, ctx = run("""<p class="byline">By Jo · <a href="#comments">12 Comments</a> ·
      <a href="https://x.example/post/#respond">Leave a comment</a> · Filed under soup</p>
      <p>Read <a href="#comments-policy-note">our comments policy and the full guide</a> first.</p>""")
    text = " ".join(root.text_content().split())
    assert "12 Comments" not in text and "Leave a comment" not in text
    assert "Filed under soup" in text and "our comments policy and the full guide" in text
    assert sum(n["rule"] == "removed-jump-link" for n in ctx.explain) == 2


def test_flat_markup_with_depth_classes_still_threads():
    rows, *_ = run("""<div id="comments"><dl id="comment_list">
      <dt class="comment depth-1" id="comment-1"><span class="comment_author">A</span></dt>
      <dd class="comment depth-1"><p>Top comment here.</p></dd>
      <dt class="comment depth-2" id="comment-2"><span class="comment_author">B</span></dt>
      <dd class="comment depth-2"><p>Reply to A here.</p></dd>
      <dt class="comment depth-1" id="comment-3"><span class="comment_author">C</span></dt>
      <dd class="comment depth-1"><p>Another top one.</p></dd></dl></div>""")
    assert shape(rows) == [("comment-1", None, 0, 1, "A"), ("comment-2", "comment-1", 1, 2, "B"),
                           ("comment-3", None, 0, 3, "C")]
