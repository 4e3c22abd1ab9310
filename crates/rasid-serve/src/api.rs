//! The JSON API under `/api/v1`, described by `openapi.json` (a test checks real
//! responses against it). Errors are `{"error": "..."}` with a status that says whose
//! fault it is: 400 a request the API cannot take, 404 nothing by that id, 503 a store
//! being written or damaged (the message says what to run).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State as AxState};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use rasid_core::{Analysis, Article, EventStatus};
use rasid_corpus::events::{EventFilter, EventRow};
use rasid_corpus::profile::{DayCount, QuoteBy, RoleSpan};
use rasid_corpus::stories::{stories, Story, StoryOptions};
use rasid_corpus::{Bucket, SearchHit, SearchOptions, StoreError};
use serde::{Deserialize, Serialize};

use crate::graph::{graph, GraphKind};
use crate::state::{EntityRow, Snapshot};
use crate::{Config, State};

type St = AxState<Arc<State>>;

pub fn router(state: Arc<State>, _cfg: &Config) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/status", get(status))
        .route("/search", get(search))
        .route("/places", get(places))
        .route("/articles/{id}", get(article))
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/stories", get(story_list))
        .route("/events", get(events))
        .route("/graph", get(network))
        .route("/analyze", post(analyze))
        .fallback(|| async { ApiError::not_found("no such API path (see /api/v1/openapi.json)".into()) })
        .with_state(state)
}

/// An error as the API answers it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad(message: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message,
        }
    }
    fn not_found(message: String) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let status = match &e {
            StoreError::Invalid(_) => StatusCode::BAD_REQUEST,
            StoreError::Busy(_) | StoreError::Damaged(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        // The causes too: `store database` alone says nothing of what went wrong.
        let mut message = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            message.push_str(&format!(": {c}"));
            cause = c.source();
        }
        ApiError { status, message }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> ApiError {
        ApiError::bad(format!("the query string does not read: {}", e.body_text()))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(serde_json::json!({"error": self.message}))).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut()
                .insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
        }
        r
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// The answer to the request `uri` from the snapshot's cache, else `compute`d (on a
/// blocking thread: the views over the whole store take milliseconds of CPU) and kept.
async fn cached<T, F>(
    heavy: Arc<tokio::sync::Semaphore>,
    snap: &Arc<Snapshot>,
    uri: &axum::http::Uri,
    compute: F,
) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    let key = uri.to_string();
    let bytes = match snap.responses.get(&key) {
        Some(b) => b,
        None => {
            // The permit goes with the computation: a request that times out does not
            // free it while its work still runs.
            let permit = heavy
                .acquire_owned()
                .await
                .map_err(|e| ApiError::from(StoreError::Other(e.to_string())))?;
            let v = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                compute()
            })
            .await
            .map_err(|e| ApiError::from(StoreError::Other(format!("the request failed: {e}"))))??;
            let b = axum::body::Bytes::from(
                serde_json::to_vec(&v).map_err(|e| ApiError::from(StoreError::Other(e.to_string())))?,
            );
            snap.responses.put(key, b.clone());
            b
        }
    };
    Ok(json_bytes(bytes))
}

/// The answer to `uri` if the snapshot's cache has it.
fn cached_now(snap: &Snapshot, uri: &axum::http::Uri) -> Option<Response> {
    snap.responses.get(&uri.to_string()).map(json_bytes)
}

fn json_bytes(b: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], b).into_response()
}

fn date(s: &Option<String>, what: &str) -> Result<Option<NaiveDate>, ApiError> {
    match s.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ApiError::bad(format!("{what} must be a date YYYY-MM-DD, not '{d}'"))),
    }
}

/// A query parameter that is there and not blank.
fn nonempty(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.trim().is_empty())
}

fn day(s: &Option<String>, what: &str) -> Result<Option<String>, ApiError> {
    Ok(date(s, what)?.map(|d| d.format("%Y-%m-%d").to_string()))
}

fn page(limit: Option<usize>, offset: Option<usize>, default: usize, max: usize) -> Result<(usize, usize), ApiError> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > max {
        return Err(ApiError::bad(format!("limit must be between 1 and {max}, not {limit}")));
    }
    Ok((limit, offset.unwrap_or(0)))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

#[derive(Serialize)]
struct Status {
    store: String,
    articles: usize,
    generation: i64,
    snapshot_ready: bool,
    snapshot_generation: Option<i64>,
    snapshot_ms: Option<f64>,
    snapshot_error: Option<String>,
    /// Articles whose stored events do not read (re-ingest them).
    problems: Vec<String>,
    version: &'static str,
}

async fn status(AxState(s): St) -> ApiResult<Status> {
    let articles = s.with_store(|st| st.articles()).await?;
    let snap = s.snapshot_now();
    Ok(Json(Status {
        store: s.source.shown(),
        articles,
        generation: s.generation(),
        snapshot_ready: snap.is_some(),
        snapshot_generation: snap.as_ref().map(|x| x.generation),
        snapshot_ms: snap.as_ref().map(|x| x.built_ms),
        snapshot_error: s.snapshot_error(),
        problems: snap
            .map(|x| x.problems.iter().take(20).cloned().collect())
            .unwrap_or_default(),
        version: env!("CARGO_PKG_VERSION"),
    }))
}

/// The parameters of `rasid search`, paging and facets.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SearchParams {
    q: Option<String>,
    from: Option<String>,
    to: Option<String>,
    source: Option<String>,
    topic: Option<String>,
    person: Option<String>,
    place: Option<String>,
    org: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    facets: Option<bool>,
}

impl SearchParams {
    fn options(&self, limit: usize, offset: usize, facets: bool, facet_size: usize) -> Result<SearchOptions, ApiError> {
        Ok(SearchOptions {
            limit,
            offset,
            facets,
            facet_size,
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            source: nonempty(&self.source),
            topic: nonempty(&self.topic),
            person: nonempty(&self.person),
            place: nonempty(&self.place),
            org: nonempty(&self.org),
        })
    }
}

/// A facet value, with the entity it names when the snapshot knows it.
#[derive(Serialize)]
struct NamedBucket {
    value: String,
    articles: u64,
    entity: Option<String>,
    name: Option<String>,
}

#[derive(Serialize, Default)]
struct SearchFacets {
    sources: Vec<Bucket>,
    topics: Vec<Bucket>,
    people: Vec<NamedBucket>,
    places: Vec<NamedBucket>,
    organisations: Vec<NamedBucket>,
    days: Vec<Bucket>,
}

#[derive(Serialize)]
struct SearchResponse {
    query: String,
    total: usize,
    offset: usize,
    took_ms: f64,
    hits: Vec<SearchHit>,
    notes: Vec<String>,
    facets: Option<SearchFacets>,
}

fn named(buckets: Vec<Bucket>, kind: &str, snap: Option<&Snapshot>) -> Vec<NamedBucket> {
    buckets
        .into_iter()
        .map(|b| {
            let e = snap.and_then(|s| s.entity_named(&b.value, &[kind]));
            NamedBucket {
                entity: e.map(|e| e.id.clone()),
                name: e.map(|e| e.entity.name.clone()),
                value: b.value,
                articles: b.articles,
            }
        })
        .collect()
}

async fn search(AxState(s): St, q: Result<Query<SearchParams>, QueryRejection>) -> ApiResult<SearchResponse> {
    let Query(p) = q?;
    let (limit, offset) = page(p.limit, p.offset, 20, 100)?;
    let o = p.options(limit, offset, p.facets.unwrap_or(true), 15)?;
    let query = p.q.clone().unwrap_or_default();
    let r = s.with_store(move |st| st.search(&query, &o)).await?;
    let snap = s.snapshot_now();
    let facets = r.facets.map(|f| SearchFacets {
        sources: f.sources,
        topics: f.topics,
        people: named(f.people, "PER", snap.as_deref()),
        places: named(f.places, "LOC", snap.as_deref()),
        organisations: named(f.organisations, "ORG", snap.as_deref()),
        days: f.days,
    });
    Ok(Json(SearchResponse {
        query: r.query,
        total: r.total,
        offset,
        took_ms: r.took_ms,
        hits: r.hits,
        notes: r.notes,
        facets,
    }))
}

#[derive(Serialize)]
struct MapPlace {
    value: String,
    name: String,
    entity: Option<String>,
    articles: u64,
    lat: f64,
    lon: f64,
    country: String,
}

#[derive(Serialize)]
struct PlacesResponse {
    total: usize,
    places: Vec<MapPlace>,
    /// Places among the search's most mentioned that the gazetteer has no coordinates for.
    unplaced: Vec<Bucket>,
}

/// The places of a search with their coordinates (the map).
async fn places(
    AxState(s): St,
    uri: axum::http::Uri,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = q?;
    let o = p.options(1, 0, true, 300)?;
    let snap = s.snapshot().await?;
    if let Some(r) = cached_now(&snap, &uri) {
        return Ok(r);
    }
    let query = p.q.clone().unwrap_or_default();
    let r = s.with_store(move |st| st.search(&query, &o)).await?;
    let pipeline = s.pipeline().await?;
    let sn = snap.clone();
    cached(s.heavy.clone(), &snap, &uri, move || {
        let mut out = PlacesResponse {
            total: r.total,
            places: Vec::new(),
            unplaced: Vec::new(),
        };
        let k = pipeline.knowledge();
        for b in r.facets.map(|f| f.places).unwrap_or_default() {
            // The name as stored, else without its articles (the store's name key).
            let best = k
                .best_place(&b.value)
                .or_else(|| k.best_place(&rasid_corpus::store::name_key(&b.value)));
            let e = sn.entity_named(&b.value, &["LOC"]);
            match best {
                Some(c) => out.places.push(MapPlace {
                    name: e.map(|e| e.entity.name.clone()).unwrap_or_else(|| b.value.clone()),
                    entity: e.map(|e| e.id.clone()),
                    value: b.value,
                    articles: b.articles,
                    lat: c.lat,
                    lon: c.lon,
                    country: c.country.clone(),
                }),
                None => out.unplaced.push(b),
            }
        }
        Ok(out)
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ArticleParams {
    /// Add the text layer (tokens and sentences, computed again: the store keeps neither).
    tokens: Option<bool>,
}

#[derive(Serialize)]
struct ArticleResponse {
    analysis: Analysis,
    near_duplicates: Vec<NearDuplicate>,
    /// The id of the entity of the store each entity of the article belongs to.
    entity_ids: HashMap<String, String>,
}

#[derive(Serialize)]
struct NearDuplicate {
    id: String,
    similarity: f32,
}

async fn article(
    AxState(s): St,
    Path(id): Path<String>,
    q: Result<Query<ArticleParams>, QueryRejection>,
) -> ApiResult<ArticleResponse> {
    let Query(p) = q?;
    let wanted = id.clone();
    let found = s
        .with_store(move |st| {
            let Some(a) = st.article(&wanted)? else {
                return Ok(None);
            };
            Ok(Some((a, st.near_duplicates(&wanted)?)))
        })
        .await?;
    let Some((mut analysis, near)) = found else {
        return Err(ApiError::not_found(format!(
            "no article with the id '{id}' in the store"
        )));
    };
    // The store keeps no tokens or sentences: they are the text layer, computed again when
    // asked for (the pages do not need them).
    if p.tokens.unwrap_or(false) {
        let pipeline = s.pipeline().await?;
        let text = analysis.text.clone();
        let (tokens, sentences) = tokio::task::spawn_blocking(move || pipeline.text_layer(&text))
            .await
            .map_err(|e| ApiError::from(StoreError::Other(e.to_string())))?;
        analysis.tokens = tokens;
        analysis.sentences = sentences;
    }
    let snap = s.snapshot_now();
    let entity_ids = analysis
        .entities
        .iter()
        .filter_map(|e| {
            let key = rasid_corpus::store::name_key(&e.canonical);
            let found = snap.as_deref()?.entity(e.kind.as_str(), &key)?;
            Some((e.id.clone(), found.id.clone()))
        })
        .collect();
    Ok(Json(ArticleResponse {
        analysis,
        near_duplicates: near
            .into_iter()
            .map(|(id, similarity)| NearDuplicate { id, similarity })
            .collect(),
        entity_ids,
    }))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EntitiesParams {
    #[serde(rename = "type")]
    kind: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

#[derive(Serialize)]
struct EntitiesResponse {
    total: usize,
    entities: Vec<EntityRow>,
}

fn entity_type(t: &Option<String>) -> Result<Option<String>, ApiError> {
    match t.as_deref().map(str::to_uppercase) {
        None => Ok(None),
        Some(t) if ["PER", "LOC", "ORG", "MISC"].contains(&t.as_str()) => Ok(Some(t)),
        Some(t) => Err(ApiError::bad(format!("type must be PER, LOC, ORG or MISC, not '{t}'"))),
    }
}

async fn entities(AxState(s): St, q: Result<Query<EntitiesParams>, QueryRejection>) -> ApiResult<EntitiesResponse> {
    let Query(p) = q?;
    let (limit, offset) = page(p.limit, p.offset, 50, 1000)?;
    let kind = entity_type(&p.kind)?;
    let words =
        p.q.as_deref()
            .map(rasid_corpus::store::filter_words)
            .unwrap_or_default();
    let snap = s.snapshot().await?;
    let matching: Vec<&EntityRow> = snap
        .entities
        .iter()
        .zip(&snap.entity_names)
        .filter(|(e, names)| {
            kind.as_deref().is_none_or(|k| e.entity.kind == k) && words.iter().all(|w| names.contains(w.as_str()))
        })
        .map(|(e, _)| e)
        .collect();
    Ok(Json(EntitiesResponse {
        total: matching.len(),
        entities: matching.into_iter().skip(offset).take(limit).cloned().collect(),
    }))
}

/// Another entity mentioned with this one, as the API names it.
#[derive(Serialize)]
struct Related {
    id: Option<String>,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    articles: u64,
}

#[derive(Serialize)]
struct EntityProfile {
    #[serde(flatten)]
    row: EntityRow,
    affiliations: Vec<String>,
    latin: Option<String>,
    link: Option<rasid_core::Link>,
    roles: Vec<RoleSpan>,
    days: Vec<DayCount>,
    co_mentioned: Vec<Related>,
    quotes: Vec<QuoteBy>,
    /// Events it takes part in (as source or target), latest first.
    events: Vec<EventRow>,
    articles_read: usize,
}

async fn entity(AxState(s): St, uri: axum::http::Uri, Path(id): Path<String>) -> Result<Response, ApiError> {
    let snap = s.snapshot().await?;
    let Some(index) = snap.index_of_id(&id) else {
        return Err(ApiError::not_found(format!(
            "no entity with the id '{id}' in the store"
        )));
    };
    if let Some(r) = cached_now(&snap, &uri) {
        return Ok(r);
    }
    let row = snap.entities[index].clone();
    let kind = row.entity.kind.clone();
    let mut keys = vec![row.entity.key.clone()];
    keys.extend(row.entity.merged_keys.iter().cloned());
    let (days, roles, co, reading) = s
        .with_store(move |st| {
            Ok((
                st.entity_days(&kind, &keys)?,
                st.entity_roles(&kind, &keys, 10)?,
                st.co_mentions(&kind, &keys, 60)?,
                st.entity_reading(&kind, &keys)?,
            ))
        })
        .await?;
    let sn = snap.clone();
    cached(s.heavy.clone(), &snap, &uri, move || {
        let mut co_mentioned: Vec<Related> = Vec::new();
        for c in co {
            let found = sn.entity(&c.kind, &c.key);
            let id = found.map(|e| e.id.clone());
            if id.is_some() && co_mentioned.iter().any(|r| r.id == id) || id.as_deref() == Some(&row.id) {
                continue; // another key of an entity already listed, or of this one
            }
            co_mentioned.push(Related {
                name: found.map(|e| e.entity.name.clone()).unwrap_or(c.key),
                id,
                kind: c.kind,
                articles: c.articles,
            });
            if co_mentioned.len() == 20 {
                break;
            }
        }
        // Latest first; what did not happen is left out.
        let events: Vec<EventRow> = sn
            .events_of
            .get(&(index as u32))
            .into_iter()
            .flatten()
            .rev()
            .map(|&i| &sn.events[i as usize])
            .filter(|e| e.status != "negated")
            .take(100)
            .cloned()
            .collect();
        Ok(EntityProfile {
            row,
            affiliations: reading.affiliations,
            latin: reading.latin,
            link: reading.link,
            roles,
            days,
            co_mentioned,
            quotes: reading.quotes.into_iter().take(50).collect(),
            events,
            articles_read: reading.articles_read,
        })
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StoryParams {
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
}

#[derive(Serialize)]
struct StoriesResponse {
    stories: Vec<Story>,
}

async fn story_list(AxState(s): St, q: Result<Query<StoryParams>, QueryRejection>) -> ApiResult<StoriesResponse> {
    let Query(p) = q?;
    let (limit, _) = page(p.limit, None, 20, 50)?;
    let (from, to) = (day(&p.from, "from")?, day(&p.to, "to")?);
    if from.is_none() && to.is_none() {
        let snap = s.snapshot().await?;
        return Ok(Json(StoriesResponse {
            stories: snap.stories.iter().take(limit).cloned().collect(),
        }));
    }
    let o = StoryOptions {
        from,
        to,
        limit,
        ..StoryOptions::default()
    };
    let found = s.with_store(move |st| stories(st, &o)).await?;
    Ok(Json(StoriesResponse { stories: found }))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EventParams {
    from: Option<String>,
    to: Option<String>,
    actor: Option<String>,
    code: Option<String>,
    country: Option<String>,
    /// reported (the default), planned, negated, claimed, or all; several joined by `,`.
    status: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    /// `asc` (the default: oldest first, as `rasid events`) or `desc`.
    order: Option<String>,
}

/// Events of a publication day and QuadClass (1 verbal cooperation … 4 material conflict).
#[derive(Serialize)]
struct QuadCount {
    day: String,
    quad_class: u8,
    events: usize,
}

#[derive(Serialize)]
struct EventsResponse {
    total: usize,
    events: Vec<EventRow>,
    by_day_and_quad_class: Vec<QuadCount>,
    by_day_and_code: Vec<rasid_corpus::events::EventCount>,
}

fn statuses(s: &Option<String>) -> Result<Vec<EventStatus>, ApiError> {
    let s = s.as_deref().unwrap_or("reported");
    if s == "all" {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|x| {
            EventStatus::parse(x.trim()).ok_or_else(|| {
                ApiError::bad(format!(
                    "status must be reported, planned, negated, claimed or all, not '{x}'"
                ))
            })
        })
        .collect()
}

async fn events(
    AxState(s): St,
    uri: axum::http::Uri,
    q: Result<Query<EventParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = q?;
    let (limit, offset) = page(p.limit, p.offset, 50, 1000)?;
    let desc = match p.order.as_deref().unwrap_or("asc") {
        "asc" => false,
        "desc" => true,
        other => return Err(ApiError::bad(format!("order must be asc or desc, not '{other}'"))),
    };
    let actor = nonempty(&p.actor);
    // The actor is matched here against the names the snapshot normalised once; the rest
    // of the filter is `rasid events`'s own.
    let f = EventFilter {
        from: day(&p.from, "from")?,
        to: day(&p.to, "to")?,
        actor: None,
        code: nonempty(&p.code),
        country: nonempty(&p.country).map(|c| c.to_uppercase()),
        status: statuses(&p.status)?,
    };
    let snap = s.snapshot().await?;
    let sn = snap.clone();
    cached(s.heavy.clone(), &snap, &uri, move || {
        let actor_norm = actor.as_deref().map(rasid_text::normalize);
        let rows: Vec<&EventRow> = sn
            .events
            .iter()
            .zip(&sn.event_names)
            .filter(|(r, names)| {
                f.keeps(r)
                    && actor.as_deref().is_none_or(|q| {
                        actor_norm.as_deref().is_some_and(|n| names.contains(n))
                            || [&r.source_code, &r.target_code]
                                .iter()
                                .any(|c| c.as_deref().is_some_and(|c| c.starts_with(q)))
                    })
            })
            .map(|(r, _)| r)
            .collect();
        let mut quads: std::collections::BTreeMap<(&str, u8), usize> = Default::default();
        // By publication day: the news of each day (an event's own date may lie years back).
        for r in &rows {
            let d = r.published.as_deref().or(r.date.as_deref()).unwrap_or("unknown");
            *quads.entry((d.get(..10).unwrap_or(d), r.quad_class)).or_default() += 1;
        }
        let ordered: Box<dyn Iterator<Item = &&EventRow>> = if desc {
            Box::new(rows.iter().rev())
        } else {
            Box::new(rows.iter())
        };
        let page: Vec<EventRow> = ordered.skip(offset).take(limit).map(|r| (*r).clone()).collect();
        Ok(EventsResponse {
            total: rows.len(),
            by_day_and_code: rasid_corpus::events::by_day_and_code(rows.iter().copied()),
            by_day_and_quad_class: quads
                .into_iter()
                .map(|((day, quad_class), events)| QuadCount {
                    day: day.to_string(),
                    quad_class,
                    events,
                })
                .collect(),
            events: page,
        })
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct GraphParams {
    from: Option<String>,
    to: Option<String>,
    /// met, mentioned or both (the default).
    kind: Option<String>,
    limit: Option<usize>,
}

async fn network(
    AxState(s): St,
    uri: axum::http::Uri,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = q?;
    let (limit, _) = page(p.limit, None, 40, 200)?;
    let kind = match p.kind.as_deref().unwrap_or("both") {
        "met" => GraphKind::Met,
        "mentioned" => GraphKind::Mentioned,
        "both" => GraphKind::Both,
        other => {
            return Err(ApiError::bad(format!(
                "kind must be met, mentioned or both, not '{other}'"
            )))
        }
    };
    let (from, to) = (day(&p.from, "from")?, day(&p.to, "to")?);
    let snap = s.snapshot().await?;
    if let Some(r) = cached_now(&snap, &uri) {
        return Ok(r);
    }
    let (f, t, sn) = (from.clone(), to.clone(), snap.clone());
    let pairs = if kind == GraphKind::Met {
        Vec::new()
    } else {
        s.with_store(move |st| {
            st.co_mention_pairs("PER", f.as_deref(), t.as_deref(), limit, &|key| {
                sn.entity("PER", key).map(|e| e.id.clone())
            })
        })
        .await?
    };
    let sn = snap.clone();
    cached(s.heavy.clone(), &snap, &uri, move || {
        Ok(graph(&sn, kind, limit, from.as_deref(), to.as_deref(), pairs))
    })
    .await
}

/// `POST /api/v1/analyze`: an article in, its analysis out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeRequest {
    text: String,
    title: Option<String>,
    /// `YYYY-MM-DD`: relative dates are resolved against it.
    published: Option<String>,
}

async fn analyze(AxState(s): St, body: Result<Json<AnalyzeRequest>, JsonRejection>) -> ApiResult<Analysis> {
    let Json(r) = body.map_err(|e| ApiError {
        status: e.status(),
        message: format!("the request body does not read: {}", e.body_text()),
    })?;
    if r.text.trim().is_empty() {
        return Err(ApiError::bad("text is empty".into()));
    }
    let published = date(&r.published, "published")?;
    let article = Article {
        id: format!("api-{:016x}", rasid_text::checksum::text_fingerprint(&r.text)),
        title: r.title.unwrap_or_default(),
        body: r.text,
        published_raw: r.published.clone(),
        published,
        published_from: published.map(|_| "input"),
        origin: "api".into(),
        ..Article::default()
    };
    let pipeline = s.pipeline().await?;
    // The permit goes with the analysis: a request that times out does not free it while
    // the analysis still runs.
    let permit = s
        .analyses
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| ApiError::from(StoreError::Other(e.to_string())))?;
    let a = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        pipeline.analyze(&article)
    })
    .await
    .map_err(|e| ApiError::from(StoreError::Other(format!("the analysis failed: {e}"))))?;
    Ok(Json(a))
}
