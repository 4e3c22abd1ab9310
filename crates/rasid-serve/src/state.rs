//! What the server keeps: a pool of store readers, and a snapshot of what is computed over
//! the whole store, rebuilt in the background when new articles are committed.
//!
//! A `Store` holds an SQLite connection, which one thread uses at a time, so requests
//! borrow a reader from a pool (deadpool's unmanaged pool) and use it on tokio's
//! blocking threads. The merged entity list, the event table and the stories cost a
//! second or more each on a large store; they are computed once per store generation
//! (the largest article rowid) by one background thread with its own reader, and handed
//! to requests as an `Arc<Snapshot>`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rasid_corpus::events::{EventFilter, EventRow};
use rasid_corpus::stories::{stories, Story, StoryOptions};
use rasid_corpus::{Corpus, CorpusEntity, Store, StoreError};
use serde::Serialize;
use tokio::sync::watch;

use crate::{Config, ServeError};

/// How often the background thread asks the store whether articles were added.
const POLL: Duration = Duration::from_secs(1);
/// While an ingest commits batch after batch, the snapshot is rebuilt at most this often.
const REBUILD_EVERY: Duration = Duration::from_secs(10);
/// How long a request waits for the first snapshot before it is told to retry.
const FIRST_SNAPSHOT_WAIT: Duration = Duration::from_secs(60);
/// Entities kept per type in the snapshot (the merged list is sorted by articles).
const ENTITIES: usize = 20_000;

/// A reader of the pool, with the store generation its index last reloaded at.
pub struct Reader {
    pub store: Box<dyn Corpus>,
    seen: i64,
}

/// What the server reads: a local store, or a PostgreSQL database loaded by `rasid db
/// load` (the same views, computed by the same code from its rows).
#[derive(Clone)]
pub enum Source {
    Dir(PathBuf),
    Db(String),
}

/// Without the database's password.
impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Dir(dir) => f.debug_tuple("Dir").field(dir).finish(),
            Source::Db(_) => f.debug_tuple("Db").field(&self.shown()).finish(),
        }
    }
}

impl Source {
    /// Opens a reader (a store's fails as `Store::open` does on a damaged store, with the
    /// repair command; a database's names the server when it cannot connect).
    pub fn open(&self, segmenter: Arc<rasid_text::Segmenter>) -> Result<Box<dyn Corpus>, StoreError> {
        Ok(match self {
            Source::Dir(dir) => Box::new(Store::open(dir, segmenter)?),
            Source::Db(url) => {
                Box::new(rasid_pg::PgStore::open(url, segmenter).map_err(|e| StoreError::Other(e.to_string()))?)
            }
        })
    }

    /// The store's directory, or the database's URL without its password.
    pub fn shown(&self) -> String {
        match self {
            Source::Dir(dir) => dir.display().to_string(),
            Source::Db(url) => rasid_pg::shown_url(url),
        }
    }
}

impl From<PathBuf> for Source {
    fn from(dir: PathBuf) -> Source {
        Source::Dir(dir)
    }
}

/// One entity of the snapshot, with the id the API and the pages use for it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    pub id: String,
    #[serde(flatten)]
    pub entity: CorpusEntity,
}

/// What is computed over the whole store, for one generation of it.
pub struct Snapshot {
    pub generation: i64,
    pub built_ms: f64,
    pub entities: Vec<EntityRow>,
    /// The normalised name and spellings of each entity, joined by `|` (the `q` of
    /// `/entities` looks in them).
    pub entity_names: Vec<String>,
    /// (type, key) of every key, merged ones included → index in `entities`.
    by_key: HashMap<(String, String), usize>,
    /// Every event (all statuses), in date order.
    pub events: Vec<EventRow>,
    /// The participants' names of each event, normalised once (source, its entity, target,
    /// its entity, joined by `|`): what an actor filter looks in.
    pub event_names: Vec<String>,
    /// The entity (index in `entities`) of each event's source and target, when the store
    /// has it: the article's full name of the participant first, else the name the
    /// sentence gives (a surname alone may be an entity of its own).
    pub event_entities: Vec<[Option<u32>; 2]>,
    /// The events each entity takes part in (indexes in `events`, in date order).
    pub events_of: HashMap<u32, Vec<u32>>,
    /// The stories of the whole store (default options).
    pub stories: Vec<Story>,
    /// Articles whose stored events do not read.
    pub problems: Vec<String>,
    /// Answers computed from this snapshot (an entity's page, the network), by request.
    pub responses: Cache,
}

/// Serialised answers by request, for as long as their snapshot lives (a new generation of
/// the store starts with none). Bounded in bytes: when full it is emptied, which costs only
/// recomputing what is asked again.
#[derive(Default)]
pub struct Cache(std::sync::Mutex<(HashMap<String, axum::body::Bytes>, usize)>);

/// Bytes of answers a snapshot's cache keeps at most.
const CACHED_BYTES: usize = 16 << 20;

impl Cache {
    pub fn get(&self, key: &str) -> Option<axum::body::Bytes> {
        self.0.lock().expect("not poisoned").0.get(key).cloned()
    }

    pub fn put(&self, key: String, value: axum::body::Bytes) {
        let size = key.len() + value.len();
        if size > CACHED_BYTES / 4 {
            return; // an answer this large is computed again rather than crowd out others
        }
        let mut m = self.0.lock().expect("not poisoned");
        if m.1 + size > CACHED_BYTES {
            m.0.clear();
            m.1 = 0;
        }
        let key_len = key.len();
        m.1 += size;
        // Two requests that missed at once put the same answer twice: count it once.
        if let Some(old) = m.0.insert(key, value) {
            m.1 -= key_len + old.len();
        }
    }
}

impl Snapshot {
    /// Computes the snapshot of a store (also what `rasid export --what graph` draws on).
    pub fn build(store: &dyn Corpus, generation: i64) -> Result<Snapshot, StoreError> {
        let t0 = Instant::now();
        let mut entities = Vec::new();
        for kind in ["PER", "LOC", "ORG", "MISC"] {
            entities.extend(store.entities(Some(kind), ENTITIES)?);
        }
        entities.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(a.kind.cmp(&b.kind))
                .then(a.key.cmp(&b.key))
        });
        let entities: Vec<EntityRow> = entities
            .into_iter()
            .map(|e| EntityRow {
                id: entity_id(&e.kind, &e.key),
                entity: e,
            })
            .collect();
        let entity_names = entities
            .iter()
            .map(|e| {
                std::iter::once(&e.entity.name)
                    .chain(&e.entity.spellings)
                    .map(|n| rasid_text::normalize(n))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        let mut by_key = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            for k in std::iter::once(&e.entity.key).chain(&e.entity.merged_keys) {
                by_key.entry((e.entity.kind.clone(), k.clone())).or_insert(i);
            }
        }
        let (events, problems) = store.events(&EventFilter::default())?;
        let event_names = events
            .iter()
            .map(|e| {
                [&e.source, &e.source_entity, &e.target, &e.target_entity]
                    .iter()
                    .filter_map(|n| n.as_deref().map(rasid_text::normalize))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        let resolve = |full: &Option<String>, named: &Option<String>| {
            [full, named].iter().filter_map(|n| n.as_deref()).find_map(|n| {
                let key = rasid_corpus::store::name_key(n);
                PARTICIPANT_TYPES
                    .iter()
                    .find_map(|k| by_key.get(&(k.to_string(), key.clone())))
                    .map(|&i| i as u32)
            })
        };
        let event_entities: Vec<[Option<u32>; 2]> = events
            .iter()
            .map(|e| {
                [
                    resolve(&e.source_entity, &e.source),
                    resolve(&e.target_entity, &e.target),
                ]
            })
            .collect();
        let mut events_of: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, pair) in event_entities.iter().enumerate() {
            for e in pair.iter().flatten() {
                let list = events_of.entry(*e).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let stories = stories(store, &StoryOptions::default())?;
        Ok(Snapshot {
            generation,
            built_ms: t0.elapsed().as_secs_f64() * 1000.0,
            entities,
            entity_names,
            by_key,
            events,
            event_names,
            event_entities,
            events_of,
            stories,
            responses: Cache::default(),
            problems,
        })
    }

    /// The entity a key of a type belongs to.
    pub fn entity(&self, kind: &str, key: &str) -> Option<&EntityRow> {
        self.by_key
            .get(&(kind.to_string(), key.to_string()))
            .map(|&i| &self.entities[i])
    }

    /// The entity of an id the API gave out (`PER:key`), merged keys included.
    pub fn entity_by_id(&self, id: &str) -> Option<&EntityRow> {
        self.index_of_id(id).map(|i| &self.entities[i])
    }

    /// Where the entity of an id is in `entities`.
    pub fn index_of_id(&self, id: &str) -> Option<usize> {
        let (kind, key) = id.split_once(':')?;
        self.by_key.get(&(kind.to_string(), key.to_string())).copied()
    }

    /// The entity a participant's or a facet's name stands for: the first type, in the
    /// order given, that has its key.
    pub fn entity_named(&self, name: &str, kinds: &[&str]) -> Option<&EntityRow> {
        let key = rasid_corpus::store::name_key(name);
        kinds.iter().find_map(|k| self.entity(k, &key))
    }
}

/// The types an event's participant is looked up in, in this order.
const PARTICIPANT_TYPES: [&str; 3] = ["PER", "ORG", "LOC"];

/// The id of an entity: its type and its main key.
pub fn entity_id(kind: &str, key: &str) -> String {
    format!("{kind}:{key}")
}

pub struct State {
    pub source: Source,
    pool: deadpool::unmanaged::Pool<Reader>,
    /// The store generation last seen by the background thread.
    generation: AtomicI64,
    snapshot: watch::Sender<Option<Arc<Snapshot>>>,
    /// The last snapshot build that failed, for `/status` and the error of requests.
    snapshot_error: std::sync::Mutex<Option<String>>,
    pipeline: tokio::sync::OnceCell<Arc<rasid::Pipeline>>,
    /// At most this many analyses run at once (`POST analyze`): they take a core each.
    pub analyses: Arc<tokio::sync::Semaphore>,
    /// At most this many answers computed from the snapshot at once (one per core).
    pub heavy: Arc<tokio::sync::Semaphore>,
    /// How long a request waits for the first snapshot (half the request timeout, so the
    /// request is told why rather than timed out).
    snapshot_wait: Duration,
    segmenter: Arc<rasid_text::Segmenter>,
    stopping: AtomicBool,
}

impl State {
    /// Opens the readers of the pool (each fails as `Store::open` does on a damaged
    /// store, with the repair command).
    pub fn open(cfg: &Config) -> Result<Arc<State>, ServeError> {
        let segmenter = Arc::new(rasid_text::Segmenter::new(
            rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)
                .map_err(|e| ServeError::Other(e.to_string()))?,
        ));
        let first = cfg.store.open(segmenter.clone())?;
        let generation = first.generation()?;
        let mut readers = vec![Reader {
            store: first,
            seen: generation,
        }];
        for _ in 1..cfg.readers.max(1) {
            readers.push(Reader {
                store: cfg.store.open(segmenter.clone())?,
                seen: generation,
            });
        }
        let (snapshot, _) = watch::channel(None);
        Ok(Arc::new(State {
            source: cfg.store.clone(),
            pool: deadpool::unmanaged::Pool::from(readers),
            generation: AtomicI64::new(generation),
            snapshot,
            snapshot_error: std::sync::Mutex::new(None),
            pipeline: tokio::sync::OnceCell::new(),
            analyses: Arc::new(tokio::sync::Semaphore::new(2)),
            heavy: Arc::new(tokio::sync::Semaphore::new(2)),
            snapshot_wait: (cfg.timeout / 2).min(FIRST_SNAPSHOT_WAIT),
            segmenter,
            stopping: AtomicBool::new(false),
        }))
    }

    /// Runs `f` with a reader of the pool on a blocking thread. The reader's index is
    /// reloaded first when the store has grown since it last looked.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Corpus) -> Result<T, StoreError> + Send + 'static,
    {
        let mut reader = self
            .pool
            .get()
            .await
            .map_err(|e| StoreError::Other(format!("no store reader: {e}")))?;
        let generation = self.generation.load(Ordering::Acquire);
        tokio::task::spawn_blocking(move || {
            if reader.seen < generation {
                reader.store.reload()?;
                reader.seen = generation;
            }
            f(reader.store.as_ref())
        })
        .await
        .map_err(|e| StoreError::Other(format!("the request failed: {e}")))?
    }

    /// The snapshot of the store, waiting for the first one to be built.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, StoreError> {
        if let Some(s) = self.snapshot_now() {
            return Ok(s);
        }
        if let Some(e) = self.snapshot_error() {
            return Err(StoreError::Busy(format!("the corpus views could not be computed: {e}")));
        }
        let mut rx = self.snapshot.subscribe();
        let waited = tokio::time::timeout(self.snapshot_wait, rx.wait_for(|s| s.is_some())).await;
        match waited {
            Ok(Ok(s)) => Ok(s.clone().expect("waited for it")),
            _ => Err(StoreError::Busy(
                match self.snapshot_error.lock().expect("not poisoned").clone() {
                    Some(e) => format!("the corpus views could not be computed: {e}"),
                    None => "the corpus views are still being computed: try again in a minute".into(),
                },
            )),
        }
    }

    /// The current snapshot without waiting, if one is built.
    pub fn snapshot_now(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.borrow().clone()
    }

    pub fn generation(&self) -> i64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn snapshot_error(&self) -> Option<String> {
        self.snapshot_error.lock().expect("not poisoned").clone()
    }

    /// The analysis pipeline, loaded on first use (the server starts without it).
    pub async fn pipeline(&self) -> Result<Arc<rasid::Pipeline>, StoreError> {
        self.pipeline
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(|| rasid::Pipeline::embedded().map(Arc::new))
                    .await
                    .map_err(|e| StoreError::Other(e.to_string()))?
                    .map_err(|e| StoreError::Other(format!("loading the shipped models: {e}")))
            })
            .await
            .cloned()
    }

    /// Starts the background thread that watches the store's generation and rebuilds the
    /// snapshot; the first build starts at once.
    pub fn start_refresher(self: &Arc<State>) {
        let state = self.clone();
        std::thread::spawn(move || state.refresh_loop());
    }

    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Release);
    }

    fn refresh_loop(&self) {
        let mut store = None;
        // The last build that succeeded (generation, when), and when one last failed.
        let mut built: Option<(i64, Instant)> = None;
        let mut failed: Option<Instant> = None;
        while !self.stopping.load(Ordering::Acquire) {
            // A failure is tried again after a while, not at every poll: a build reads the
            // whole store.
            if failed.is_none_or(|f| f.elapsed() >= REBUILD_EVERY) {
                match self.refresh_once(&mut store, &mut built) {
                    Ok(()) => failed = None,
                    Err(e) => {
                        *self.snapshot_error.lock().expect("not poisoned") = Some(e);
                        failed = Some(Instant::now());
                        store = None; // opened again on the next try
                    }
                }
            }
            std::thread::sleep(POLL);
        }
    }

    /// One poll: the store's generation, and a new snapshot when it is due. A panic in
    /// the build is an error here, not the end of the thread.
    fn refresh_once(
        &self,
        store: &mut Option<Box<dyn Corpus>>,
        built: &mut Option<(i64, Instant)>,
    ) -> Result<(), String> {
        if store.is_none() {
            *store = Some(self.source.open(self.segmenter.clone()).map_err(|e| e.to_string())?);
        }
        let st = store.as_ref().expect("just opened");
        let g = st.generation().map_err(|e| e.to_string())?;
        self.generation.fetch_max(g, Ordering::AcqRel);
        let due = built.is_none_or(|(at, when)| g != at && when.elapsed() >= REBUILD_EVERY);
        if !due {
            return Ok(());
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            st.reload().and_then(|()| Snapshot::build(st.as_ref(), g))
        }));
        match result {
            Ok(Ok(s)) => {
                *self.snapshot_error.lock().expect("not poisoned") = None;
                self.snapshot.send_replace(Some(Arc::new(s)));
                *built = Some((g, Instant::now()));
                Ok(())
            }
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("the computation of the corpus views failed (a panic): see the server's log".into()),
        }
    }
}
