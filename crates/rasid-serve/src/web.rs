//! The web interface: one page (`index.html`) that draws every view from the API, and its
//! assets, all compiled into the binary so that it works with no internet.
//!
//! Assets are looked up by name in a fixed table, never on disk, so no request path can
//! reach a file outside it (`/assets/../Cargo.toml` is simply a name the table lacks).

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

/// (name, content type, bytes) of every file under `/assets/`.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    ("favicon.svg", "image/svg+xml", include_bytes!("../assets/favicon.svg")),
    (
        "d3.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/d3.min.js"),
    ),
    (
        "topojson-client.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/topojson-client.min.js"),
    ),
    (
        "countries-110m.json",
        "application/json",
        include_bytes!("../assets/vendor/countries-110m.json"),
    ),
    (
        "LICENSES.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../assets/LICENSES.txt"),
    ),
];

const INDEX: &str = include_str!("../assets/index.html");

/// The views a colleague can open by URL; the page reads the path and draws the view.
const PAGES: &[&str] = &["/search", "/network", "/map", "/events", "/stories", "/about"];

pub fn router() -> Router {
    let mut r = Router::new()
        .route("/", get(|| async { Redirect::to("/search") }))
        .route("/articles/{id}", get(page))
        .route("/entities/{id}", get(page))
        .route("/assets/{name}", get(asset))
        .route(
            "/favicon.ico",
            get(|| async { Redirect::permanent("/assets/favicon.svg") }),
        );
    for p in PAGES {
        r = r.route(p, get(page));
    }
    r.fallback(not_found)
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
        .into_response()
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, bytes)) => (
            [
                (header::CONTENT_TYPE, *kind),
                // Assets change only with the binary; an hour saves reloading d3 per page.
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => not_found().await,
    }
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "not found",
    )
        .into_response()
}
