//! `rasid watch` against a local HTTP server on 127.0.0.1 serving fixture feeds and pages:
//! a valid RSS feed, an Atom feed in windows-1256, broken XML, pages in UTF-8 and in
//! windows-1256 with a wrong charset declaration, a redirect, 404, 500 that passes, a
//! page slower than the timeout, a page that never ends, a path robots.txt forbids. Run
//! twice: the second run sends conditional requests and fetches no page it stored.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;

type Log = Arc<Mutex<Vec<(String, HashMap<String, String>)>>>;

/// Set before the second run: the feed changes (a new ETag and one more item).
static CHANGED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn page(title: &str, body: &str, charset: &str) -> String {
    format!(
        r#"<!doctype html><html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{title} - موقع</title>
<meta property="article:published_time" content="2024-03-05T10:00:00+03:00"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/x">سياسة</a></nav>
<article><h1>{title}</h1>{body}</article>
<aside class="related"><a href="/r">خبر آخر طويل العنوان عن موضوع مختلف تماما</a></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>"#
    )
}

fn paragraphs(topic: &str) -> String {
    format!(
        "<p>قال المتحدث باسم الوزارة، اليوم، إن {topic} سيبدأ الأسبوع المقبل في العاصمة بمشاركة واسعة.</p>\
         <p>وأضاف أن الجهات المعنية أنهت الاستعدادات كلها، وأن الجدول الزمني لن يتغير.</p>"
    )
}

fn rss(base: &str, changed: bool) -> String {
    let item = |path: &str, title: &str, desc: &str| {
        format!("<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0300</pubDate><description>{desc}</description></item>")
    };
    let host = base.trim_start_matches("http://").replacen("127.0.0.1", "localhost", 1);
    let more = if changed {
        item("/a/9", "خبر جديد", "")
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار الاختبار</title>{}{}{}{}{}{}{}{}{}{}<item><title>رابط إلى الشبكة المحلية</title><link>http://{host}/a/1</link></item></channel></rss>"#,
        item("/a/1", "افتتاح المعرض", ""),
        item("/a/2", "صفحة بترميز آخر", ""),
        item("/a/3", "خبر منقول", ""),
        item("/a/4", "خبر محذوف", "ملخص الخبر المحذوف كما نشره الموقع في خلاصته."),
        item("/a/5", "خادم متعثر", ""),
        item("/a/6", "صفحة بطيئة", ""),
        item("/a/7", "صفحة لا تنتهي", ""),
        item("/private/8", "صفحة ممنوعة", ""),
        item("/norasid/10", "صفحة ممنوعة على راصد وحده", ""),
        more,
    )
}

fn respond(mut s: TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
}

fn handle(s: TcpStream, base: String, log: Log, hits500: Arc<Mutex<u32>>) {
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    if r.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    log.lock().unwrap().push((path.clone(), headers.clone()));
    let html = |b: String| b.into_bytes();
    let etag = "\"v1\"".to_string();
    match path.as_str() {
        "/robots.txt" => respond(
            s,
            "200 OK",
            &[],
            b"User-agent: *\nDisallow: /private/\n\nUser-agent: rasid\nDisallow: /private/\nDisallow: /norasid/\n",
        ),
        "/feed.xml" => {
            let changed = CHANGED.load(std::sync::atomic::Ordering::SeqCst);
            let etag = if changed { "\"v2\"".to_string() } else { etag };
            if headers.get("if-none-match") == Some(&etag) {
                respond(s, "304 Not Modified", &[("ETag", etag)], b"");
            } else {
                let body = rss(&base, changed);
                respond(
                    s,
                    "200 OK",
                    &[("ETag", etag), ("Content-Type", "application/rss+xml".into())],
                    body.as_bytes(),
                );
            }
        }
        "/atom.xml" => {
            let atom = format!(
                r#"<?xml version="1.0" encoding="windows-1256"?><feed xmlns="http://www.w3.org/2005/Atom"><title>موجز</title><id>urn:t</id><updated>2024-03-05T00:00:00Z</updated><entry><title>خبر من خلاصة أتوم</title><id>urn:t:1</id><link href="{base}/b/1"/><updated>2024-03-05T08:00:00Z</updated></entry></feed>"#
            );
            let (b, _, _) = encoding_rs::WINDOWS_1256.encode(&atom);
            respond(
                s,
                "200 OK",
                &[("Last-Modified", "Tue, 05 Mar 2024 08:00:00 GMT".into())],
                &b,
            );
        }
        "/broken.xml" => respond(s, "200 OK", &[], b"<rss><channel><item><title>x</item>"),
        "/a/1" => respond(
            s,
            "200 OK",
            &[],
            &html(page("افتتاح المعرض", &paragraphs("المعرض"), "utf-8")),
        ),
        "/a/2" => {
            // windows-1256 bytes, declared UTF-8 in the header and the page.
            let p = page("صفحة بترميز آخر", &paragraphs("المؤتمر"), "utf-8");
            let (b, _, _) = encoding_rs::WINDOWS_1256.encode(&p);
            respond(s, "200 OK", &[("Content-Type", "text/html; charset=utf-8".into())], &b);
        }
        "/a/3" => respond(s, "301 Moved Permanently", &[("Location", format!("{base}/a/3b"))], b""),
        "/a/3b" => respond(
            s,
            "200 OK",
            &[],
            &html(page("خبر منقول", &paragraphs("الاجتماع"), "utf-8")),
        ),
        "/a/4" => respond(s, "404 Not Found", &[], b"not found"),
        "/a/5" => {
            let mut n = hits500.lock().unwrap();
            *n += 1;
            if *n <= 2 {
                respond(s, "500 Internal Server Error", &[], b"oops");
            } else {
                respond(
                    s,
                    "200 OK",
                    &[],
                    &html(page("خادم متعثر", &paragraphs("التدريب"), "utf-8")),
                );
            }
        }
        "/a/6" => {
            std::thread::sleep(Duration::from_secs(3));
            respond(
                s,
                "200 OK",
                &[],
                &html(page("صفحة بطيئة", &paragraphs("السباق"), "utf-8")),
            );
        }
        "/a/7" => {
            let mut s = s;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<html><body>");
            let chunk = "<p>نص لا ينتهي</p>".repeat(1000);
            while s.write_all(chunk.as_bytes()).is_ok() {}
        }
        "/a/9" => respond(
            s,
            "200 OK",
            &[],
            &html(page("خبر جديد", &paragraphs("الافتتاح"), "utf-8")),
        ),
        "/b/1" => respond(
            s,
            "200 OK",
            &[],
            &html(page("خبر من خلاصة أتوم", &paragraphs("الحوار"), "utf-8")),
        ),
        _ => respond(s, "404 Not Found", &[], b""),
    }
}

fn server() -> (String, Log) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    let log: Log = Arc::default();
    let hits500 = Arc::new(Mutex::new(0));
    let (b, lg) = (base.clone(), log.clone());
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let (b, lg, h) = (b.clone(), lg.clone(), hits500.clone());
            std::thread::spawn(move || handle(s, b, lg, h));
        }
    });
    (base, log)
}

fn watch(feeds: &std::path::Path, store: &std::path::Path) -> (i32, String) {
    let out = Command::cargo_bin("rasid")
        .unwrap()
        .args([
            "watch",
            "--once",
            "--per-host",
            "0s",
            "--timeout",
            "1s",
            "--retries",
            "2",
            "--backoff",
            "10ms",
            "--max-bytes",
            "1048576",
        ])
        .arg("--feeds")
        .arg(feeds)
        .arg("--store")
        .arg(store)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A header of the last request for `path`.
fn last_header(log: &Log, path: &str, header: &str) -> Option<String> {
    log.lock()
        .unwrap()
        .iter()
        .rev()
        .find(|(p, _)| p == path)
        .and_then(|(_, h)| h.get(header).cloned())
}

fn hits(log: &Log, path: &str) -> usize {
    log.lock().unwrap().iter().filter(|(p, _)| p == path).count()
}

#[test]
fn watch_fetches_politely_and_survives_restarts() {
    let (base, log) = server();
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(
        &feeds,
        format!("# test feeds\n{base}/feed.xml\n{base}/broken.xml\n{base}/atom.xml\n"),
    )
    .unwrap();
    let store = dir.path().join("store");

    let (code, err) = watch(&feeds, &store);
    assert_eq!(code, 1, "failures are reported in the exit code: {err}");
    assert!(err.contains("broken.xml"), "{err}");
    assert!(err.contains("robots.txt does not allow"), "{err}");
    assert!(err.contains("limit"), "the page that never ends is cut off: {err}");
    assert!(
        err.contains("will retry"),
        "the slow page is kept for the next poll: {err}"
    );
    assert!(
        err.contains("loopback or private"),
        "a feed's link to another local host is refused: {err}"
    );

    let s = rasid_corpus::Store::open(&store, common_segmenter()).unwrap();
    // /a/1, /a/2 (charset sniffed), /a/3 (redirected), /a/4 (feed text), /a/5 (after two 500s), /b/1 (Atom).
    assert_eq!(s.len().unwrap(), 6, "{err}");
    let a2 = s.article(&format!("{base}/a/2")).unwrap().unwrap();
    assert!(a2.text.contains("المؤتمر"), "windows-1256 read right: {}", a2.text);
    let a3 = s.article(&format!("{base}/a/3")).unwrap().unwrap();
    assert_eq!(a3.document.url.as_deref(), Some(format!("{base}/a/3b").as_str()));
    let a4 = s.article(&format!("{base}/a/4")).unwrap().unwrap();
    assert!(a4.text.contains("ملخص الخبر المحذوف"));
    assert!(hits(&log, "/private/8") == 0, "robots.txt is honoured");
    assert!(
        hits(&log, "/norasid/10") == 0,
        "the group for rasid's product token applies"
    );
    assert_eq!(hits(&log, "/a/5"), 3, "two 500s, then success");
    drop(s);

    // The second run: the feed has changed (one new item); it is asked conditionally, no
    // stored page is fetched again, nothing is stored twice; the slow page is tried again.
    CHANGED.store(true, std::sync::atomic::Ordering::SeqCst);
    let before: HashMap<String, usize> = ["/a/1", "/a/2", "/a/3", "/a/5", "/b/1", "/a/6"]
        .iter()
        .map(|p| (p.to_string(), hits(&log, p)))
        .collect();
    let (_, err2) = watch(&feeds, &store);
    for p in ["/a/1", "/a/2", "/a/3", "/a/5", "/b/1"] {
        assert_eq!(hits(&log, p), before[p], "{p} fetched again: {err2}");
    }
    assert!(hits(&log, "/a/6") > before["/a/6"], "the pending page is retried");
    assert_eq!(hits(&log, "/a/9"), 1, "the new item is fetched: {err2}");
    assert_eq!(
        last_header(&log, "/feed.xml", "if-none-match").as_deref(),
        Some("\"v1\""),
        "conditional GET with the ETag"
    );
    // A third run: the feed answers 304 to the new ETag.
    let (_, _) = watch(&feeds, &store);
    assert_eq!(
        last_header(&log, "/feed.xml", "if-none-match").as_deref(),
        Some("\"v2\"")
    );
    assert!(
        last_header(&log, "/atom.xml", "if-modified-since").is_some(),
        "conditional GET with Last-Modified"
    );
    let s = rasid_corpus::Store::open(&store, common_segmenter()).unwrap();
    assert_eq!(s.len().unwrap(), 7, "the six of the first run and the new one");
    assert!(store.join("watch.json").exists());
}

fn common_segmenter() -> Arc<rasid_text::Segmenter> {
    Arc::new(rasid_text::Segmenter::new(
        rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).unwrap(),
    ))
}
