"""One catalogue of the generic selectors and tokens the splitter uses, per part.

Like trafilatura's xpaths.py: the rules live in the extract modules, the
markup families they recognise live here. Each section belongs to one part.
"""

# --- clean -----------------------------------------------------------------

# Elements that never hold article text (forms are kept: the comment and
# promotion steps recognise comment forms and newsletter sign-ups).
CLEAN_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe",
    "object", "embed", "canvas", "dialog",
)
# Hidden elements; aria-hidden is only trusted on small elements (icons,
# duplicated labels), because some themes set it on whole collapsed panels.
# (attribute-axis XPaths: about 3x faster in libxml2 than //*[@attr ...])
CLEAN_HIDDEN_XPATH = ("//@hidden/.. | //@aria-hidden[. = 'true']/.."
                      " | //@style[contains(., 'none') or contains(., 'hidden')]/..")
CLEAN_HIDDEN_STYLE_RE = r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)"
CLEAN_ARIA_HIDDEN_MAX_CHARS = 200
# Never drop these even when hidden: the comment step reads them.
CLEAN_KEEP_HIDDEN = ("comment", "respond", "reply", "wpd", "disqus")

# --- metadata --------------------------------------------------------------

# schema.org types whose node describes the article itself, best first.
META_ARTICLE_TYPES = (
    "Article", "BlogPosting", "NewsArticle", "MedicalWebPage", "Recipe",
    "ScholarlyArticle", "MedicalScholarlyArticle", "TechArticle", "Report",
    "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "HealthTopicContent", "SocialMediaPosting", "LiveBlogPosting", "HowTo",
)
META_PAGE_TYPES = ("WebPage", "ItemPage", "AboutPage", "CollectionPage")
# <meta name|property=...> keys, in order of trust.
META_TITLE_KEYS = ("og:title", "twitter:title", "citation_title", "dc.title",
                   "dcterms.title", "parsely-title", "sailthru.title")
META_AUTHOR_KEYS = ("author", "article:author", "citation_author", "dc.creator",
                    "dcterms.creator", "parsely-author", "sailthru.author",
                    "twitter:creator")
META_PUBLISHED_KEYS = ("article:published_time", "citation_publication_date",
                       "citation_date", "citation_online_date", "dc.date",
                       "dc.date.issued", "dcterms.created", "dcterms.issued",
                       "parsely-pub-date", "sailthru.date", "date", "pubdate",
                       "publishdate", "og:published_time", "article.published")
META_MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "dcterms.modified",
                      "dc.date.modified", "last-modified")
META_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
# Markup that prints the author / the date, most specific first.
META_MICRODATA_AUTHOR_XPATH = "//@itemprop[. = 'author']/..//@itemprop[. = 'name']/.."
META_AUTHOR_XPATHS = (
    "//@itemprop[. = 'author']/..",
    "//@class[contains(concat(' ', ., ' '), ' byline ')]/..//*[contains(@class, 'author')]",
    "//a[@rel = 'author']",
    # The first WordPress author archive link (/author/<slug>/) in a short block:
    # the byline (Twenty Twenty); later ones may be another site's author page
    "(//a[contains(@href, '/author/')][string-length(normalize-space(ancestor::*[self::p or self::div"
    " or self::li or self::small or self::span or self::td or self::h2 or self::h3 or self::h4"
    " or self::h5][1])) < 200])[1]",
    "//@class[contains(concat(' ', ., ' '), ' author-name ')]/..",
    "//@class[contains(concat(' ', ., ' '), ' entry-author-name ')]/..",
    "//@class[contains(concat(' ', ., ' '), ' vcard ')]/..//*[contains(concat(' ', @class, ' '), ' fn ')]",
    "//@class[. = 'author' or contains(., 'post-author')]/..",
    "//@class[contains(., 'byline')]/..",
)
META_DATE_XPATHS = (
    "//time[contains(@class, 'entry-date') or contains(@class, 'published')]/@datetime",
    "//time[@pubdate]/@datetime",
    "//@class[contains(., 'entry-date') or contains(., 'post-date')]/..",
    "//time/@datetime",
    "//abbr[contains(@class, 'published')]/@title",
    "//@class[contains(., 'date') or contains(., 'time') or contains(., 'meta')]/..",
)
META_HEADLINE_XPATHS = (
    "//h1[contains(@class, 'entry-title') or contains(@class, 'post-title')]",
    "//@itemprop[. = 'headline']/..",
    "//article//h1",
    "//h1",
    "//*[self::h2 or self::h3][contains(@class, 'title') or contains(@class, 'headline')]",
    "//h2",
)
# Headings that title the post itself (used when the declared title is just
# the site's name, as on older blogs).
META_ENTRY_TITLE_XPATH = (
    "//*[self::h1 or self::h2 or self::h3][contains(@class, 'entry-title')"
    " or contains(@class, 'post-title') or contains(@class, 'posttitle')"
    " or @class = 'title' or @itemprop = 'headline']"
)
# Printed bylines in post meta lines ("Posted by Jane Doe in Recipes").
META_BYLINE_XPATH = (
    "//@class[contains(., 'meta') or contains(., 'byline') or contains(., 'post-info')"
    " or contains(., 'entry-info') or contains(., 'postinfo') or contains(., 'entry-footer')"
    " or contains(., 'post-footer')]/.."
)
# A short line right under the headline that starts with "By ..." (news-style
# and hand-made 2012 pages: <p class="dateline">By Jane Doe – 7 March 2012</p>).
META_HEADLINE_BYLINE_XPATH = (
    "(//h1 | //*[self::h2 or self::h3][contains(@class, 'title')])"
    "/following-sibling::*[position() <= 2][string-length(normalize-space()) < 200]"
)
META_BYLINE_RE = (r"(?:(?:^|\b)(?i:written\s+|posted\s+|published\s+)?(?i:by)|^\s*(?i:von|par|por|door))\s+"
                  r"([A-Z][\w.'’-]+(?:[ \t\xa0]+[A-Z][\w.'’-]+){0,3})")
# Parts of a headline that are not its title: kickers, screen-reader labels.
META_HEADLINE_SKIP_CLASSES = ("kicker", "visually-hidden", "sr-only",
                              "screen-reader", "overline", "eyebrow")
META_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ")
# The site's own name printed in the header, and headings that are that name.
META_SITE_TITLE_XPATH = (
    "//@class[contains(concat(' ', ., ' '), ' site-title ')]/.. | //@id[. = 'header']/..//h1"
    " | //header//*[contains(@class, 'logo')][string-length(normalize-space()) > 1]"
)
META_SITE_HEADING_TEST = (
    "ancestor-or-self::*[@id='header' or @id='masthead' or @id='logo' or @id='banner' or @role='banner'"
    " or contains(@class, 'site-title') or contains(@class, 'site-header')"
    " or contains(@class, 'logo')]"
)

# --- comments --------------------------------------------------------------
# Markup families: WordPress html5/xhtml walkers, Genesis, Twenty Twenty div
# style, block themes, wpDiscuz, Jetpack/WordPress.com, Epoch, schema.org
# Comment microdata, Blogger, Movable Type/TypePad and older 2012 themes.
import re as _re

# id of one comment element: comment-12, li-comment-12, div-comment-12,
# article-comment-12, comment_12, TypePad's comment-6a00d8...
COMMENT_ID_RE = _re.compile(
    r"^(?:li-|div-|article-|wp-|dsq-)?comment[-_]?((?:\d+)|(?:[0-9a-f]{12,}))$", _re.I)
# wpDiscuz: wpd-comm-ID_PARENT (PARENT 0 = top level)
WPDISCUZ_ID_RE = _re.compile(r"^wpd-comm-(\d+)_(\d+)$")
# tags that can hold one comment (dt: the header of a dl-style list)
COMMENT_ITEM_TAGS = frozenset({"li", "article", "div", "dt", "section", "table"})
# a class token that marks an element as one comment
COMMENT_ITEM_CLASSES = frozenset({
    "comment", "wpd-comment", "epoch-comment", "comment-item", "commentlist-item",
    "single-comment", "comment-entry-item",
})
PINGBACK_CLASSES = frozenset({"pingback", "trackback", "comment-type-pingback",
                              "comment-type-trackback"})
PINGBACK_TEXT_RE = _re.compile(r"^\s*(pingback|trackback)\b", _re.I)
# comment by the article's author
SITE_AUTHOR_CLASSES = frozenset({"bypostauthor", "wpd-blog-post_author", "is-owner",
                                 "comment-author-admin-post", "blog-author"})  # blog-author: Blogger
# field roles inside one comment, in priority order
AUTHOR_CLASSES = (
    "fn", "comment-author-name", "wp-block-comment-author-name", "wpd-comment-author",
    "comment_author", "comment-author-link", "commentauthor", "comment_name",
    "comment-author", "author-name", "user-name", "username", "user", "author",
)
TEXT_CLASSES = (
    "comment-content", "wpd-comment-text", "wp-block-comment-content", "comment-text",
    "comment_text", "commenttext", "comment-entry", "comment_entry", "comment-body-text",
    "comment_body", "comment-message", "epoch-comment-content", "comment-body",
)
DATE_CLASSES = (
    "comment-date", "wp-block-comment-date", "wpd-comment-date", "comment-time",
    "comment_time", "comment-meta", "commentmetadata", "comment_meta", "comment-metadata",
    "comment-timestamp", "comment-info", "date", "published",
)
# never part of a comment's own text
COMMENT_NOISE_CLASSES = frozenset({
    "reply", "comment-reply", "comment-reply-link", "comment-reply-login", "wpd-reply-button",
    "comment-edit-link", "edit-link", "comment-awaiting-moderation", "comment-meta",
    "commentmetadata", "comment-metadata", "comment-author", "vcard", "says", "avatar",
    "wprm-comment-rating", "wprm-rating-stars", "comment-rating", "star-rating", "rating",
    "wpd-comment-footer", "wpd-comment-header", "wpd-vote", "comment-footer", "comment-header",
    "comment-actions", "comment-like", "likes", "comment-likes", "sharedaddy",
    "wp-block-comment-reply-link", "wp-block-comment-edit-link", "wp-block-comment-date",
    "wp-block-comment-author-name", "wp-block-avatar", "comment-replybox-single",
    "comment-replies", "comment-reply-title", "wpd-comment-label", "comment-permalink",
})
MODERATION_RE = _re.compile(r"awaiting moderation|wartet auf freischaltung|en attente de", _re.I)
# the comment area: containers removed from the tree with the thread
COMMENT_AREA_IDS = frozenset({
    "comments", "respond", "comment-wrap", "commentblock", "comments-block", "comment_list",
    "commentlist", "comment-list", "comments-area", "wpdcom", "wpd-threads", "disqus_thread",
    "comments-section", "comment-section", "commentform", "reply-title", "pings", "trackbacks",
    "comments-list", "comment-form", "epoch-comments",
    # the same in the languages the archive meets most
    "kommentare", "kommentar", "commentaires", "commenti", "comentarios", "reacties",
})
COMMENT_AREA_CLASSES = frozenset({
    "comments-area", "comment-respond", "comments", "comment-list", "commentlist",
    "wp-block-comments", "wp-block-comment-template", "wp-block-post-comments",
    "wp-block-post-comments-form", "wpdiscuz_top_clearing", "wpd-thread-list", "wpdiscuz",
    "entry-comments", "comment-form", "commentform", "comments-title", "comment-reply-title",
    "nocomments", "comments-closed", "no-comments", "comment-section", "comments-section",
    "comments-wrapper", "comments-container", "comment-container-outer", "pinglist",
    "trackbacks", "pingbacks", "fb-comments", "epoch-wrapper", "wpd-comment-info-bar",
    "comments-link", "commentlist-wrap", "comment-navigation", "comments-pagination",
    "navigation-comments", "comment-nav", "comments_intro",
})
COMMENT_FORM_ACTION_RE = _re.compile(r"wp-comments-post|comment", _re.I)
COMMENTS_HEADING_RE = _re.compile(
    r"\b(\d+\s+)?(comments?|responses?|repl(y|ies)|thoughts? on|reviews?|discussion|"
    r"pingbacks?|trackbacks?|"
    r"kommentare?|commentaires?|comentarios?|commenti|reacties|antworten)\b", _re.I)
COMMENTS_CLOSED_RE = _re.compile(
    r"comments? (are|is) (now )?closed|comments closed|commenting (is )?closed|"
    r"kommentare sind (geschlossen|deaktiviert)|commentaires sont fermés", _re.I)
# one C-level pre-selection of every element the comment step may care about
# (ids/classes naming comments, pingbacks, wpDiscuz, reply forms, hosted services)
COMMENT_SCAN_XPATH = (  # attribute-first and few tests: ~10x faster than //*[contains(@class,..)]
    "//@id[contains(.,'omment') or starts-with(.,'wpd') or contains(.,'disqus') or .='respond'"
    " or .='pings' or .='trackbacks' or .='reply-title' or .='isso-thread'"
    " or .='hyvor-talk-view' or .='comentarios' or .='reacties']/.."
    " | //@class[contains(.,'omment')]/.. | //@itemtype[contains(.,'omment')]/.. | //form"
)
# "42 Comments" / "Leave a comment" links that jump to the thread (post bylines):
# href substrings (the XPath below says the same; the code tests the tuple)
COMMENT_JUMP_TARGETS = ("#comments", "#respond", "#disqus_thread", "#wpdcom", "#reply-title")
COMMENT_JUMP_XPATH = ("//a[contains(@href,'#comments') or contains(@href,'#respond')"
                      " or contains(@href,'#disqus_thread') or contains(@href,'#wpdcom')"
                      " or contains(@href,'#reply-title')]")
COMMENT_JUMP_TEXT_RE = _re.compile(
    r"^(\d[\d,.]*\s*)?(comments?|responses?|repl(y|ies)|kommentare?|commentaires?|"
    r"comentarios?|leave an? (comment|reply)|add (a|your) comment|no comments( yet)?|"
    r"join the discussion)?\W*$", _re.I)
DISQUS_IDS = frozenset({"disqus_thread"})
# other script-loaded comment services: placeholder id -> service name
# (ids must also be selected by COMMENT_SCAN_XPATH)
HOSTED_IDS = {"commento": "commento", "isso-thread": "isso", "hyvor-talk-view": "hyvor"}
FACEBOOK_CLASSES = frozenset({"fb-comments", "fb_comments"})

# --- references ------------------------------------------------------------

# Headings that open a reference list (matched on the whole, lower-cased heading
# text without a trailing colon). STRONG ones need weakly citation-like entries
# (a year, a link); WEAK ones ("Notes" is also a recipe-card heading) need
# entries that really look like citations (DOI, PMID, "et al", journal + year).
REF_HEADINGS_STRONG = (
    "references", "reference", "sources", "source", "citations", "bibliography",
    "works cited", "literature cited", "references and notes", "sources and references",
    "scientific references", "studies cited", "selected references", "key references",
    "article sources", "sources cited", "cited sources", "reference list", "list of references",
    "einzelnachweise", "quellenverzeichnis", "belege",
    "referenzen", "quellen", "quellenangaben", "literatur", "literaturverzeichnis",
    "références", "sources et références", "bibliographie", "referencias", "fuentes",
    "bibliografía", "bibliografia", "riferimenti", "fonti", "referências", "bronnen",
    "literatuur", "källor", "referanser", "kilder",
)
REF_HEADINGS_WEAK = ("notes", "note", "footnotes", "endnotes", "further reading",
                     "anmerkungen", "fußnoten", "notas")
# cheap pre-filter on the short own text of heading-like elements (lower-cased)
REF_HEADING_STEMS = ("referen", "source", "citation", "bibliogra", "cited", "note",
                     "quellen", "literat", "fuente", "fonti", "bronnen", "källor",
                     "kilder", "reading", "anmerk", "fußn", "notas")

# Known reference-list markup families. An ol/ul is a reference list when it,
# or one of its 3 nearest ancestors, carries one of these class tokens /
# class substrings / ARIA roles, or when its first item carries an item token.
REF_LIST_CLASS_TOKENS = ("references", "reflist", "refbegin", "footnotes", "bibliography",
                         "csl-bib-body", "ref-list", "references-list", "endnotes")
REF_LIST_CLASS_PARTS = ("wp-block-footnotes", "c-article-references", "easy-footnotes-wrapper",
                        "modern-footnotes-list", "simple-footnotes", "footnotes-list",
                        "article-references", "reference-list")
REF_LIST_ROLES = ("doc-endnotes", "doc-bibliography", "doc-footnotes")
# whole words of a class or id ("article-sources", "refs_list"): a likely list
REF_LIST_CLASS_WORDS = ("references", "citations", "sources", "bibliography", "footnotes",
                        "endnotes", "reflist", "refs", "literature", "quellen")
REF_ITEM_CLASS_TOKENS = ("citation", "c-article-references__item", "csl-entry", "footnote-item")

# Recipe cards (WP Recipe Maker, Tasty, Mediavine Create, ...): their "Notes"
# are cooking notes, never a reference list.
REF_RECIPE_CARD_XPATH = (
    "ancestor-or-self::*[contains(@class, 'wprm-recipe') or contains(@class, 'tasty-recipe')"
    " or contains(@class, 'mv-create') or contains(@class, 'recipe-card')"
    " or contains(@class, 'easyrecipe') or contains(@class, 'zlrecipe')"
    " or contains(@class, 'wp-block-recipe') or contains(@class, 'recipe-notes')"
    " or contains(@class, 'cookbook-recipe') or contains(@class, 'recipe-container')"
    " or contains(@itemtype, 'schema.org/Recipe')]"
)

# In-text markers and backlinks, and link labels that are not part of an entry.
REF_BACKLINK_TEXT = ("^", "↑", "↩", "↩︎", "⤴", "back", "back to text", "return to text",
                     "jump up", "jump up to", "go back", "return")
REF_LINK_LABELS = (
    "google scholar", "pubmed", "pubmed central", "pubmed abstract", "cas", "article",
    "crossref", "cross ref", "publisher full text", "full text", "pdf", "openurl",
    "web of science", "scopus", "medline", "pmc free article", "free full text",
    "abstract", "view article", "link", "ads", "math review", "mathscinet",
    "pubmed/ncbi", "ncbi", "europe pmc", "semantic scholar", "isi", "view record in scopus",
)

# Hosts of scholarly sources: links to them inside the article text are inline
# citations (Healthline-style) when the page has no reference list.
REF_SCHOLARLY_HOSTS = (
    "ncbi.nlm.nih.gov", "pubmed.gov", "europepmc.org", "doi.org", "sciencedirect.com",
    "link.springer.com", "springer.com", "nature.com", "thelancet.com", "nejm.org",
    "jamanetwork.com", "bmj.com", "academic.oup.com", "onlinelibrary.wiley.com",
    "journals.plos.org", "frontiersin.org", "mdpi.com", "tandfonline.com",
    "cochranelibrary.com", "ahajournals.org", "cell.com", "science.org", "pnas.org",
    "karger.com", "liebertpub.com", "journals.lww.com", "biomedcentral.com",
    "jstage.jst.go.jp", "cambridge.org", "annals.org", "jneurosci.org", "jci.org",
    "physiology.org", "sagepub.com", "thieme-connect.com", "scielo.br", "scielo.org",
    "nutrition.org", "hindawi.com", "wiley.com", "elsevier.com",
    "jamda.com", "diabetesjournals.org", "atsjournals.org", "aacrjournals.org",
    "endocrine.org", "jnm.snmjournals.org", "clinicaltrials.gov", "examine.com",
    "nih.gov", "cdc.gov", "who.int", "fda.gov", "nhs.uk", "cochrane.org",
)
# An inline link whose parent is a custom element naming a source / citation
# (e.g. <hl-trusted-source>) is a citation whatever its host.
REF_INLINE_PARENT_WORDS = ("source", "citation", "cite")

# --- promotions ------------------------------------------------------------
import re as _re  # noqa: E402 (this section stands alone)

# Affiliate networks by registrable domain (the link's host or a parent of it).
PROMO_NETWORK_DOMAINS = {
    "amzn.to": "amazon", "amzn.com": "amazon", "amzn.eu": "amazon", "a.co": "amazon",
    "shareasale.com": "shareasale", "shareasale-analytics.com": "shareasale",
    "shrsl.com": "shareasale",
    "sjv.io": "impact", "pxf.io": "impact", "evyy.net": "impact", "7eer.net": "impact",
    "ojrq.net": "impact", "vzew.net": "impact", "mkr3.net": "impact", "xlg3.net": "impact",
    "uqhv.net": "impact", "ryvx.net": "impact", "a9yw.net": "impact",
    "impact.com": "impact", "impactradius.com": "impact",
    "anrdoezrs.net": "cj", "jdoqocy.com": "cj", "tkqlhce.com": "cj", "dpbolvw.net": "cj",
    "kqzyfj.com": "cj", "emjcd.com": "cj", "qksrv.net": "cj", "ftjcfx.com": "cj",
    "lduhtrp.net": "cj", "awltovhc.com": "cj", "tqlkg.com": "cj", "afcyhf.com": "cj",
    "linksynergy.com": "rakuten", "awin1.com": "awin", "zenaps.com": "awin",
    "skimresources.com": "skimlinks", "redirectingat.com": "skimlinks",
    "refersion.com": "refersion", "prf.hn": "partnerize", "rstyle.me": "rewardstyle",
    "liketk.it": "rewardstyle", "shopltk.com": "rewardstyle", "shopstyle.it": "shopstyle",
    "geni.us": "geniuslink", "clickbank.net": "clickbank", "avantlink.com": "avantlink",
    "pjtra.com": "pepperjam", "pjatr.com": "pepperjam", "gopjn.com": "pepperjam",
    "flexlinkspro.com": "flexoffers", "linkoffers.net": "flexoffers",
    "viglink.com": "sovrn", "sovrn.co": "sovrn", "howl.me": "howl",
    "shop-links.co": "magiclinks", "go.magik.ly": "magiclinks",
}
PROMO_NETWORK_NAMES = frozenset(PROMO_NETWORK_DOMAINS.values())
PROMO_IMPACT_HOST_RE = _re.compile(r"^imp\.i\d+\.net$|^goto\.[a-z0-9-]+\.[a-z.]+$")
PROMO_AMAZON_HOST_RE = _re.compile(r"(?:^|\.)amazon\.(?:com?\.)?[a-z]{2,3}$")
# Query parameters that name an affiliate (tag= only counts on Amazon).
PROMO_AFF_PARAMS = frozenset({
    "aff", "affid", "aff_id", "affiliate", "affiliate_id", "affiliateid", "aff_sub",
    "a_aid", "rfsn", "irclickid", "irgwc", "ranmid", "ransiteid", "sscid", "clickref",
    "awc", "cjevent", "afftrack", "aff_code", "ref_id", "referral_code",
})
PROMO_AFF_QUERY_RE = _re.compile(
    r"[?&](?:aff|affid|aff_id|affiliate|affiliate_id|affiliateid|aff_sub|a_aid|rfsn|irclickid"
    r"|irgwc|ranmid|ransiteid|sscid|clickref|awc|cjevent|afftrack|aff_code|ref_id"
    r"|referral_code|ref|referral|tag|ascsubtag)=", _re.I)
# Query parameters of network redirects that carry the merchant's URL.
PROMO_DEST_PARAMS = ("url", "murl", "ued", "urllink", "u", "dest", "destination",
                     "redirect", "deeplink", "link", "r")
PROMO_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "or", "ne"})
# A site's own cloaked affiliate paths (ThirstyAffiliates, Pretty Links, ...).
PROMO_CLOAKED_PATH_RE = _re.compile(
    r"^/(?:go|recommends|recommend|refer|aff|affiliate|affiliate-link|out|shop-link)/[^/]+", _re.I)
# Hosts of newsletter services: a link to one is a sign-up.
PROMO_NEWSLETTER_DOMAINS = frozenset({
    "flodesk.com", "list-manage.com", "eepurl.com", "mailchi.mp", "convertkit.com",
    "ck.page", "kit.com", "mailerlite.com", "subscribepage.io", "beehiiv.com",
    "aweber.com", "getresponse.com", "sendfox.com", "emailoctopus.com", "substack.com",
    "klaviyo.com", "mlsend.com",
})
# Class / id words (split at - and _) that mark a promotion container.
PROMO_CLASS_RE = _re.compile(
    r"(?<![a-z0-9])(?:ad|ads|adsbygoogle|advert|adverts|advertisement|advertisements|advertising"
    r"|adthrive|raptive|adslot|adunit|adsense|dfp|ezoic|newsletters?|subscribe|subscription|signup"
    r"|optin|mc4wp|mailchimp|formkit|convertkit|flodesk|mailerlite|klaviyo|optinmonster"
    r"|aawp|lasso|easyazon|azonpress|buybox|shopthepost|sponsored|sponsor|taboola|outbrain"
    r"|revcontent|zergnet|product|affiliate)(?![a-z0-9])|sign-up|opt-in|ml-form|buy-box"
    r"|shop-the-post|wp-block-woocommerce|wc-block-grid|email-capture|lead-magnet"
    r"|google-auto-placed")
PROMO_AD_WORDS = frozenset({
    "ad", "ads", "adsbygoogle", "advert", "adverts", "advertisement", "advertisements",
    "advertising", "adthrive", "raptive", "adslot", "adunit", "adsense", "dfp", "ezoic",
    "google-auto-placed"})
PROMO_SPONSORED_WORDS = frozenset({"sponsored", "sponsor", "taboola", "outbrain",
                                   "revcontent", "zergnet"})
PROMO_NEWSLETTER_WORDS = frozenset({
    "newsletter", "newsletters", "subscribe", "subscription", "signup", "sign-up", "optin",
    "opt-in", "mc4wp", "mailchimp", "formkit", "convertkit", "flodesk", "mailerlite",
    "klaviyo", "optinmonster", "ml-form", "email-capture", "lead-magnet"})
PROMO_PRODUCT_WORDS = frozenset({"aawp", "lasso", "easyazon", "azonpress", "buybox",
                                 "buy-box", "shopthepost", "shop-the-post",
                                 "wp-block-woocommerce", "wc-block-grid"})
# "product" / "affiliate" only mark a box together with one of these words.
PROMO_BOX_WORDS = frozenset({"box", "card", "block", "widget", "showcase", "spotlight",
                             "table", "button", "grid", "list", "review", "product"})
# Never a promotion container (comment subscription, recipe card parts, ...).
PROMO_CLASS_VETO_RE = _re.compile(
    r"comment|kommentar|reply|recipe|wprm|tasty|header|masthead|skip")
# Generated ids ("kb-row-layout-id_76272e-ad"): a hash ending in "-ad" is no ad.
PROMO_HEX_AD_RE = _re.compile(r"(?<![a-z0-9])[0-9a-f]*\d[0-9a-f]*[-_]ads?(?![a-z0-9])")
# Ancestors whose content is never a product pitch (recipe cards, tables).
PROMO_RECIPE_RE = _re.compile(
    r"(?<![\w-])(?:wprm-recipe[\w-]*|tasty-recipes?[\w-]*|mv-create-card|mv-create-[\w-]+"
    r"|recipe-card[\w-]*|easyrecipe|zlrecipe[\w-]*|cooked-recipe[\w-]*|wp-block-wprm[\w-]*"
    r"|recipe|hrecipe|wpzoom-recipe-card)(?![\w-])")
# Containers of the article (or the page): promotion boxes never grow into them.
PROMO_ROOT_TAGS = frozenset({"html", "body", "main", "article"})
PROMO_ROOT_CLASS_RE = _re.compile(
    r"(?<![a-z])(?:entry-content|post-content|post-body|article-body|article-content"
    r"|articlebody|entry|content|site-content|site-inner|content-area|main-content"
    r"|page-content|td-post-content|story-body|post-entry|single-content|main)(?![a-z-])")
# Block-level tags: a text hit is judged on its nearest block.
PROMO_BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
    "blockquote", "figcaption", "section", "aside", "header", "footer", "form", "figure",
    "ul", "ol", "table", "nav", "body", "article", "main", "center", "label", "button"})
# Lower-cased text anchors (all found in one Aho-Corasick pass, far faster than one big
# regex alternation): only blocks holding one of these are judged by the text rules.
PROMO_TEXT_ANCHORS = (
    "affiliat", "amazon", "commission", "compensat", "sponsor", "partnership", "advertis",
    "anzeige", "werbung", "publicit", "promoted", "newsletter", "subscri", "sign up",
    "signup", "sign-up", "inbox", "e-mail", "email", "mailing list", "abonn", "anmelden",
    "never miss", "coupon", "promo", "code", "% off", "discount", "voucher", "gutschein",
    "rabatt", "checkout", "free", "kostenlos", "gratis", "complimentary", "buy", "shop", "order now",
    "order today", "order your", "order here", "order online", "pre-order", "preorder",
    "purchase", "get your", "add to", "grab", "click here", "kaufen", "bestellen",
    "provision", "disclosure", "qualifying", "cookbook", "i created", "i developed",
    "we created", "we developed", "formulated", "my program", "our program", "my course",
    "our course", "supplement", "membership", "challenge", "ebook", "e-book", " app",
    "$", "€", "£",
)
_F = r"(?<![\w-])"  # "free" as a word, not "gluten-free"
PROMO_DISCLOSURE_RE = _re.compile(
    r"(?:contains?|includes?|uses?|may have|has) (?:\w+ ){0,2}affiliate[- ]links?"
    r"|affiliate[- ]links? (?:are|is|may be|might be|were|marked)"
    r"|(?:may|might|could|will|are|is) be (?:an? )?affiliate[- ]links?"
    r"|as an? amazon associate|amazon services,? llc associates? program"
    r"|(?:participant|member|participates?) (?:in|of) (?:the )?(?:\w+ ){0,4}affiliate (?:advertising )?"
    r"program|earns? from qualifying purchases"
    r"|\b(?:earns?|receives?|make|makes|get|gets) (?:a )?(?:small |tiny )?(?:commission|affiliate fee)"
    r"|(?:commission|compensation) (?:if|when|from|on) (?:you|qualifying|any|purchases|sales)"
    r"|at no (?:extra|additional) cost to you"
    r"|this (?:post|article|page|recipe|video|content) (?:is|was) (?:sponsored|presented|brought to you) by"
    r"|(?:enthält|beinhaltet) (?:\w+ )?(?:affiliate|werbe|partner)-?links"
    r"|(?:erhalten|bekommen) wir (?:eine )?(?:kleine )?provision"
    r"|affiliate-links? (?:sind|werden)"
    # sponsorship and gifted-product wording (food / wellness blogs)
    r"|\blinks?\b(?: [\w-]+){0,4} (?:are|is|may be|might be) (?:an? )?affiliate"
    r"|\b(?:i|we) (?:may |might |will |could )?(?:earn|receive|make|get) (?:a )?(?:small |tiny )?"
    r"(?:referral |affiliate )?fee"
    r"|\b(?:i|we) (?:(?:was|were|have been|had been) )?(?:received|sent|given|provided(?: with)?|gifted)"
    r" (?:[\w'’-]+ ){0,5}(?:free of charge|for free|at no cost|complimentary)"
    r"|\b(?:sent|gave|gifted|provided) (?:me|us) (?:[\w'’-]+ ){0,9}(?:free of charge|for free|at no cost)"
    r"|in exchange for (?:an? |my )?(?:honest )?review"
    r"|\b(?:a|this is a|this was a) sponsored (?:post|conversation|article|recipe)"
    r"|written by me on behalf of|for sponsoring (?:this|today'?s|my) |thank(?:s| you) to [^.!]{2,60}? for sponsoring"
    r"|\b(?:post|recipe|article|video|content|page) (?:was|is|has been) (?:\w+ )?(?:created|written|made"
    r"|developed) in (?:paid )?partnership with"
    r"|\b(?:i|we) (?:was|were|am|are|have been|may be) (?:\w+ )?compensated"
    r"|\b(?:all )?opinions (?:expressed )?(?:are|remain) (?:all |100% |completely |entirely |always )?(?:my|our) own"
    r"|\b(?:all )?opinions (?:are|remain) (?:all |100% |completely |entirely |always )?(?:mine|ours)\b"
    r"|(?:enthält|beinhaltet) (?:\w+ )?werbung|\bunbezahlte werbung", _re.I)
PROMO_SHORT_DISCLOSURE_RE = _re.compile(
    r"^(?:(?:this|the following) (?:post|article|content|recipe|video)(?: \w+){0,3} )?"
    r"(?:sponsored by|in (?:paid )?partnership with|paid partnership|presented by"
    r"|brought to you by|in kooperation mit|werbung für|unterstützt von)\b"
    r"|^(?:amazon associates?|affiliate|ftc|advertising|sponsorship)? ?disclosure:?$", _re.I)
PROMO_SPONSORED_LABEL_RE = _re.compile(
    r"^(?:sponsored|sponsoris[ée]e?|gesponsert|patrocinado|sponsorizzato|promoted|paid (?:post"
    r"|content|partnership)|partner content|sponsored (?:content|post|links?|stories|articles?"
    r"|products?)|advertorial|(?:[\w ]{0,30} )?from our sponsors?|our sponsors)$", _re.I)
PROMO_AD_LABEL_RE = _re.compile(
    r"^(?:advertisement|advertisements|advertising|ad|ads|anzeige|werbung|publicité|publicidad"
    r"|pubblicità|reklame|annonce|(?:story|article|content) continues below(?: this)?"
    r" advertisement|advertisement ?- ?(?:scroll|continue) .{0,30})$", _re.I)
PROMO_NEWSLETTER_RE = _re.compile(
    r"(?:sign ?up|subscribe|join|register|opt in)\b.{0,80}\b(?:e-?mails?|inbox|newsletters?"
    r"|mailing list|email list|updates)\b|(?:delivered|straight|right|directly|sent) (?:to|in|into)"
    r" your (?:e-?mail )?inbox|follow (?:\w+ ){0,3}(?:via|by) e-?mail|send me (?:an )?e-?mail"
    r"|(?:get|receive|join) (?:our|my|the) (?:\w+ ){0,2}newsletter|newsletter (?:bestellen"
    r"|abonnieren|anmelden|sign ?up)|(?:abonniere|abonnieren sie|melden sie sich).{0,40}newsletter"
    r"|^(?:\w+ ){0,2}newsletters?!?$|nurture your inbox|never miss (?:a|another) (?:\w+ )?(?:post|recipe)",
    _re.I)
# (lower-cased text; "feed" alone is a food word: "easy dinners to feed a crowd")
PROMO_NOT_NEWSLETTER_RE = _re.compile(
    r"comment|youtube|podcast|channel|rss|feedly|feed reader|(?:atom|news|blog|post) feed")
PROMO_LEAD_RE = _re.compile(
    _F + r"(?:free|complimentary|gratis|kostenlose?n?)\b(?:[\s-]+[\w'-]+){0,4}?[\s-]+(?:guide|e-?book"
    r"|e-?cookbook|report|download|checklist|master ?class|cheat ?sheet|printables?|workbook"
    r"|(?:mini-|e-?mail )?course|meal plans?|pdf|webinar|challenge|toolkit|starter kit|training"
    r"|video series|planner|templates?|quiz|ratgeber|checkliste|leitfaden|kostprobe)s?\b"
    r"|(?:download|grab|claim|get|access|snag) (?:your|my|the|our) " + _F + r"(?:free|complimentary)",
    _re.I)
PROMO_LEAD_CTA_RE = _re.compile(
    r"(?:my|our|your) (?:\w+ ){0,2}" + _F + r"(?:free|complimentary)|instant access|sign up"
    r"|subscribe|enter your (?:e-?mail|name)|(?:download|grab|claim|get) (?:it|yours|now)"
    r"|holen sie sich", _re.I)
PROMO_PITCH_CTA_RE = _re.compile(
    r"\b(?:buy (?:it|them|one|yours|now|here|today|online|on amazon|the (?:book|cookbook))"
    r"|shop (?:now|here|the (?:collection|look|post)|my|our)|order (?:now|today|yours|here|online"
    r"|your (?:copy|bottle|kit|box|bag|set))|pre-?order|get yours|get (?:your|a) (?:own|copy|bottle"
    r"|kit|box|bag|set|signed copy)|add to (?:cart|bag|basket)|grab (?:your|a) (?:copy|bottle|bag"
    r"|box|kit|set)|click here to (?:buy|order|purchase|shop|get)|available (?:now |today )?(?:for"
    r" purchase|on amazon|in (?:my|our) (?:shop|store))|jetzt (?:kaufen|bestellen|sichern)"
    r"|(?:in unserem|in meinem) shop|enrol(?:l)? (?:today|now|here))\b", _re.I)
PROMO_OWN_RE = _re.compile(
    r"\b(?:my|our) (?:(?:new|own|latest|best-?selling|bestselling|signature|favorite|online"
    r"|brand[- ]new|\d+-(?:day|week))\s+)*(?:program(?:me)?s?|courses?|master ?class|supplements?"
    r"|formula|products?|cookbooks?|books?|e-?books?|apps?|membership|shop|store|meal plans?"
    r"|challenges?|kits?|bundles?|collagen|protein powder|blend)\b"
    # a named product: "my 21-Day Gut Reset program", "our Glow Greens blend"
    r"|\b(?:my|our) (?:(?-i:[A-Z0-9])[\w'’™®-]*\s+){1,4}(?:program(?:me)?|course|master ?class"
    r"|supplement|formula|cookbook|e-?book|app|membership|meal plan|challenge|kit|bundle|blend)s?\b"
    r"|\b(?:i|we) (?:created|developed|formulated|designed|launched|wrote) (?:a |an |the |my |our |this )?"
    r"(?:[\w™®-]+ ){0,3}(?:program(?:me)?|course|supplement|formula|product|cookbook|book|e-?book|app"
    r"|plan|kit|system|protein|powder|blend|mix|tea|bars?|serum|cream|line)\b", _re.I)
PROMO_SALES_VERB_RE = _re.compile(
    r"\b(?:buy|order|purchase|get|try|join|enroll|enrol|shop|download|sign up|available|save"
    r"|discount|off|learn more|click here|check (?:it )?out|grab|pick up|start|access)\b", _re.I)
# Links a pitch sells through: shops, product / checkout pages, app stores.
PROMO_SHOP_URL_RE = _re.compile(
    r"/(?:shop|store|products?|checkout|cart|buy|order|books?|cookbooks?|programs?|courses?"
    r"|membership|join|offers?|sales?|app|kaufen)(?:/|$|[?#.-])|[?&]add-to-cart=|amzn\.|amazon\."
    r"|etsy\.com|gumroad\.com|shopify|clickfunnels|samcart|thrivecart|teachable\.com|kajabi"
    r"|podia\.com|payhip|sendowl|stan\.store|bookshop\.org|barnesandnoble|indiebound"
    r"|apps\.apple\.com|play\.google\.com|itunes\.apple\.com", _re.I)
PROMO_CTA_LINK_RE = _re.compile(
    r"^(?:buy|shop|order|get|grab|join|learn more|click here|start|download|enroll|enrol|try"
    r"|check (?:it )?out|see (?:price|deal)|view (?:price|deal|product)|add to|jetzt|zum shop"
    r"|pre-?order|sign up|claim)\b", _re.I)
PROMO_BUTTON_RE = _re.compile(
    r"^(?:join|get|download|try|buy|shop|order|grab|start|pre-?order|enroll|enrol)\b.{0,40}\b(?:app"
    r"|program(?:me)?|course|cookbooks?|books?|e-?books?|plan|challenge|membership|bundle|kit"
    r"|supplements?|products?|store|shop)\W*$|^(?:buy|shop|order) now\W*$|^add to (?:cart|bag"
    r"|basket)\W*$", _re.I)
PROMO_PRICE_RE = _re.compile(r"[$€£]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|eur\b|usd\b)", _re.I)
PROMO_OFFER_RE = _re.compile(
    r"\d+ ?%|% off|\bsave \$?\d|free shipping|discount|rabatt|spare|sparen|prozent|off your", _re.I)
# A coupon code: after "code" words (any case when it has a digit or is all caps).
PROMO_CODE_RE = _re.compile(
    r"(?i:(?:coupon|promo|promotion|promotional|discount|voucher|gutschein|rabatt)[\s-]?codes?"
    r"|\b(?:use|enter|apply|with|mit|using) (?:the |my |our |this )?(?:code|coupon)|\bcode)"
    r"\s*[:\"“'„«]?\s*([A-Za-z0-9][A-Za-z0-9_-]{2,23})\b")
# "Use HEALTHY10 at checkout": a code-like token (capitals) that is entered at checkout.
PROMO_CODE_CHECKOUT_RE = _re.compile(
    r"\b(?i:use|enter|apply)\s+[\"“']?([A-Z0-9][A-Z0-9_-]{3,23})[\"”']?\s+(?i:at|during|in)\s+"
    r"(?i:the\s+)?(?i:check-?out)\b")
PROMO_CODE_TOKEN_RE = _re.compile(r"^[A-Z0-9][A-Z0-9_-]{3,23}$")
PROMO_CODE_STOP = frozenset({"BELOW", "ABOVE", "HERE", "THE", "AND", "FOR", "YOUR", "THIS",
                             "CODE", "COUPON", "FREE", "NOW", "HTML", "CSS", "JSON", "XML",
                             "PDF", "USA", "FAQ"})
PROMO_TEXT_MAX = 2000  # a promotion's stored text is cut at this length
# Cheap gates (plain alternations of lower-case literals, which Python's re scans
# fast): a rule's full regex only runs on a block whose lower-cased text hits its gate.
PROMO_DISCLOSURE_HINT = _re.compile(
    r"affiliat|amazon|commission|compensat|sponsored|presented by|brought to you|provision"
    r"|partner|no extra cost|no additional cost|disclosure|werbe|kooperation|unterstützt"
    r"|qualifying|sponsor|free of charge|for free|at no cost|complimentary|exchange for|opinions"
    r"|on behalf of| fee|werbung")
PROMO_NEWSLETTER_HINT = _re.compile(
    r"newsletter|sign up|signup|sign-up|subscribe|inbox|mail|abonn|anmeld|register|join"
    r"|never miss|opt in")
PROMO_LEAD_HINT = _re.compile(r"free|complimentary|gratis|kostenlos")
PROMO_PITCH_HINT = _re.compile(
    r"buy|shop|order|purchase|get your|get yours|add to|grab|click here|available|jetzt|my |our "
    r"|i created|i developed|we created|we developed|formulated|learn more")
PROMO_CODE_HINT = _re.compile(r"code|coupon|promo|voucher|gutschein|rabatt|% off|discount|checkout")
PROMO_PRICE_HINT = _re.compile(r"\$|€|£|eur|usd")


# --- body ------------------------------------------------------------------

# Class tokens of main-content containers (WordPress and its themes,
# schema.org, Blogger, Ghost, news CMSs). Among the elements carrying one, the
# one with the most non-link text wins, or the tightest box inside it that
# holds >= 85% of that text. Then <article>/<main>, then paragraph scoring.
BODY_CONTENT_CLASSES = frozenset({
    "entry-content", "post-content", "td-post-content", "post-entry", "entry",
    "post-body", "article-body", "article-content", "story-body", "article__body",
    "single-content", "articlebody", "article-text", "post-text", "blog-content",
    # Ghost, Squarespace, BEM-style themes
    "gh-content", "post-full-content", "blog-item-content", "entry-body", "post__content",
    "article__content", "entry__content", "post__body", "single-post-content",
    "content-body", "the-content", "post-single-content",
    # older themes and CMSs
    "storycontent", "postcontent", "post-body-inner", "entrytext", "entry-text",
    "articlecontent", "article-body-content", "post_content", "entry_content",
    "field-name-body", "node-content", "itemfulltext",
})
# Cheap XPath prefilter (one scan); the class tokens are then checked in Python.
# (each contains() over every class attribute costs ~0.3 ms on a big page, so
# the common "...content" classes are looked up first, the rest only if needed)
BODY_CONTENT_PREFILTER = "//@itemprop[. = 'articleBody']/.. | //@class[contains(., 'ontent')]/.."
BODY_CONTENT_PREFILTER_MORE = "//@class[contains(., 'ntry') or contains(., 'ody') or contains(., 'ext')]/.."
BODY_CONTENT_SURE_CHARS = 1000
# `.content` counts only inside an <article>.
BODY_ARTICLE_CONTENT_CLASS = "content"
BODY_SECTION_TAGS = ("article", "main")
# A container must hold at least this much non-link text to be trusted.
BODY_MIN_CHARS = 200
# A sibling block with the container's content class joins it from this size.
BODY_SEGMENT_MIN_CHARS = 80
# Class / id words of boilerplate inside the content (matched on the words
# of each class token split at - and _).
BODY_BOILERPLATE_WORDS = frozenset({
    "share", "sharing", "shares", "sharedaddy", "social", "socials", "related",
    "relatedposts", "yarpp", "breadcrumb", "breadcrumbs", "nav", "navigation",
    "pagination", "pager", "jump", "tags", "tagcloud", "categories",
    "cat", "widget", "sidebar", "subscribe", "newsletter", "advert",
    "advertisement", "ads", "ad", "sponsor", "promo", "comment", "comments",
    "respond", "bio", "authorbox", "popup", "modal", "skip", "rating",
    "ratings", "pinit", "signup", "optin", "cta", "nocontent", "sociable",
    "buybox", "paywall", "toggle", "author", "autor", "authors", "byline",
    "footer", "about", "print",
})
# Words that name a control (a label), not a block: they only remove short
# elements, so an FAQ accordion's answers stay.
BODY_LABEL_WORDS = frozenset({"toggle", "jump", "skip", "print"})
BODY_LABEL_MAX_CHARS = 80
# A paragraph opening with one of these labels (and holding links) lists the
# post's tags / categories, not content.
BODY_TAGS_LABEL_RE = (r"\s*(?:tags|tagged(?: with| as)?|filed under|posted in|schlagw[öo]rter"
                      r"|stichw[öo]rter|étiquettes|etiquetas)\s*:?\s*$")
# Words that rescue a token from the list above ("entry-content", "recipe").
BODY_KEEP_WORDS = frozenset({"content", "body", "entry", "article",
                             "recipe", "wprm", "tasty", "main"})
BODY_BOILERPLATE_TOKENS = frozenset({
    "jp-relatedposts", "yarpp-related", "sharedaddy", "post-tags", "entry-tags",
    "entry-footer", "post-footer", "author-box", "author-bio", "about-author",
    "wprm-recipe-jump", "wprm-recipe-print", "wprm-recipe-pin", "entry-meta",
    "post-meta", "screen-reader-text", "sr-only", "visually-hidden",
    "printfriendly", "print-button", "print-link", "print-recipe",
    "tasty-recipes-print-button", "toc_container",
    "ez-toc-container", "lwptoc", "social-share", "share-buttons",
    "hidden", "hide", "is-hidden", "js-hidden", "visuallyhidden",
    # WordPress classic image captions: they describe images the archive does
    # not load (the html5 <figcaption> is kept).
    "wp-caption-text",
})
# A block holding this much paragraph text (with few links) is content even
# when its class says otherwise ("content_body" / "TOC_TITLE_3" sections).
BODY_KEEP_PARAGRAPH_CHARS = 300
BODY_DROP_TAGS = ("nav", "aside", "button", "input", "select", "textarea",
                  "label", "form")
# Dropped unless they hold real paragraphs (a lead in an article header).
BODY_WEAK_DROP_TAGS = ("footer", "header")
BODY_LEAD_MIN_CHARS = 100
# Class prefixes of share / related-posts / author-box plugins and of
# MediaWiki's navigation boxes (matched after camelCase -> kebab-case).
BODY_BOILERPLATE_PREFIXES = (
    "jp-relatedposts", "yarpp", "sharedaddy", "addtoany", "a2a_", "shareaholic",
    "swp_social", "swp-", "dpsp-", "et_social", "heateor", "mashsb", "ssba",
    "crp_related", "wp-block-latest-posts", "wp-about-author", "abh_",
    "saboxplugin", "simple-author-box", "m-a-box", "molongui", "pp-multiple-authors",
    "ppma-", "related-posts", "relatedposts", "social-warfare", "sharethis",
    "navbox", "vertical-navbox", "sistersitebox", "mw-editsection", "mw-jump",
    "catlinks", "printfooter", "site-sub", "thumbcaption", "hatnote",
    # recipe-card controls (WP Recipe Maker, Tasty Recipes, Create) and
    # Gutenberg button rows ("Jump to Recipe", "Pin", "Rate", "Save")
    "wprm-recipe-link", "wprm-recipe-buttons", "wprm-call-to-action",
    "wprm-footer-socials", "wprm-recipe-rating", "wprm-recipe-add-to-collection",
    "wprm-recipe-media-toggle", "wprm-unit-conversion", "tasty-recipes-quick-links",
    "tasty-recipes-buttons", "tasty-recipes-rating", "tasty-recipes-jump",
    "tasty-pins", "mv-create-pin", "mv-create-print", "mv-create-rating",
    "wp-block-button",
)
# A lead / standfirst printed in the article header, outside the content
# container: it is part of the body.
BODY_LEAD_XPATH = (
    "(ancestor::article | ancestor::main)[1]//@class[contains(., 'lead')"
    " or contains(., 'excerpt') or contains(., 'standfirst') or contains(., 'intro')]/.."
)
BODY_LEAD_CLASSES = frozenset({"lead", "entry-excerpt", "standfirst", "article-lead",
                               "article-intro", "post-excerpt", "intro"})
# Block-level tags: each starts a new line in body text.
BODY_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
    "dd", "table", "tr", "thead", "tbody", "tfoot", "caption", "blockquote",
    "pre", "section", "article", "header", "footer", "figure", "figcaption",
    "main", "address", "hr", "br", "center", "details", "summary", "aside",
})
# Readability-style class weights.
BODY_POSITIVE_RE = r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|recipe"
BODY_NEGATIVE_RE = (r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|masthead|media"
                    r"|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper"
                    r"|sponsor|shopping|tags|tool|widget|menu|nav|social|breadcrumb")
