//! One article from a JSON object with the fields of the shared news corpora:
//! `id, url, source, category, title, published, author, text`.

use rasid_core::Article;
use serde_json::{Map, Value};

/// A string field; null and absence are None. Anything else is an error, not text made
/// from it: `"text": 123` is a broken record, not an article that reads "123".
fn field(obj: &Map<String, Value>, names: &[&str]) -> Result<Option<String>, String> {
    field_as(obj, names, false)
}

/// An identifier: numbers are accepted as their decimal text (`"id": 123` is common).
fn id_field(obj: &Map<String, Value>, names: &[&str]) -> Result<Option<String>, String> {
    field_as(obj, names, true)
}

fn field_as(obj: &Map<String, Value>, names: &[&str], numbers: bool) -> Result<Option<String>, String> {
    for name in names {
        match obj.get(*name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => return Ok(Some(s.clone())),
            Some(Value::Number(n)) if numbers => return Ok(Some(n.to_string())),
            Some(other) => {
                let kind = match other {
                    Value::Array(_) => "an array",
                    Value::Number(_) => "a number",
                    Value::Bool(_) => "a boolean",
                    _ => "an object",
                };
                return Err(format!("field `{name}` is {kind}, expected a string"));
            }
        }
    }
    Ok(None)
}

/// Builds an [`Article`] from a parsed JSON value. Unknown fields are ignored.
/// `text` may also be called `body` or `content`.
pub fn article_from_json(v: Value, fallback_id: &str, origin: &str) -> Result<Article, String> {
    let Value::Object(obj) = v else {
        return Err("expected a JSON object for an article".into());
    };
    let title = field(&obj, &["title", "headline"])?.unwrap_or_default();
    let body = field(&obj, &["text", "body", "content"])?.unwrap_or_default();
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err("article has neither a title nor a text".into());
    }
    let published_raw = field(&obj, &["published", "date", "time"])?;
    let published = published_raw.as_deref().and_then(crate::parse_published);
    Ok(Article {
        id: id_field(&obj, &["id"])?
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| fallback_id.to_string()),
        title: title.trim().to_string(),
        body: body.trim_end().to_string(),
        url: field(&obj, &["url", "link"])?,
        source: field(&obj, &["source"])?,
        category: field(&obj, &["category"])?.filter(|s| !s.is_empty()),
        author: field(&obj, &["author"])?.filter(|s| !s.is_empty()),
        published_from: published.map(|_| "input"),
        published,
        published_raw,
        origin: origin.to_string(),
    })
}
