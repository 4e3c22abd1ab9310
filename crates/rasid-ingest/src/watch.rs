//! What `rasid watch` keeps between polls and between runs, and one poll of one feed.
//!
//! Restart safety rests on the store, not on this file: an item is fetched only if the
//! store has no article of its id or URL yet, and an article is stored before the state
//! is saved. The state file keeps each feed's validators (ETag, Last-Modified) so that an
//! unchanged feed costs a 304, and the items of a feed whose page failed, so that they
//! are retried at the next poll rather than forgotten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fetch::{Fetched, Fetcher, Validators};
use crate::{FeedItem, IngestError};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FeedState {
    #[serde(default)]
    pub validators: Validators,
    /// When it was last asked (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polled: Option<String>,
    /// The last error, when the last poll failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Items seen but not stored yet (their page failed): tried again at every poll, even
    /// when the feed answers 304.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<PendingItem>,
    /// Links of items given up (their page failed for good and the feed had no text) or
    /// found to be an article the store has under another id: not fetched again. The most
    /// recent `HANDLED` are kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handled: Vec<String>,
}

/// Links kept in `FeedState::handled` per feed.
pub const HANDLED: usize = 5000;

impl FeedState {
    /// Remembers a link as handled (the oldest are forgotten past `HANDLED`).
    pub fn handle(&mut self, link: &str) {
        if !self.handled.iter().any(|l| l == link) {
            self.handled.push(link.to_string());
            if self.handled.len() > HANDLED {
                let extra = self.handled.len() - HANDLED;
                self.handled.drain(..extra);
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingItem {
    pub link: String,
    pub title: String,
    /// The feed's text of it, stored if its page never comes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub attempts: u32,
}

/// The state file (`STORE/watch.json`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct WatchState {
    #[serde(skip)]
    path: PathBuf,
    /// Format version of this file.
    pub version: u32,
    pub feeds: BTreeMap<String, FeedState>,
}

const STATE_VERSION: u32 = 1;

impl WatchState {
    /// Reads the state, or starts an empty one when there is none. A file that does not
    /// read is an error that says what to do, not a silent fresh start.
    pub fn load(path: &Path) -> Result<WatchState, String> {
        let mut s = match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => WatchState {
                version: STATE_VERSION,
                ..WatchState::default()
            },
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
            Ok(bytes) => {
                let s: WatchState = serde_json::from_slice(&bytes).map_err(|e| {
                    format!(
                        "{}: the watch state does not read ({e}); move it away to start again (nothing is stored twice: the store knows its articles; only the feeds' validators and pending items are lost)",
                        path.display()
                    )
                })?;
                if s.version != STATE_VERSION {
                    return Err(format!(
                        "{}: watch state of format {}, this rasid reads {STATE_VERSION}",
                        path.display(),
                        s.version
                    ));
                }
                s
            }
        };
        s.path = path.to_path_buf();
        Ok(s)
    }

    /// Writes the state atomically (a temporary file renamed over the old one).
    pub fn save(&self) -> Result<(), String> {
        let tmp = self.path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(&tmp, bytes)
            .and_then(|_| std::fs::rename(&tmp, &self.path))
            .map_err(|e| format!("{}: cannot write: {e}", self.path.display()))
    }
}

/// The feeds of a feed list: one URL per line; blank lines and `#` comments skipped. A
/// line that is not an http(s) URL is an error naming it.
pub fn read_feed_list(path: &Path) -> Result<Vec<String>, IngestError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| IngestError::new(&name, format!("cannot read: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let ok =
            (line.starts_with("http://") || line.starts_with("https://")) && line.parse::<ureq::http::Uri>().is_ok();
        if !ok {
            return Err(IngestError::new(&name, format!("not an http(s) URL: {line:?}")).at_line(i as u64 + 1));
        }
        if !out.iter().any(|u| u == line) {
            out.push(line.to_string());
        }
    }
    if out.is_empty() {
        return Err(IngestError::new(&name, "no feed URLs in it"));
    }
    Ok(out)
}

/// One poll of a feed: its items (none when it answered 304).
pub fn poll_feed(fetcher: &mut Fetcher, url: &str, state: &mut FeedState) -> Result<Vec<FeedItem>, String> {
    state.polled = Some(chrono::Utc::now().to_rfc3339());
    let r = fetcher.get(url, &state.validators);
    let items = match r {
        Ok(Fetched::NotModified) => Ok(Vec::new()),
        Ok(Fetched::Body {
            bytes,
            charset,
            validators,
            ..
        }) => match crate::parse_feed(&bytes, charset.as_deref(), Some(url)) {
            Ok(feed) => {
                // Validators are kept only for a feed that read: a broken answer is asked
                // for in full again.
                state.validators = validators;
                // An item without a link is known by its id, which is only unique within
                // its feed.
                let items = feed
                    .items
                    .into_iter()
                    .map(|mut i| {
                        if i.link.is_none() && !i.id.is_empty() {
                            i.id = format!("{url}#{}", i.id);
                        }
                        i
                    })
                    .collect();
                Ok(items)
            }
            Err((m, at)) => Err(match at {
                Some(at) => format!("{url} (byte {at}): {m}"),
                None => format!("{url}: {m}"),
            }),
        },
        Err(e) => Err(e.to_string()),
    };
    state.error = items.as_ref().err().cloned();
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trip_and_damage() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("watch.json");
        let mut s = WatchState::load(&p).unwrap();
        s.feeds.entry("http://127.0.0.1/f".into()).or_default().validators.etag = Some("\"x\"".into());
        s.save().unwrap();
        let t = WatchState::load(&p).unwrap();
        assert_eq!(t.feeds, s.feeds);
        std::fs::write(&p, b"{not json").unwrap();
        let e = WatchState::load(&p).unwrap_err();
        assert!(e.contains("move it away"), "{e}");
    }

    #[test]
    fn feed_lists() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("feeds.txt");
        std::fs::write(
            &p,
            "# news\nhttp://127.0.0.1:1/a.xml\n\nhttps://example.org/rss # main\nhttp://127.0.0.1:1/a.xml\n",
        )
        .unwrap();
        assert_eq!(read_feed_list(&p).unwrap().len(), 2);
        std::fs::write(&p, "http://ok/\nftp://x/\n").unwrap();
        let e = read_feed_list(&p).unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
