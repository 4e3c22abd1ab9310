//! The API on a store of the committed fixtures: every endpoint answers what openapi.json
//! says (each response validated against its schema), errors are JSON with the right
//! status, and the guards hold (token, limits, headers, static files).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use rasid_corpus::Store;
use rasid_ingest::{read_inputs, Input, ReadOptions};
use rasid_serve::{app, Config, State};
use serde_json::Value;
use tower::ServiceExt;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A store of the shipped examples, the hostile article and the story fixtures.
fn fixture_store(dir: &Path) {
    let pipeline = rasid::Pipeline::embedded().unwrap();
    let seg = Arc::new(rasid_text::Segmenter::new(
        rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).unwrap(),
    ));
    let mut store = Store::open_for_writing(dir, seg).unwrap();
    let r = root();
    let inputs = vec![
        Input::from_arg(r.join("examples").to_str().unwrap()),
        Input::from_arg(
            r.join("crates/rasid-serve/tests/fixtures/hostile.json")
                .to_str()
                .unwrap(),
        ),
        Input::from_arg(
            r.join("crates/rasid-cli/tests/fixtures/stories.jsonl")
                .to_str()
                .unwrap(),
        ),
    ];
    let opts = ReadOptions {
        default_date: None,
        date_from_file_name: true,
        max_bytes: 1 << 20,
    };
    let mut batch = Vec::new();
    for a in read_inputs(inputs, opts) {
        let a = a.unwrap();
        if store.duplicate_of_article(&a).unwrap().is_none()
            && !batch.iter().any(|b: &rasid_core::Analysis| b.document.id == a.id)
        {
            batch.push(pipeline.analyze(&a));
        }
    }
    store.ingest(&batch).unwrap();
}

struct Api {
    app: Router,
    openapi: Value,
}

impl Api {
    async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    async fn send(&self, req: Request<Body>) -> (StatusCode, Value) {
        let r = self.app.clone().oneshot(req).await.unwrap();
        let status = r.status();
        let bytes = r.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// The response of `uri`, checked against the component schema `name`.
    async fn valid(&self, uri: &str, name: &str) -> Value {
        let (status, v) = self.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
        self.check(uri, name, &v);
        v
    }

    fn check(&self, what: &str, name: &str, v: &Value) {
        let schema = serde_json::json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": self.openapi["components"],
        });
        let validator = jsonschema::validator_for(&schema).expect("the OpenAPI schemas are valid");
        let errors: Vec<String> = validator
            .iter_errors(v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{what} does not match {name}: {errors:?}");
    }
}

async fn api_on(dir: &Path, cfg: impl FnOnce(&mut Config)) -> Api {
    let mut c = Config::new(dir.to_path_buf());
    c.readers = 2;
    cfg(&mut c);
    let state = State::open(&c).unwrap();
    state.start_refresher();
    Api {
        app: app(state, &c),
        openapi: serde_json::from_str(rasid_serve::OPENAPI).unwrap(),
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_as_described() {
    let dir = tempfile::tempdir().unwrap();
    fixture_store(dir.path());
    let api = api_on(dir.path(), |_| {}).await;

    let status = api.valid("/api/v1/status", "Status").await;
    assert!(status["articles"].as_u64().unwrap() >= 9, "{status}");

    // Search, with facets over every hit, paging, and every filter.
    let s = api
        .valid(&format!("/api/v1/search?q={}", enc("الرئيس")), "SearchResponse")
        .await;
    let total = s["total"].as_u64().unwrap();
    assert!(total >= 2 && !s["hits"].as_array().unwrap().is_empty());
    let f = &s["facets"];
    assert!(!f["sources"].as_array().unwrap().is_empty() && !f["days"].as_array().unwrap().is_empty());
    let facet_total: u64 = f["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(facet_total, total, "each hit has one source");
    let second = api
        .valid(
            &format!("/api/v1/search?q={}&limit=1&offset=1", enc("الرئيس")),
            "SearchResponse",
        )
        .await;
    assert_eq!(second["hits"][0]["id"], s["hits"][1]["id"], "paging");
    let source = f["sources"][0]["value"].as_str().unwrap();
    let filtered = api
        .valid(
            &format!(
                "/api/v1/search?q={}&source={}&from=2000-01-01&to=2100-01-01",
                enc("الرئيس"),
                enc(source)
            ),
            "SearchResponse",
        )
        .await;
    assert_eq!(filtered["total"], f["sources"][0]["articles"]);
    if let Some(person) = f["people"][0]["value"].as_str() {
        let p = api
            .valid(&format!("/api/v1/search?person={}", enc(person)), "SearchResponse")
            .await;
        assert!(p["total"].as_u64().unwrap() >= 1);
    }
    api.valid(&format!("/api/v1/places?q={}", enc("الرئيس")), "PlacesResponse")
        .await;

    // An article, and its entities' ids lead to entity pages.
    let id = s["hits"][0]["id"].as_str().unwrap().to_string();
    let a = api
        .valid(&format!("/api/v1/articles/{}", enc(&id)), "ArticleResponse")
        .await;
    assert_eq!(a["analysis"]["document"]["id"], id);
    assert!(
        a["analysis"]["tokens"].as_array().unwrap().is_empty(),
        "tokens only when asked for"
    );
    let full = api
        .valid(&format!("/api/v1/articles/{}?tokens=true", enc(&id)), "ArticleResponse")
        .await;
    assert!(!full["analysis"]["tokens"].as_array().unwrap().is_empty());

    let ents = api.valid("/api/v1/entities?type=PER&limit=5", "EntitiesResponse").await;
    let first = ents["entities"][0]["id"].as_str().unwrap().to_string();
    let e = api
        .valid(&format!("/api/v1/entities/{}", enc(&first)), "EntityProfile")
        .await;
    assert_eq!(e["id"], first.as_str());
    assert!(!e["days"].as_array().unwrap().is_empty());

    api.valid("/api/v1/stories", "StoriesResponse").await;
    api.valid("/api/v1/stories?from=2018-01-01&to=2018-12-31", "StoriesResponse")
        .await;
    let ev = api
        .valid("/api/v1/events?status=all&limit=1000", "EventsResponse")
        .await;
    let counted: u64 = ev["by_day_and_quad_class"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["events"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, ev["total"].as_u64().unwrap());
    api.valid("/api/v1/events?code=04&order=desc", "EventsResponse").await;
    api.valid("/api/v1/graph", "Graph").await;
    api.valid("/api/v1/graph?kind=met&from=2018-01-01&to=2018-12-31", "Graph")
        .await;

    // Analysis of a posted text.
    let (st, analysis) = api
        .send(
            Request::post("/api/v1/analyze")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    serde_json::json!({"text": "قال الوزير إن الاجتماع سيعقد غدا.", "published": "2018-05-06"})
                        .to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{analysis}");
    api.check("analyze", "Analysis", &analysis);
    assert!(!analysis["quotes"].as_array().unwrap().is_empty());

    // The description itself is served.
    let (st, doc) = api.get("/api/v1/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_json_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    fixture_store(dir.path());
    let api = api_on(dir.path(), |c| c.max_body = 4096).await;
    for (uri, status, says) in [
        ("/api/v1/articles/no-such-article", StatusCode::NOT_FOUND, "no article"),
        ("/api/v1/entities/PER:no-such-one", StatusCode::NOT_FOUND, "no entity"),
        ("/api/v1/search?from=yesterday", StatusCode::BAD_REQUEST, "YYYY-MM-DD"),
        ("/api/v1/search?limit=0", StatusCode::BAD_REQUEST, "limit"),
        ("/api/v1/search?limti=5", StatusCode::BAD_REQUEST, "limti"),
        (
            "/api/v1/search?from=2018-02-01&to=2018-01-01",
            StatusCode::BAD_REQUEST,
            "ends before",
        ),
        ("/api/v1/events?status=maybe", StatusCode::BAD_REQUEST, "status"),
        ("/api/v1/graph?kind=all", StatusCode::BAD_REQUEST, "kind"),
        ("/api/v1/nothing", StatusCode::NOT_FOUND, "openapi"),
    ] {
        let (st, v) = api.get(uri).await;
        assert_eq!(st, status, "{uri}: {v}");
        api.check(uri, "Error", &v);
        assert!(v["error"].as_str().unwrap().contains(says), "{uri}: {v}");
    }
    // A body over the limit is refused before it is read.
    let big = serde_json::json!({"text": "ا".repeat(5000)}).to_string();
    let r = api
        .app
        .clone()
        .oneshot(
            Request::post("/api/v1/analyze")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(big))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let (st, v) = api
        .send(
            Request::post("/api/v1/analyze")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"text\": 5}"))
                .unwrap(),
        )
        .await;
    assert!(
        st.is_client_error() && v["error"].as_str().unwrap().contains("does not read"),
        "{st} {v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guards_hold() {
    let dir = tempfile::tempdir().unwrap();
    fixture_store(dir.path());
    let api = api_on(dir.path(), |c| c.token = Some("s3cret".into())).await;
    // The API needs the token; the pages and assets hold no data and do not.
    let (st, v) = api.get("/api/v1/status").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{v}");
    let (st, _) = api
        .send(
            Request::get("/api/v1/status")
                .header(header::AUTHORIZATION, "Bearer wrong")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, _) = api
        .send(
            Request::get("/api/v1/status")
                .header(header::AUTHORIZATION, "Bearer s3cret")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(st, StatusCode::OK);

    // Every page is the one document, with the security headers; no CORS unless asked.
    for page in [
        "/search?q=x",
        "/articles/a",
        "/entities/PER:x",
        "/network",
        "/map",
        "/events",
        "/stories",
    ] {
        let r = api
            .app
            .clone()
            .oneshot(Request::get(page).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{page}");
        let h = r.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        let body = r.into_body().collect().await.unwrap().to_bytes();
        let html = String::from_utf8_lossy(&body);
        assert!(
            html.contains("dir=\"rtl\"") && !html.contains("http://") && !html.contains("https://"),
            "{page}"
        );
    }
    // Assets come from a fixed table: no path reaches a file outside it.
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2Fetc%2Fpasswd",
        "/assets/app.js%00",
        "/../../etc/passwd",
    ] {
        let r = api
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = api
        .app
        .clone()
        .oneshot(Request::get("/assets/app.js").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));

    // Without a token, only requests addressed to loopback are answered (DNS rebinding).
    let open = api_on(dir.path(), |_| {}).await;
    for (host, status) in [
        ("127.0.0.1:8080", StatusCode::OK),
        ("localhost:8080", StatusCode::OK),
        ("evil.example:8080", StatusCode::MISDIRECTED_REQUEST),
    ] {
        let (st, v) = open
            .send(
                Request::get("/api/v1/status")
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(st, status, "{host}: {v}");
    }

    // CORS only for the origin given.
    let cors = api_on(dir.path(), |c| c.cors = vec!["https://example.org".into()]).await;
    let r = cors
        .app
        .clone()
        .oneshot(
            Request::get("/api/v1/status")
                .header(header::ORIGIN, "https://example.org")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://example.org");
    let r = cors
        .app
        .clone()
        .oneshot(
            Request::get("/api/v1/status")
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(r.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[test]
fn other_addresses_need_a_token_or_no_auth() {
    let mut c = Config::new(PathBuf::from("unused"));
    assert!(c.check().is_ok(), "loopback needs nothing");
    c.addr = SocketAddr::from(([0, 0, 0, 0], 8080));
    let e = c.check().unwrap_err().to_string();
    assert!(e.contains("--token") && e.contains("--no-auth"), "{e}");
    c.no_auth = true;
    assert!(c.check().is_ok());
    c.no_auth = false;
    c.token = Some("t".into());
    assert!(c.check().is_ok());
    c.token = Some("  ".into());
    assert!(c.check().is_err(), "an empty token");
    c.addr = "[::1]:8080".parse().unwrap();
    c.token = None;
    assert!(c.check().is_ok(), "IPv6 loopback");
    for bad in ["*", "example.org", "https://example.org/path", ""] {
        c.cors = vec![bad.into()];
        assert!(c.check().is_err(), "--cors {bad:?}");
    }
    c.cors = vec!["https://example.org".into(), "http://localhost:3000".into()];
    assert!(c.check().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_articles_appear_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    fixture_store(dir.path());
    let api = api_on(dir.path(), |_| {}).await;
    let before = api.valid("/api/v1/status", "Status").await["articles"]
        .as_u64()
        .unwrap();
    // Another writer (as `rasid ingest` would) adds an article while the server runs.
    {
        let seg = Arc::new(rasid_text::Segmenter::new(
            rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).unwrap(),
        ));
        let mut w = Store::open_for_writing(dir.path(), seg).unwrap();
        let a = rasid_core::Article {
            id: "late-1".into(),
            title: "خبر متأخر عن البرلمان".into(),
            body: "ناقش البرلمان مشروع قانون الموازنة الجديد.".into(),
            ..rasid_core::Article::default()
        };
        w.ingest(&[rasid::Pipeline::embedded().unwrap().analyze(&a)]).unwrap();
    }
    let mut found = false;
    for _ in 0..50 {
        let s = api
            .valid(&format!("/api/v1/search?q={}", enc("البرلمان")), "SearchResponse")
            .await;
        if s["hits"].as_array().unwrap().iter().any(|h| h["id"] == "late-1") {
            found = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found, "the new article is searchable without a restart");
    let after = api.valid("/api/v1/status", "Status").await["articles"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
    let (st, _) = api.get("/api/v1/articles/late-1").await;
    assert_eq!(st, StatusCode::OK);
}
