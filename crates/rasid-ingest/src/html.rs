//! A saved article page to an article: its main text without navigation, ads, related-
//! article lists and comments, and its title, publication time, author, canonical URL
//! and site name from the page's metadata (Open Graph and `article:` meta tags, JSON-LD,
//! `<time>`, `<link rel=canonical>`).
//!
//! The text is found the way readability-style extractors find it (written here because
//! the Rust ports are unmaintained or pull in a browser engine): the page is parsed with
//! html5ever (through `scraper`), furniture is dropped by element, ARIA role and
//! class/id words (`data/html.toml`), the rest is cut into blocks of text, and each block
//! long enough to be prose scores its containers (its own, half to the one above, a third
//! to the next) by its length and commas. The best container, weighed by how little of it
//! is link text, and its siblings that score nearly as well hold the article; their
//! blocks are kept in page order unless they are mostly links or begin like site
//! furniture ("اقرأ أيضا", "شارك").

use std::collections::HashMap;
use std::sync::OnceLock;

use ego_tree::{iter::Edge, NodeId};
use scraper::{ElementRef, Html, Node, Selector};
use serde::Deserialize;

/// What a page says about itself and its main text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    /// The article's paragraphs, in page order.
    pub paragraphs: Vec<String>,
    /// The publication time as the page wrote it.
    pub published: Option<String>,
    pub author: Option<String>,
    pub canonical: Option<String>,
    pub site_name: Option<String>,
}

impl Page {
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

#[derive(Deserialize)]
struct Rules {
    drop_tags: Vec<String>,
    drop_roles: Vec<String>,
    block_tags: Vec<String>,
    strong: Vec<String>,
    strong_tokens: Vec<String>,
    weak: Vec<String>,
    weak_tokens: Vec<String>,
    positive: Vec<String>,
    boilerplate_prefixes: Vec<String>,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let mut r: Rules = toml::from_str(include_str!("../data/html.toml")).expect("data/html.toml is valid");
        r.boilerplate_prefixes = r.boilerplate_prefixes.iter().map(|p| fold(p)).collect();
        r
    })
}

/// Lowercase, alef and ya forms unified, diacritics and tatweel removed: for comparing a
/// block's start with the furniture labels.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// How an element's class and id read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Drop,
    Positive,
    Plain,
}

fn class_of(e: &scraper::node::Element) -> Class {
    let r = rules();
    let mut s = String::new();
    for c in e.classes() {
        s.push_str(c);
        s.push(' ');
    }
    if let Some(id) = e.id() {
        s.push_str(id);
    }
    if s.is_empty() {
        return Class::Plain;
    }
    let s = s.to_lowercase();
    let tokens: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let has = |subs: &[String], toks: &[String]| {
        subs.iter().any(|w| s.contains(w.as_str())) || tokens.iter().any(|t| toks.iter().any(|w| w == t))
    };
    let positive = has(&r.positive, &[]);
    if has(&r.strong, &r.strong_tokens) {
        return Class::Drop;
    }
    let negative = has(&r.weak, &r.weak_tokens);
    match (positive, negative) {
        (true, _) => Class::Positive,
        (false, true) => Class::Drop,
        _ => Class::Plain,
    }
}

/// Whether an element and all it holds are left out of the text.
fn dropped(e: &scraper::node::Element) -> bool {
    let r = rules();
    let name = e.name();
    if r.drop_tags.iter().any(|t| t == name) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = e.attr("role") {
        if r.drop_roles.iter().any(|x| role.eq_ignore_ascii_case(x)) {
            return true;
        }
    }
    // The page's own outermost elements are never dropped for their class.
    !matches!(name, "html" | "body") && class_of(e) == Class::Drop
}

/// A run of text between block boundaries.
struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    /// The block elements it is inside, innermost last.
    chain: Vec<NodeId>,
}

/// Cuts the page into blocks of visible text.
fn blocks(doc: &Html) -> Vec<Block> {
    let r = rules();
    let mut out = Vec::new();
    let mut cur = Block {
        text: String::new(),
        chars: 0,
        link_chars: 0,
        chain: Vec::new(),
    };
    // Elements open around the walk: (id, is a block, is a link).
    let mut open: Vec<(NodeId, bool, bool)> = Vec::new();
    let mut skip: Option<NodeId> = None;
    let flush = |cur: &mut Block, out: &mut Vec<Block>| {
        let text = cur.text.trim_end().to_string();
        if !text.is_empty() {
            out.push(Block {
                chars: text.chars().count(),
                text,
                link_chars: cur.link_chars,
                chain: std::mem::take(&mut cur.chain),
            });
        }
        cur.text.clear();
        cur.chars = 0;
        cur.link_chars = 0;
        cur.chain.clear();
    };
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) => {
                        if dropped(e) {
                            skip = Some(node.id());
                            continue;
                        }
                        let block = r.block_tags.iter().any(|t| t == e.name());
                        if block {
                            flush(&mut cur, &mut out);
                        }
                        open.push((node.id(), block, e.name() == "a"));
                    }
                    Node::Text(t) => {
                        let in_link = open.iter().any(|o| o.2);
                        let mut n = 0;
                        // Spaces only where the page has them: "في <a>بيان</a>، إن" is
                        // "في بيان، إن", with no space before the comma.
                        for (i, word) in t.split_whitespace().enumerate() {
                            if cur.text.is_empty() {
                                // The innermost block elements only: a page nested a million
                                // deep must not cost a million ids per block.
                                let blocks: Vec<NodeId> = open.iter().filter(|o| o.1).map(|o| o.0).collect();
                                cur.chain = blocks[blocks.len().saturating_sub(CHAIN)..].to_vec();
                            } else if (i > 0 || t.starts_with(char::is_whitespace)) && !cur.text.ends_with(' ') {
                                cur.text.push(' ');
                            }
                            cur.text.push_str(word);
                            n += word.chars().count() + 1;
                        }
                        if t.ends_with(char::is_whitespace) && !cur.text.is_empty() && !cur.text.ends_with(' ') {
                            cur.text.push(' ');
                        }
                        if in_link {
                            cur.link_chars += n;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(s) = skip {
                    if s == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(_) = node.value() {
                    if let Some((_, block, _)) = open.pop() {
                        if block {
                            flush(&mut cur, &mut out);
                        }
                    }
                }
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Block elements remembered around a block (scoring looks 3 up, the climb `CLIMB` more).
const CHAIN: usize = 12;

/// Shortest block that counts as prose when scoring containers.
const MIN_PROSE: usize = 25;

/// Ancestors of the best-scored element looked at for one that holds more of the prose.
const CLIMB: usize = 6;

/// The article's paragraphs.
fn main_text(doc: &Html) -> Vec<String> {
    let blocks = blocks(doc);
    let mut score: HashMap<NodeId, f64> = HashMap::new();
    let mut chars: HashMap<NodeId, (usize, usize)> = HashMap::new();
    // Characters of prose blocks inside each element.
    let mut prose: HashMap<NodeId, usize> = HashMap::new();
    for b in &blocks {
        for id in &b.chain {
            let c = chars.entry(*id).or_default();
            c.0 += b.chars;
            c.1 += b.link_chars;
        }
        if b.chars < MIN_PROSE || b.link_chars * 2 > b.chars {
            continue;
        }
        for id in &b.chain {
            *prose.entry(*id).or_default() += b.chars;
        }
        let commas = b.text.matches(['،', ',', '.', '؛']).count() as f64;
        let points = 1.0 + commas + (b.chars as f64 / 100.0).min(3.0);
        for (level, id) in b.chain.iter().rev().take(3).enumerate() {
            let entry = score.entry(*id).or_insert_with(|| initial_score(doc, *id));
            *entry += points / (level as f64 + 1.0);
        }
    }
    let adjusted = |id: &NodeId| {
        let (all, links) = chars.get(id).copied().unwrap_or((1, 0));
        score.get(id).copied().unwrap_or(0.0) * (1.0 - links as f64 / all.max(1) as f64)
    };
    // Ties go to the element first in the page (the map's order is random).
    let Some(top) = score
        .keys()
        .copied()
        .max_by(|a, b| adjusted(a).total_cmp(&adjusted(b)).then(b.cmp(a)))
    else {
        // No prose at all: every block that is not mostly links.
        return blocks
            .into_iter()
            .filter(|b| b.link_chars * 2 <= b.chars)
            .map(|b| b.text)
            .collect();
    };
    // The best-scored element may be one paragraph's cell or one entry of a list of them
    // (a table row per paragraph, a live blog's entries): an ancestor with clearly more
    // prose, and not mostly links, holds the article.
    let link_share = |id: &NodeId| {
        let (all, links) = chars.get(id).copied().unwrap_or((1, 0));
        links as f64 / all.max(1) as f64
    };
    let best = adjusted(&top);
    let mut top = top;
    let mut at = doc.tree.get(top).and_then(|n| n.parent());
    for _ in 0..CLIMB {
        let Some(node) = at else { break };
        let is_page = node
            .value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "body" | "html"));
        if is_page {
            break;
        }
        let (p, here) = (
            prose.get(&node.id()).copied().unwrap_or(0),
            prose.get(&top).copied().unwrap_or(0),
        );
        if p as f64 >= here as f64 * 1.25 && link_share(&node.id()) <= 0.4 {
            top = node.id();
        }
        at = node.parent();
    }
    let best = best.max(adjusted(&top));
    let parent = doc.tree.get(top).and_then(|n| n.parent()).map(|p| p.id());
    let siblings: Vec<NodeId> = score
        .keys()
        .copied()
        .filter(|id| {
            *id != top
                && doc.tree.get(*id).and_then(|n| n.parent()).map(|p| p.id()) == parent
                && adjusted(id) >= (best * 0.2).max(10.0)
        })
        .collect();
    let chosen = |b: &Block| b.chain.iter().any(|id| *id == top || siblings.contains(id));
    let r = rules();
    blocks
        .into_iter()
        .filter(|b| chosen(b))
        .filter(|b| b.link_chars * 2 <= b.chars)
        .filter(|b| !furniture(&b.text, r))
        // A word or two that is not a sentence (a label, a button) is not prose.
        .filter(|b| b.text.split_whitespace().count() >= 4 || b.text.ends_with(['.', '؟', '!', ':']))
        .map(|b| b.text)
        .collect()
}

/// Words up to which a block beginning with a furniture label is taken for furniture
/// ("اقرأ أيضا: …" with a headline); a longer one is prose that happens to begin so.
const FURNITURE_WORDS: usize = 16;

/// Whether a block begins with a furniture label, as whole words.
fn furniture(text: &str, r: &Rules) -> bool {
    if text.split_whitespace().count() > FURNITURE_WORDS {
        return false;
    }
    let f = fold(text);
    r.boilerplate_prefixes.iter().any(|p| {
        f.strip_prefix(p.as_str())
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

fn initial_score(doc: &Html, id: NodeId) -> f64 {
    let Some(e) = doc.tree.get(id).and_then(ElementRef::wrap) else {
        return 0.0;
    };
    let tag = match e.value().name() {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "td" | "blockquote" | "pre" => 3.0,
        "li" | "ul" | "ol" | "dl" | "dd" | "dt" | "th" | "address" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => -5.0,
        _ => 0.0,
    };
    tag + match class_of(e.value()) {
        Class::Positive => 25.0,
        Class::Drop => -25.0,
        Class::Plain => 0.0,
    }
}

fn selector(s: &'static str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(collapse).filter(|s| !s.is_empty())
}

/// The content of the first `<meta>` whose `property`, `name` or `itemprop` is one of
/// `keys` (in the order of `keys`).
fn meta(doc: &Html, keys: &[&str]) -> Option<String> {
    let sel = selector("meta");
    for key in keys {
        for m in doc.select(&sel) {
            let v = m.value();
            let named = ["property", "name", "itemprop"]
                .iter()
                .any(|a| v.attr(a).is_some_and(|x| x.eq_ignore_ascii_case(key)));
            if named {
                if let Some(c) = nonempty(v.attr("content")) {
                    return Some(c);
                }
            }
        }
    }
    None
}

/// The JSON-LD objects of the page that describe an article (an `@graph` is opened).
fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    fn walk(v: serde_json::Value, out: &mut Vec<serde_json::Value>) {
        match v {
            serde_json::Value::Array(a) => a.into_iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(mut o) => {
                if let Some(g) = o.remove("@graph") {
                    walk(g, out);
                }
                let is_article = |t: &serde_json::Value| {
                    t.as_str()
                        .is_some_and(|t| t.ends_with("Article") || t == "BlogPosting" || t == "Report")
                };
                let typed = match o.get("@type") {
                    Some(serde_json::Value::Array(a)) => a.iter().any(is_article),
                    Some(t) => is_article(t),
                    None => false,
                };
                if typed {
                    out.push(serde_json::Value::Object(o));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in doc.select(&selector("script")) {
        if s.value()
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
        {
            let text: String = s.text().collect();
            // Broken JSON-LD is common and only metadata: the page is read without it.
            if let Ok(v) = serde_json::from_str(&text) {
                walk(v, &mut out);
            }
        }
    }
    out
}

/// A JSON-LD value as a name: a string, an object's `name`, or the first of an array.
fn ld_name(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => nonempty(Some(s)),
        serde_json::Value::Object(o) => ld_name(o.get("name")),
        serde_json::Value::Array(a) => a.iter().find_map(|x| ld_name(Some(x))),
        _ => None,
    }
}

/// A page's `<title>` or `og:title` usually ends with the site's name after a
/// separator; the headline is what is left. Without a known site name, the longest part.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let mut unified = title.to_string();
    for sep in [" | ", " — ", " – ", " :: ", " « ", " » "] {
        unified = unified.replace(sep, " - ");
    }
    let parts: Vec<&str> = unified.split(" - ").map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return title.trim().to_string();
    }
    if let Some(site) = site {
        let kept: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| !p.eq_ignore_ascii_case(site))
            .collect();
        if kept.len() < parts.len() && !kept.is_empty() {
            return kept.join(" - ");
        }
    }
    parts
        .iter()
        .copied()
        .max_by_key(|p| p.chars().count())
        .unwrap_or(title)
        .to_string()
}

/// Reads a page.
pub fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let ld = json_ld(&doc);
    let ld_str = |key: &str| ld.iter().find_map(|o| ld_name(o.get(key)));
    let site_name = meta(&doc, &["og:site_name", "application-name"])
        .or_else(|| ld.iter().find_map(|o| ld_name(o.get("publisher"))));
    let h1 = doc
        .select(&selector("h1"))
        .map(|h| collapse(&h.text().collect::<String>()))
        .max_by_key(|t| t.chars().count())
        .filter(|t| !t.is_empty());
    let title_tag = doc
        .select(&selector("title"))
        .next()
        .and_then(|t| nonempty(Some(&t.text().collect::<String>())));
    let title = ld_str("headline")
        .or_else(|| meta(&doc, &["og:title", "twitter:title"]).map(|t| strip_site(&t, site_name.as_deref())))
        .or(h1)
        .or_else(|| title_tag.map(|t| strip_site(&t, site_name.as_deref())))
        .unwrap_or_default();
    let published = meta(
        &doc,
        &[
            "article:published_time",
            "og:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "date",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
        ],
    )
    .or_else(|| ld_str("datePublished"))
    .or_else(|| ld_str("dateCreated"))
    .or_else(|| {
        doc.select(&selector("time"))
            .find_map(|t| nonempty(t.value().attr("datetime")))
    });
    let author = meta(&doc, &["author", "article:author", "dc.creator", "byl"])
        .filter(|a| !a.starts_with("http"))
        .or_else(|| ld_str("author"))
        .or_else(|| {
            doc.select(&selector("[rel=author], [itemprop=author]"))
                .find_map(|a| nonempty(Some(&a.text().collect::<String>())))
        });
    let canonical = doc
        .select(&selector("link[rel=canonical]"))
        .find_map(|l| nonempty(l.value().attr("href")))
        .or_else(|| meta(&doc, &["og:url"]));
    let mut paragraphs = main_text(&doc);
    // The headline repeated as the first block of the text is not body.
    if paragraphs.first().is_some_and(|p| *p == title) {
        paragraphs.remove(0);
    }
    Page {
        title,
        paragraphs,
        published,
        author,
        canonical,
        site_name,
    }
}

/// The text of an HTML fragment (a feed item's description or content), paragraph by
/// paragraph, with the elements of `data/html.toml` dropped (scripts, styles, share
/// boxes and the like) but no container chosen: a feed's text is all article.
pub fn fragment_text(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out: Vec<String> = Vec::new();
    for b in blocks(&doc) {
        out.push(b.text);
    }
    out.join("\n\n")
}

/// An article from a page's bytes. `header` is the HTTP Content-Type charset when the page
/// was fetched; `url` the address it was fetched from (the canonical URL wins when the page
/// names one). A page in which no article text is found is an error, not an empty article.
pub fn page_article(
    bytes: &[u8],
    header: Option<&str>,
    id: &str,
    name: &str,
    url: Option<&str>,
) -> Result<rasid_core::Article, crate::IngestError> {
    let decoded =
        crate::charset::decode(bytes, header).map_err(|(m, at)| crate::IngestError::new(name, m).at_byte(at as u64))?;
    let page = extract(&decoded.text);
    if page.paragraphs.is_empty() {
        return Err(crate::IngestError::new(
            name,
            if page.title.is_empty() {
                "no article in this HTML page: no title and no text found".to_string()
            } else {
                format!("no article text found in this HTML page (its title: {})", page.title)
            },
        ));
    }
    let published = page.published.as_deref().and_then(crate::parse_published);
    Ok(rasid_core::Article {
        id: id.to_string(),
        body: page.body(),
        title: page.title,
        url: page.canonical.or_else(|| url.map(str::to_string)),
        source: page.site_name,
        category: None,
        author: page.author,
        published_from: published.map(|_| "input"),
        published,
        published_raw: page.published,
        origin: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_is_kept_and_the_furniture_dropped() {
        let page = r#"<!doctype html><html dir="rtl" lang="ar"><head>
<title>عنوان الخبر الطويل عن المحادثات - موقع الأخبار</title>
<meta property="og:site_name" content="موقع الأخبار">
<meta property="article:published_time" content="2024-03-05T10:00:00+03:00">
<meta name="author" content="سالم الحداد">
<link rel="canonical" href="https://example-news.test/a/1">
<script>var x = "لا يظهر";</script></head><body>
<nav><a href="/">الرئيسية</a> <a href="/p">سياسة</a> <a href="/e">اقتصاد</a></nav>
<div class="main-content"><h1>عنوان الخبر الطويل عن المحادثات</h1>
<div class="byline">بقلم سالم الحداد</div>
<div class="story-body">
<p>قال المتحدث باسم الحكومة، اليوم الثلاثاء، إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.</p>
<div class="read-also"><a href="/b">اقرأ أيضا: خبر آخر طويل العنوان عن موضوع مختلف تماما</a></div>
<p>وأضاف أن الوفدين اتفقا على جدول أعمال من ثلاث نقاط، وأن الجولة الأولى كانت إيجابية.</p>
<p>إعلان</p>
<p>ولم يصدر تعليق فوري من الطرف الآخر على هذه التصريحات حتى مساء اليوم.</p>
</div></div>
<aside class="most-read"><ul><li><a href="/c">الأكثر قراءة: عنوان طويل لخبر آخر منشور في الموقع نفسه أمس</a></li></ul></aside>
<div class="comments"><p>تعليق طويل من قارئ غاضب يقول فيه رأيه في الموضوع، ويطيل في الكلام كثيرا.</p></div>
<footer>جميع الحقوق محفوظة</footer></body></html>"#;
        let p = extract(page);
        assert_eq!(p.title, "عنوان الخبر الطويل عن المحادثات");
        assert_eq!(p.paragraphs.len(), 3, "{:#?}", p.paragraphs);
        assert!(p.paragraphs[0].starts_with("قال المتحدث"));
        assert!(p.paragraphs[2].starts_with("ولم يصدر"));
        assert_eq!(p.published.as_deref(), Some("2024-03-05T10:00:00+03:00"));
        assert_eq!(p.author.as_deref(), Some("سالم الحداد"));
        assert_eq!(p.canonical.as_deref(), Some("https://example-news.test/a/1"));
        assert_eq!(p.site_name.as_deref(), Some("موقع الأخبار"));
    }

    #[test]
    fn json_ld_and_br_separated_text() {
        let page = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"س"},
{"@type":"NewsArticle","headline":"العنوان من البيانات","datePublished":"2023-11-02","author":[{"@type":"Person","name":"منى العلي"}]}]}
</script></head><body><div id="text">الفقرة الأولى من الخبر، وهي طويلة بما يكفي لتحسب نصا.<br><br>الفقرة الثانية من الخبر، وفيها تفاصيل أخرى عن الحدث.</div>
<div class="footer-links"><a href="/x">من نحن</a> <a href="/y">اتصل بنا</a></div></body></html>"#;
        let p = extract(page);
        assert_eq!(p.title, "العنوان من البيانات");
        assert_eq!(p.published.as_deref(), Some("2023-11-02"));
        assert_eq!(p.author.as_deref(), Some("منى العلي"));
        assert_eq!(p.paragraphs.len(), 2, "{:#?}", p.paragraphs);
    }

    #[test]
    fn hostile_pages_do_not_break_it() {
        let deep = "<div>".repeat(50_000) + "نص" + &"</div>".repeat(50_000);
        let _ = extract(&deep);
        let _ = extract("");
        let _ = extract("<html><body><script>");
        let _ = extract("<<<>>>&&&#x110000;");
        assert_eq!(fragment_text("<p>أ</p><p>ب <b>ج</b></p>"), "أ\n\nب ج");
    }
}
