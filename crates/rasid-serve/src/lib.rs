//! `rasid serve`: a read-only HTTP API under `/api/v1` and an Arabic, right-to-left web
//! interface over a rasid store (a local one, or a PostgreSQL database: [`Source`]).
//!
//! The flow of a request: [`guard`] (token, limits, security headers) → [`api`] (JSON,
//! described by `openapi.json`) or [`web`] (the pages and their assets, compiled in). The
//! API reads the store through [`state`]: a pool of readers for what is asked per request
//! (search, an article, an entity's rows) and a [`state::Snapshot`] of what is computed
//! over the whole store (merged entities, the event table, stories), rebuilt in the
//! background when an ingest commits new articles. Nothing here writes to the store.

pub mod api;
pub mod graph;
pub mod guard;
pub mod state;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use axum::Router;

pub use state::{Source, State};

/// The OpenAPI description of `/api/v1`, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

#[derive(Debug, Clone)]
pub struct Config {
    pub store: state::Source,
    pub addr: SocketAddr,
    /// Bearer token every `/api` request must carry.
    pub token: Option<String>,
    /// Serve an address other than loopback without a token, on purpose.
    pub no_auth: bool,
    /// Origins allowed to call the API from other sites' pages (CORS); none by default.
    pub cors: Vec<String>,
    /// Store readers kept open (concurrent store requests).
    pub readers: usize,
    /// A request that takes longer is answered 408.
    pub timeout: Duration,
    /// Largest request body (the text of `POST /api/v1/analyze`), bytes.
    pub max_body: usize,
}

impl Config {
    pub fn new(store: impl Into<state::Source>) -> Config {
        Config {
            store: store.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            no_auth: false,
            cors: Vec::new(),
            readers: 4,
            timeout: Duration::from_secs(30),
            max_body: 2 << 20,
        }
    }

    /// Refuses what would expose the store by mistake: an address other than loopback
    /// with neither a token nor `--no-auth`, an empty token.
    pub fn check(&self) -> Result<(), ServeError> {
        if self.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(ServeError::Config("--token must not be empty".into()));
        }
        for o in &self.cors {
            let origin = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://"));
            let ok = origin.is_some_and(|h| !h.is_empty() && !h.contains(['/', '*', ' ']))
                && HeaderValue::from_str(o).is_ok();
            if !ok {
                return Err(ServeError::Config(format!(
                    "--cors takes an origin such as https://example.org (scheme and host, no path, no *), not '{o}'"
                )));
            }
        }
        if !self.addr.ip().is_loopback() && self.token.is_none() && !self.no_auth {
            return Err(ServeError::Config(format!(
                "{} is reachable from other machines: give --token TOKEN (clients send `Authorization: Bearer TOKEN`) or, to serve without one on purpose, --no-auth",
                self.addr
            )));
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] rasid_corpus::StoreError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("{0}")]
    Other(String),
}

/// The whole application: API, pages, guards.
pub fn app(state: Arc<State>, cfg: &Config) -> Router {
    let api = api::router(state.clone(), cfg);
    let routes = Router::new().nest("/api/v1", api).merge(web::router());
    guard::wrap(routes, state, cfg)
}

/// Serves until Ctrl-C; `ready` is told the address once the socket listens.
pub async fn serve(cfg: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    cfg.check()?;
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .map_err(|e| ServeError::Bind(cfg.addr, e))?;
    let addr = listener.local_addr().map_err(|e| ServeError::Bind(cfg.addr, e))?;
    // A database's readers connect and close by blocking (the postgres crate's own
    // runtime), which tokio forbids on its worker threads: they are opened and dropped on
    // a blocking thread.
    let open = cfg.clone();
    let state = tokio::task::spawn_blocking(move || State::open(&open))
        .await
        .map_err(|e| ServeError::Other(e.to_string()))??;
    state.start_refresher();
    ready(addr);
    let served = axum::serve(listener, app(state.clone(), &cfg))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| ServeError::Other(e.to_string()));
    state.stop();
    let _ = tokio::task::spawn_blocking(move || drop(state)).await;
    served
}
