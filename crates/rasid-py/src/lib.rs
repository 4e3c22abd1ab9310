//! rasid for Python: `rasid.analyze`, `rasid.analyze_many` and `rasid.Store`, returning the
//! same JSON structures as the command line as Python dicts and lists (via pythonize).
//!
//! The pipeline is loaded once per process, on first use, from the models compiled into
//! the module. Analysis runs with the GIL released, on rayon's threads.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rasid::{Analysis, Article, Pipeline};
use rasid_corpus::events::EventFilter;
use rasid_corpus::{Corpus, SearchOptions, Store};
use rasid_export::{Cell, Sink, Table};

create_exception!(
    rasid,
    RasidError,
    PyException,
    "An error of rasid (a store, an input, a model)."
);

fn err(e: impl std::fmt::Display) -> PyErr {
    RasidError::new_err(e.to_string())
}

fn pipeline(py: Python<'_>) -> PyResult<&'static Pipeline> {
    static P: OnceLock<Result<Pipeline, String>> = OnceLock::new();
    let p =
        py.detach(|| P.get_or_init(|| Pipeline::embedded().map_err(|e| format!("loading the shipped models: {e}"))));
    p.as_ref().map_err(|e| RasidError::new_err(e.clone()))
}

fn to_py<'py>(py: Python<'py>, v: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Analyses serialised to JSON on rayon's threads (called without the GIL).
fn to_json(analyses: &[Analysis]) -> Vec<Result<String, String>> {
    use rayon::prelude::*;
    analyses
        .par_iter()
        .map(|a| serde_json::to_string(a).map_err(|e| e.to_string()))
        .collect()
}

/// JSON texts of analyses as Python objects, read by the `json` module's C parser with
/// Python's cyclic garbage collector paused (the objects made are a tree: nothing for it
/// to find). Measured 2026-12-02: on 240 analyses, building the objects one by one
/// through pythonize held the GIL for 0.55 s of a 0.9 s call; reading the 132 MB of JSON
/// of 2,000 ANT analyses took 6.1 s with the collector running (it walks the growing heap
/// again and again) and 1.7 s paused.
fn json_to_py<'py>(py: Python<'py>, texts: Vec<Result<String, String>>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let gc = py.import("gc")?;
    let was_on = gc.call_method0("isenabled")?.is_truthy()?;
    if was_on {
        gc.call_method0("disable")?;
    }
    let loads = py.import("json")?.getattr("loads");
    let r = loads.and_then(|loads| {
        texts
            .into_iter()
            .map(|t| loads.call1((t.map_err(PyValueError::new_err)?,)))
            .collect()
    });
    if was_on {
        gc.call_method0("enable")?;
    }
    r
}

fn analyses_to_py<'py>(py: Python<'py>, analyses: &[Analysis]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let texts = py.detach(|| to_json(analyses));
    json_to_py(py, texts)
}

/// A publication date given as `str`, `datetime.date` or `datetime.datetime`.
fn published_of(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<(String, chrono::NaiveDate)>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let s: String = if let Ok(s) = v.cast::<PyString>() {
        s.to_string()
    } else if v.hasattr("isoformat")? {
        v.call_method0("isoformat")?.extract()?
    } else {
        return Err(PyTypeError::new_err(
            "published: expected a str, a datetime.date or a datetime.datetime",
        ));
    };
    match rasid_ingest::parse_published(&s) {
        Some(d) => Ok(Some((s, d))),
        None => Err(PyValueError::new_err(format!(
            "published: cannot read {s:?} as a date (YYYY-MM-DD, RFC 3339 or RFC 2822)"
        ))),
    }
}

/// The article of `analyze`'s arguments. Without a title the text is read as `rasid
/// analyze` reads a text file: its first non-empty line is the title.
fn article_of(text: &str, title: Option<&str>, published: Option<(String, chrono::NaiveDate)>, id: &str) -> Article {
    let mut a = match title {
        Some(t) => Article {
            id: id.to_string(),
            title: t.trim().to_string(),
            body: text.trim_end().to_string(),
            origin: id.to_string(),
            ..Article::default()
        },
        None => rasid_ingest::article_from_text(text, id, id),
    };
    if let Some((raw, d)) = published {
        a.published_raw = Some(raw);
        a.published = Some(d);
        a.published_from = Some("input");
    }
    a
}

/// One item of `analyze_many`: a str (as `analyze(text)`) or a dict with the fields of a
/// JSON line (`text`, `title`, `published`, `id`, `url`, `source`, ...).
fn item_article(item: &Bound<'_, PyAny>, n: usize) -> PyResult<Article> {
    let id = format!("item-{n}");
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(article_of(&s.to_cow()?, None, None, &id));
    }
    if let Ok(d) = item.cast::<PyDict>() {
        let d = d.copy()?;
        // A date object: its ISO form, as `analyze` reads it.
        if let Some(p) = d.get_item("published")? {
            if let Some((raw, _)) =
                published_of(Some(&p)).map_err(|e| PyValueError::new_err(format!("item {n}: {e}")))?
            {
                d.set_item("published", raw)?;
            }
        }
        let v: serde_json::Value =
            pythonize::depythonize(d.as_any()).map_err(|e| PyValueError::new_err(format!("item {n}: {e}")))?;
        return rasid_ingest::article_from_json(v, &id, &id)
            .map_err(|e| PyValueError::new_err(format!("item {n}: {e}")));
    }
    Err(PyTypeError::new_err(format!(
        "item {n}: expected a str or a dict, got {}",
        item.get_type().name()?
    )))
}

/// Analyses one article and returns its analysis as a dict (the schema of `rasid analyze`).
///
/// Without `title`, the first non-empty line of `text` is the title (as for a text file).
/// `published` (str, date or datetime) anchors relative dates.
/// `tokens=False` leaves the token list empty (it is most of an analysis: 84 % of the JSON
/// of ANT articles), as the store does.
#[pyfunction]
#[pyo3(signature = (text, title=None, published=None, *, id=None, tokens=true))]
fn analyze<'py>(
    py: Python<'py>,
    text: &str,
    title: Option<&str>,
    published: Option<&Bound<'py, PyAny>>,
    id: Option<&str>,
    tokens: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let p = pipeline(py)?;
    let article = article_of(text, title, published_of(published)?, id.unwrap_or("text"));
    let a = py.detach(|| analysed(p, &article, tokens));
    Ok(analyses_to_py(py, std::slice::from_ref(&a))?.remove(0))
}

/// Articles read from the iterable at a time.
const CHUNK: usize = 256;

fn analysed(p: &Pipeline, a: &Article, tokens: bool) -> Analysis {
    let mut x = p.analyze(a);
    if !tokens {
        x.tokens = Vec::new();
    }
    x
}

/// Analyses many articles on every core (or `threads` of them) with the GIL released;
/// returns their analyses in order. Items are str or dict (fields of a JSON line).
/// `tokens=False` as for `analyze`.
///
/// A chunk is analysed (and serialised) on a worker thread while the previous chunk's
/// results are turned into Python objects under the GIL, so that the conversion, which
/// only one thread can do, overlaps the analysis.
#[pyfunction]
#[pyo3(signature = (items, threads=None, *, tokens=true, as_json=false))]
fn analyze_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    threads: Option<usize>,
    tokens: bool,
    as_json: bool,
) -> PyResult<Bound<'py, PyList>> {
    let p = pipeline(py)?;
    let pool = match threads {
        Some(0) => return Err(PyValueError::new_err("threads: at least 1")),
        Some(n) => Some(Arc::new(
            rayon::ThreadPoolBuilder::new().num_threads(n).build().map_err(err)?,
        )),
        None => None,
    };
    type Work = std::thread::JoinHandle<Vec<Result<String, String>>>;
    let start = |batch: Vec<Article>| -> Work {
        let pool = pool.clone();
        std::thread::spawn(move || {
            let go = || {
                use rayon::prelude::*;
                let analyses: Vec<Analysis> = batch.par_iter().map(|a| analysed(p, a, tokens)).collect();
                to_json(&analyses)
            };
            match &pool {
                Some(pool) => pool.install(go),
                None => go(),
            }
        })
    };
    let finish = |w: Work, out: &Bound<'py, PyList>| -> PyResult<()> {
        let texts = py
            .detach(|| w.join())
            .map_err(|_| RasidError::new_err("the analysis thread panicked"))?;
        // JSON text for a consumer that stores or ships it (a Spark job): no objects made.
        if as_json {
            for t in texts {
                out.append(t.map_err(PyValueError::new_err)?)?;
            }
            return Ok(());
        }
        for a in json_to_py(py, texts)? {
            out.append(a)?;
        }
        Ok(())
    };
    let out = PyList::empty(py);
    let mut batch: Vec<Article> = Vec::with_capacity(CHUNK);
    let mut running: Option<Work> = None;
    let mut n = 0;
    let mut read = || -> PyResult<()> {
        for item in items.try_iter()? {
            batch.push(item_article(&item?, n)?);
            n += 1;
            if batch.len() == CHUNK {
                let next = start(std::mem::take(&mut batch));
                if let Some(w) = running.replace(next) {
                    finish(w, &out)?;
                }
            }
        }
        Ok(())
    };
    let r = read();
    // A bad item stops the reading; the work already started is waited for either way.
    let last = running.take();
    if let Some(w) = last {
        finish(w, &out)?;
    }
    r?;
    if !batch.is_empty() {
        finish(start(batch), &out)?;
    }
    Ok(out)
}

/// A rasid store (made by `rasid ingest`), opened for reading.
#[pyclass(name = "Store", module = "rasid")]
struct PyStore {
    store: Mutex<Store>,
    path: PathBuf,
}

fn day(s: Option<&str>, name: &str) -> PyResult<Option<chrono::NaiveDate>> {
    s.map(|s| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| PyValueError::new_err(format!("{name}: expected YYYY-MM-DD, got {s:?}")))
    })
    .transpose()
}

impl PyStore {
    fn with<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&Store) -> Result<T, String> + Send) -> PyResult<T> {
        py.detach(|| {
            let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
            f(&store)
        })
        .map_err(RasidError::new_err)
    }
}

#[pymethods]
impl PyStore {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let store = py.detach(|| {
            let lexicon = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).map_err(|e| e.to_string())?;
            Store::open(&path, Arc::new(rasid_text::Segmenter::new(lexicon))).map_err(|e| e.to_string())
        });
        Ok(PyStore {
            store: Mutex::new(store.map_err(RasidError::new_err)?),
            path,
        })
    }

    fn __repr__(&self) -> String {
        format!("rasid.Store({:?})", self.path.display().to_string())
    }

    /// Number of articles.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        self.with(py, |s| s.len().map_err(|e| e.to_string()))
    }

    /// Full-text search with the filters of `rasid search`; returns the hits (dicts with
    /// id, title, published, source, score, snippet, ...), best first.
    #[pyo3(signature = (query, limit=10, offset=0, *, from_=None, to=None, source=None, topic=None, person=None, place=None, org=None))]
    #[allow(clippy::too_many_arguments)]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: &str,
        limit: usize,
        offset: usize,
        from_: Option<&str>,
        to: Option<&str>,
        source: Option<String>,
        topic: Option<String>,
        person: Option<String>,
        place: Option<String>,
        org: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let o = SearchOptions {
            limit,
            offset,
            from: day(from_, "from_")?,
            to: day(to, "to")?,
            source,
            topic,
            person,
            place,
            org,
            ..SearchOptions::default()
        };
        let q = query.to_string();
        let r = self.with(py, move |s| s.search(&q, &o).map_err(|e| e.to_string()))?;
        to_py(py, &r.hits)
    }

    /// The store's entities merged across articles, most mentioned first; `type` is PER,
    /// LOC, ORG or MISC (default: every type).
    #[pyo3(signature = (r#type=None, limit=100))]
    fn entities<'py>(&self, py: Python<'py>, r#type: Option<String>, limit: usize) -> PyResult<Bound<'py, PyAny>> {
        if let Some(t) = &r#type {
            if !["PER", "LOC", "ORG", "MISC"].contains(&t.as_str()) {
                return Err(PyValueError::new_err(format!("type: PER, LOC, ORG or MISC, not {t:?}")));
            }
        }
        let v = self.with(py, move |s| {
            s.entities(r#type.as_deref(), limit).map_err(|e| e.to_string())
        })?;
        to_py(py, &v)
    }

    /// The event table (CAMEO), with the filters of `rasid events`; `status` is a list of
    /// reported, planned, negated, claimed (default: every status).
    #[pyo3(signature = (*, from_=None, to=None, actor=None, code=None, country=None, status=None))]
    #[allow(clippy::too_many_arguments)]
    fn events<'py>(
        &self,
        py: Python<'py>,
        from_: Option<&str>,
        to: Option<&str>,
        actor: Option<String>,
        code: Option<String>,
        country: Option<String>,
        status: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        day(from_, "from_")?;
        day(to, "to")?;
        let status = status
            .unwrap_or_default()
            .iter()
            .map(|s| {
                rasid_core::EventStatus::parse(s).ok_or_else(|| {
                    PyValueError::new_err(format!("status: reported, planned, negated or claimed, not {s:?}"))
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let f = EventFilter {
            from: from_.map(str::to_string),
            to: to.map(str::to_string),
            actor,
            code,
            country,
            status,
        };
        let (rows, _problems) = self.with(py, move |s| s.events(&f).map_err(|e| e.to_string()))?;
        to_py(py, &rows)
    }

    /// One stored article's analysis, or None.
    fn article<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let id = id.to_string();
        let a = self.with(py, move |s| s.article(&id).map_err(|e| e.to_string()))?;
        match a {
            Some(a) => Ok(analyses_to_py(py, std::slice::from_ref(&a))?.remove(0)),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// A table of the store as a pandas DataFrame: `articles`, `entities`, `quotes` or
    /// `events` (the columns of `rasid export`). Needs pandas.
    #[pyo3(signature = (what="articles"))]
    fn to_pandas<'py>(&self, py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = match what {
            "articles" => Table::Articles,
            "entities" => Table::Entities,
            "quotes" => Table::Quotes,
            "events" => Table::Events,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "what: articles, entities, quotes or events, not {what:?}"
                )))
            }
        };
        let pandas = py.import("pandas").map_err(|_| {
            pyo3::exceptions::PyImportError::new_err("Store.to_pandas needs pandas: pip install pandas")
        })?;
        let columns = table.columns();
        let cols = self.with(py, move |s| {
            let mut sink = Columns(vec![Vec::new(); columns.len()]);
            // Unreadable stored events are left out, as `rasid export` does (it says so).
            rasid_export::export_rows(s, table, &mut sink).map_err(|e| e.to_string())?;
            Ok(sink.0)
        })?;
        let data = PyDict::new(py);
        for (c, values) in columns.iter().zip(cols) {
            let list = PyList::empty(py);
            for v in values {
                match v {
                    Cell::Null => list.append(py.None())?,
                    Cell::Text(s) => list.append(s)?,
                    Cell::Int(n) => list.append(n)?,
                    Cell::Float(x) => list.append(x)?,
                }
            }
            data.set_item(c.name, list)?;
        }
        let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", names)?;
        pandas.getattr("DataFrame")?.call((data,), Some(&kwargs))
    }
}

/// The cells of a table, column by column.
struct Columns(Vec<Vec<Cell>>);

impl Sink for Columns {
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), rasid_export::ExportError> {
        for (c, v) in self.0.iter_mut().zip(cells) {
            c.push(v);
        }
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), rasid_export::ExportError> {
        Ok(())
    }
}

#[pymodule]
fn _rasid(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_class::<PyStore>()?;
    m.add("RasidError", m.py().get_type::<RasidError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
