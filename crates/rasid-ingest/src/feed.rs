//! RSS 2.0, RSS 1.0 and Atom feeds (parsed by `feed-rs`): the items, each with its link,
//! title, time, author and whatever text the feed carries (`content:encoded`, `content`,
//! `description` or `summary`, as HTML turned into paragraphs).

use crate::charset;
use crate::html::fragment_text;

/// One entry of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// The feed's own identifier (`guid`, Atom `id`), else the link.
    pub id: String,
    pub link: Option<String>,
    pub title: String,
    /// The item's text: the full content when the feed has it, else the summary.
    pub text: String,
    /// RFC 3339 in UTC (feed-rs reads every feed date format into UTC).
    pub published: Option<String>,
    pub author: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

/// Parses a feed from its bytes. `header` is the HTTP Content-Type charset, if any;
/// `base` the feed's own URL, against which relative links are resolved. Errors are in
/// words, with the byte where the XML broke when it is known.
pub fn parse(bytes: &[u8], header: Option<&str>, base: Option<&str>) -> Result<Feed, (String, Option<usize>)> {
    let decoded = charset::decode(bytes, header).map_err(|(m, at)| (m, Some(at)))?;
    // The parser would decode again by the XML declaration; the text is UTF-8 now.
    let text = without_xml_declaration(&decoded.text);
    let feed = feed_rs::parser::Builder::new()
        .base_uri(base)
        .build()
        .parse(text.as_bytes())
        .map_err(|e| (format!("not a feed: {e}"), None))?;
    let items = feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty());
            let html = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            let id = if e.id.trim().is_empty() {
                link.clone().unwrap_or_default()
            } else {
                e.id.trim().to_string()
            };
            FeedItem {
                id,
                title: e.title.map(|t| text_of(&t.content)).unwrap_or_default(),
                text: fragment_text(&html),
                published: e.published.or(e.updated).map(|d| d.to_rfc3339()),
                author: e
                    .authors
                    .first()
                    .and_then(|a| a.name.as_deref())
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty()),
                link,
            }
        })
        .collect();
    Ok(Feed {
        title: feed.title.map(|t| text_of(&t.content)),
        items,
    })
}

/// A title may be HTML-escaped markup (`type="html"`).
fn text_of(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        fragment_text(s).replace("\n\n", " ")
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn without_xml_declaration(s: &str) -> &str {
    let t = s.trim_start_matches('\u{FEFF}').trim_start();
    if t.starts_with("<?xml") {
        if let Some(end) = t.find("?>") {
            return &t[end + 2..];
        }
    }
    s
}

/// Whether bytes look like a feed rather than a page: the first element (after the XML
/// declaration, comments, processing instructions and a doctype) is `rss`, `feed` or
/// `rdf:RDF`.
pub fn looks_like_feed(head: &[u8]) -> bool {
    let head = &head[..head.len().min(4096)];
    let mut at = 0;
    while let Some(i) = head[at..].iter().position(|&b| b == b'<') {
        let start = at + i + 1;
        match head.get(start) {
            Some(b'?') | Some(b'!') => {
                // A declaration, comment or doctype: skip to its end.
                let end = head[start..].iter().position(|&b| b == b'>');
                match end {
                    Some(e) => at = start + e + 1,
                    None => return false,
                }
            }
            Some(_) => {
                let name: Vec<u8> = head[start..]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace() && **b != b'>' && **b != b'/')
                    .map(|b| b.to_ascii_lowercase())
                    .collect();
                return matches!(name.as_slice(), b"rss" | b"feed" | b"rdf:rdf");
            }
            None => return false,
        }
    }
    false
}

/// The articles of a feed file: one per item, with the item's text as the body (a feed
/// with full `content:encoded` gives whole articles; one with summaries, short ones). An
/// item with neither a title nor a text is an error for that item; a feed that does not
/// parse is one error for the file.
pub fn feed_articles(bytes: &[u8], name: &str, stem: &str) -> Vec<Result<rasid_core::Article, crate::IngestError>> {
    let feed = match parse(bytes, None, None) {
        Ok(f) => f,
        Err((m, at)) => {
            let e = crate::IngestError::new(name, m);
            return vec![Err(match at {
                Some(at) => e.at_byte(at as u64),
                None => e,
            })];
        }
    };
    if feed.items.is_empty() {
        return vec![Err(crate::IngestError::new(name, "a feed with no items"))];
    }
    feed.items
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            let origin = format!("{name}#{}", n + 1);
            if item.title.trim().is_empty() && item.text.trim().is_empty() {
                return Err(crate::IngestError::new(
                    &origin,
                    "feed item has neither a title nor a text",
                ));
            }
            let published = item.published.as_deref().and_then(crate::parse_published);
            Ok(rasid_core::Article {
                id: if item.id.is_empty() {
                    format!("{stem}#{}", n + 1)
                } else {
                    item.id
                },
                title: item.title,
                body: item.text,
                url: item.link,
                source: feed.title.clone(),
                category: None,
                author: item.author,
                published_from: published.map(|_| "input"),
                published,
                published_raw: item.published,
                origin,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>أخبار</title>
<item><title>الخبر الأول</title><link>http://127.0.0.1/a/1</link><guid>a-1</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 +0300</pubDate><description>&lt;p&gt;ملخص الخبر&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>الفقرة الأولى.</p><p>الفقرة الثانية.</p>]]></content:encoded></item>
<item><title>الخبر الثاني</title><link>http://127.0.0.1/a/2</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items() {
        let f = parse(RSS.as_bytes(), None, None).unwrap();
        assert_eq!(f.title.as_deref(), Some("أخبار"));
        assert_eq!(f.items.len(), 2);
        let a = &f.items[0];
        assert_eq!(a.id, "a-1");
        assert_eq!(a.text, "الفقرة الأولى.\n\nالفقرة الثانية.");
        assert_eq!(a.published.as_deref(), Some("2024-03-05T07:00:00+00:00"));
        assert_eq!(f.items[1].link.as_deref(), Some("http://127.0.0.1/a/2"));
    }

    #[test]
    fn atom_in_windows_1256() {
        let atom = r#"<?xml version="1.0" encoding="windows-1256"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موجز</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>عنوان الخبر</title><id>urn:x:1</id><link href="http://127.0.0.1/b/1"/>
<updated>2024-01-02T08:00:00Z</updated><summary>نص قصير</summary></entry></feed>"#;
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(atom);
        let f = parse(&bytes, None, None).unwrap();
        assert_eq!(f.items[0].title, "عنوان الخبر");
        assert_eq!(f.items[0].text, "نص قصير");
        assert!(looks_like_feed(&bytes));
        assert!(!looks_like_feed(
            b"<!doctype html><html><body><p>an rss link: <a href=x.rss>rss</a>"
        ));
        assert!(looks_like_feed(
            b"<?xml version=\"1.0\"?><!-- c --><rss version=\"2.0\">"
        ));
    }

    #[test]
    fn broken_feeds_are_errors() {
        assert!(parse(b"<rss><channel><item><title>x</item>", None, None).is_err());
        assert!(parse(b"not xml at all", None, None).is_err());
        assert!(parse(b"", None, None).is_err());
    }
}
