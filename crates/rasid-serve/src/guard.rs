//! What every response goes through: the bearer token on `/api`, the limits on request
//! bodies and time, CORS only for the origins asked for, and the headers that keep a
//! browser from running anything an article smuggles in (a Content-Security-Policy that
//! allows only the server's own scripts and styles; no inline script at all).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::{Config, State};

/// Only the server's own files; `data:` images are the charts' exported pictures.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn wrap(routes: Router, _state: Arc<State>, cfg: &Config) -> Router {
    let token = cfg.token.clone().map(Arc::new);
    // Without a token on loopback, only requests addressed to loopback by name are
    // answered: a page elsewhere that points its own host name at 127.0.0.1 (DNS
    // rebinding) would otherwise read the store as if it were this server's own page.
    let loopback_only = cfg.token.is_none() && cfg.addr.ip().is_loopback();
    let mut app = routes
        .layer(axum::middleware::from_fn(move |req: Request, next: Next| {
            let token = token.clone();
            async move { authorise(token.as_deref().map(String::as_str), loopback_only, req, next).await }
        }))
        // axum's own 2 MiB limit of extractors gives way to --max-body.
        .layer(axum::extract::DefaultBodyLimit::max(cfg.max_body))
        .layer(RequestBodyLimitLayer::new(cfg.max_body))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, cfg.timeout));
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ] {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if !cfg.cors.is_empty() {
        let origins: Vec<HeaderValue> = cfg.cors.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        );
    }
    app
}

/// The token is asked of the API only: the pages and their assets hold no data, and a
/// browser cannot send a header with the page it opens (the page asks for the token and
/// sends it with every API call).
async fn authorise(token: Option<&str>, loopback_only: bool, req: Request, next: Next) -> Response {
    if loopback_only && !req.headers().get(header::HOST).is_none_or(is_loopback_host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            axum::Json(serde_json::json!({"error": "this server answers requests to localhost, 127.0.0.1 or [::1] only (start it with --token to serve other names)"})),
        )
            .into_response();
    }
    let Some(token) = token else {
        return next.run(req).await;
    };
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        // The scheme's name is case-insensitive (RFC 7235).
        .and_then(|v| {
            v.get(..7)
                .filter(|s| s.eq_ignore_ascii_case("bearer "))
                .map(|_| &v[7..])
        });
    if given.is_some_and(|g| same(g.as_bytes(), token.as_bytes())) {
        return next.run(req).await;
    }
    let mut r = (
        StatusCode::UNAUTHORIZED,
        axum::Json(serde_json::json!({"error": "this server needs a token: send `Authorization: Bearer TOKEN`"})),
    )
        .into_response();
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

/// Whether a Host header names this machine's loopback (any port).
fn is_loopback_host(h: &HeaderValue) -> bool {
    let Ok(h) = h.to_str() else { return false };
    let name = match h.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => h.rsplit_once(':').map_or(h, |(n, _)| n),
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "::1"
}

/// Compares without stopping at the first difference, so that the time a wrong token
/// takes tells nothing of the right one.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts() {
        let h = |s: &'static str| super::is_loopback_host(&super::HeaderValue::from_static(s));
        assert!(h("localhost:8080") && h("127.0.0.1:8080") && h("[::1]:8080") && h("LOCALHOST") && h("127.0.0.1"));
        assert!(!h("evil.example:8080") && !h("127.0.0.1.evil.example") && !h("[::2]:80"));
    }

    #[test]
    fn tokens_compare() {
        assert!(super::same(b"abc", b"abc"));
        assert!(!super::same(b"abc", b"abd"));
        assert!(!super::same(b"abc", b"abcd"));
    }
}
