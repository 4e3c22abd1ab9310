//! Stories: articles on the same event, from several outlets, within a few days.
//!
//! Each article is a sparse vector of its TF-IDF keywords and of its people, places and
//! organisations (weighted by how rare they are in the store). Articles are taken in date
//! order; each joins the open story whose centroid it is most similar to (cosine), if that
//! similarity reaches the threshold and the story began within the window, or starts a
//! new one. This is single-pass centroid clustering, as news monitors (Europe Media
//! Monitor among them) do it: linear in the corpus, stable as new days arrive, and a story
//! cannot chain across weeks because a story closes once the window has passed since its first article.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::corpus::Corpus;
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub struct StoryOptions {
    /// Inclusive `YYYY-MM-DD` bounds on publication dates.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Days a story stays open after its first article: a story spans at most this many
    /// days plus one, so a war covered every day is many stories, not one.
    pub window_days: i64,
    /// Cosine similarity to a story's centroid needed to join it.
    pub threshold: f32,
    /// Only stories covered by at least this many outlets are listed.
    pub min_sources: usize,
    pub min_articles: usize,
    pub limit: usize,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            from: None,
            to: None,
            window_days: 2,
            threshold: 0.35,
            min_sources: 2,
            min_articles: 2,
            limit: 50,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryArticle {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub date: String,
    /// Cosine similarity to the story's final centroid.
    pub similarity: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// The title of the article closest to the story's centroid.
    pub title: String,
    pub articles: usize,
    pub sources: Vec<String>,
    pub first: String,
    pub last: String,
    /// The heaviest keywords and entities of the centroid.
    pub keywords: Vec<String>,
    pub entities: Vec<String>,
    pub members: Vec<StoryArticle>,
}

type Vector = Vec<(u32, f32)>;

/// What an article's vector is made of: a keyword (by stem) or a person, place or
/// organisation (by type and name key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Feature {
    Keyword(String),
    Entity { kind: String, key: String },
}

impl Feature {
    /// The feature's own text, for a feature no article showed (keys are normalised).
    fn text(&self) -> &str {
        match self {
            Feature::Keyword(stem) => stem,
            Feature::Entity { key, .. } => key,
        }
    }
}

/// The features of the corpus, numbered in the order they were first met (that number
/// breaks ties between equal weights, so stories come out the same on every run).
#[derive(Default)]
struct Features {
    all: Vec<Feature>,
    ids: HashMap<Feature, u32>,
    /// How a feature is shown: the first surface form or name met (keys are normalised).
    shown: HashMap<u32, String>,
}

impl Features {
    fn intern(&mut self, f: Feature, shown: String) -> u32 {
        let id = match self.ids.get(&f) {
            Some(&i) => i,
            None => {
                self.all.push(f.clone());
                self.ids.insert(f, self.all.len() as u32 - 1);
                self.all.len() as u32 - 1
            }
        };
        self.shown.entry(id).or_insert(shown);
        id
    }

    fn is_keyword(&self, id: u32) -> bool {
        matches!(self.all[id as usize], Feature::Keyword(_))
    }

    fn shown(&self, id: u32) -> String {
        match self.shown.get(&id) {
            Some(t) => t.clone(),
            None => self.all[id as usize].text().to_string(),
        }
    }
}

struct Doc {
    id: String,
    title: String,
    source: Option<String>,
    date: String,
    day: i64,
    v: Vector,
}

/// The dated articles of the store in date order, each with its vector.
struct Docs {
    docs: Vec<Doc>,
    /// Article id → position in `docs`.
    by_id: HashMap<String, usize>,
    features: Features,
}

impl Docs {
    /// The articles published within the options' dates; an unreadable date leaves an
    /// article out (a story is a matter of days).
    fn dated<C: Corpus + ?Sized>(store: &C, o: &StoryOptions) -> Result<Docs, StoreError> {
        let mut c = Docs {
            docs: Vec::new(),
            by_id: HashMap::new(),
            features: Features::default(),
        };
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        store.dated_articles(o.from.as_deref(), o.to.as_deref(), &mut |r| {
            let date = r.published.unwrap_or_default();
            let Ok(d) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                return Ok(());
            };
            c.by_id.insert(r.id.clone(), c.docs.len());
            c.docs.push(Doc {
                id: r.id,
                title: r.title,
                source: r.source,
                date,
                day: (d - epoch).num_days(),
                v: Vec::new(),
            });
            Ok(())
        })?;
        Ok(c)
    }

    /// Keywords carry their TF-IDF score already.
    fn add_keywords<C: Corpus + ?Sized>(&mut self, store: &C) -> Result<(), StoreError> {
        store.keyword_rows(&mut |k| {
            if let Some(&d) = self.by_id.get(&k.article) {
                let f = self.features.intern(Feature::Keyword(k.stem), k.text);
                self.docs[d].v.push((f, k.score as f32));
            }
            Ok(())
        })
    }

    /// Entities weigh by rarity in the store, on the scale of keyword scores.
    fn add_entities<C: Corpus + ?Sized>(&mut self, store: &C) -> Result<(), StoreError> {
        let mut per_doc: Vec<Vec<u32>> = vec![Vec::new(); self.docs.len()];
        let mut df: HashMap<u32, u32> = HashMap::new();
        store.article_names(&mut |r| {
            if let Some(&d) = self.by_id.get(&r.article) {
                let f = self.features.intern(
                    Feature::Entity {
                        kind: r.kind,
                        key: r.key,
                    },
                    r.name,
                );
                per_doc[d].push(f);
                *df.entry(f).or_default() += 1;
            }
            Ok(())
        })?;
        let n = self.docs.len() as f32;
        for (d, fs) in per_doc.into_iter().enumerate() {
            for f in fs {
                let idf = (n / df[&f] as f32).ln() + 1.0;
                self.docs[d].v.push((f, 1.5 * idf));
            }
        }
        Ok(())
    }

    /// Unit vectors, so that the cosine to a centroid does not favour long articles.
    fn normalise(&mut self) {
        for d in &mut self.docs {
            let norm = d.v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in &mut d.v {
                    x.1 /= norm;
                }
            }
        }
    }
}

struct Cluster {
    centroid: HashMap<u32, f32>,
    norm2: f32,
    first_day: i64,
    members: Vec<usize>,
}

fn cosine(v: &Vector, c: &Cluster) -> f32 {
    if c.norm2 <= 0.0 {
        return 0.0;
    }
    let dot: f32 = v
        .iter()
        .map(|(f, w)| w * c.centroid.get(f).copied().unwrap_or(0.0))
        .sum();
    dot / c.norm2.sqrt()
}

/// The single pass: the stories so far, and for each feature the open stories whose
/// centroid has it (only those can be similar to an article at all).
#[derive(Default)]
struct Clustering {
    clusters: Vec<Cluster>,
    postings: HashMap<u32, Vec<usize>>,
}

impl Clustering {
    fn run(docs: &[Doc], o: &StoryOptions) -> Vec<Cluster> {
        let mut c = Clustering::default();
        for (di, d) in docs.iter().enumerate() {
            let story = match c.most_similar_open(d, o) {
                Some(story) => story,
                None => c.open(d.day),
            };
            c.join(story, di, d);
        }
        c.clusters
    }

    /// The open story most similar to the article, if one reaches the threshold.
    fn most_similar_open(&mut self, d: &Doc, o: &StoryOptions) -> Option<usize> {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut best: Option<(usize, f32)> = None;
        for (f, _) in &d.v {
            let Some(list) = self.postings.get_mut(f) else { continue };
            // Stories outside the window are closed for good (articles come in date order).
            list.retain(|&c| d.day - self.clusters[c].first_day <= o.window_days);
            for &c in list.iter() {
                if seen.insert(c) {
                    let s = cosine(&d.v, &self.clusters[c]);
                    if s >= o.threshold && best.is_none_or(|b| s > b.1) {
                        best = Some((c, s));
                    }
                }
            }
        }
        best.map(|(c, _)| c)
    }

    fn open(&mut self, first_day: i64) -> usize {
        self.clusters.push(Cluster {
            centroid: HashMap::new(),
            norm2: 0.0,
            first_day,
            members: Vec::new(),
        });
        self.clusters.len() - 1
    }

    /// Adds article `di` to story `c`: its vector to the centroid, the story to the
    /// postings of the features the centroid gains.
    fn join(&mut self, c: usize, di: usize, d: &Doc) {
        let cl = &mut self.clusters[c];
        cl.members.push(di);
        for &(f, w) in &d.v {
            let e = cl.centroid.entry(f).or_insert_with(|| {
                self.postings.entry(f).or_default().push(c);
                0.0
            });
            *e += w;
        }
        cl.norm2 = cl.centroid.values().map(|w| w * w).sum();
    }
}

/// Clusters the store's articles into stories and returns those that pass the filters,
/// the most widely covered first.
pub fn stories<C: Corpus + ?Sized>(store: &C, o: &StoryOptions) -> Result<Vec<Story>, StoreError> {
    check_options(o)?;
    let mut corpus = Docs::dated(store, o)?;
    if corpus.docs.is_empty() {
        return Ok(Vec::new());
    }
    corpus.add_keywords(store)?;
    corpus.add_entities(store)?;
    corpus.normalise();
    let clusters = Clustering::run(&corpus.docs, o);
    let mut out: Vec<Story> = clusters.iter().filter_map(|cl| story(&corpus, cl, o)).collect();
    out.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then(b.articles.cmp(&a.articles))
            .then(a.first.cmp(&b.first))
            .then(a.title.cmp(&b.title))
    });
    out.truncate(o.limit);
    Ok(out)
}

fn check_options(o: &StoryOptions) -> Result<(), StoreError> {
    // `!(0..=1).contains` is also true of NaN, which no comparison would let through.
    if !(0.0..=1.0).contains(&o.threshold) {
        return Err(StoreError::Invalid(format!(
            "the similarity threshold is a cosine between 0 and 1, not {}",
            o.threshold
        )));
    }
    if o.window_days < 0 || o.min_sources == 0 {
        return Err(StoreError::Invalid(
            "the window is a number of days (0 or more) and at least one source is needed".into(),
        ));
    }
    Ok(())
}

/// The story a cluster tells, or `None` when too few articles or outlets cover it.
fn story(corpus: &Docs, cl: &Cluster, o: &StoryOptions) -> Option<Story> {
    let docs = &corpus.docs;
    let sources: Vec<String> = {
        let mut s: Vec<String> = cl.members.iter().filter_map(|&m| docs[m].source.clone()).collect();
        s.sort();
        s.dedup();
        s
    };
    if cl.members.len() < o.min_articles || sources.len() < o.min_sources {
        return None;
    }
    let mut members: Vec<StoryArticle> = cl
        .members
        .iter()
        .map(|&m| StoryArticle {
            id: docs[m].id.clone(),
            title: docs[m].title.clone(),
            source: docs[m].source.clone(),
            date: docs[m].date.clone(),
            similarity: (cosine(&docs[m].v, cl) * 1000.0).round() / 1000.0,
        })
        .collect();
    let title = members
        .iter()
        .max_by(|a, b| a.similarity.total_cmp(&b.similarity))
        .map(|m| m.title.clone())
        .unwrap_or_default();
    members.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    let mut feats: Vec<(&u32, &f32)> = cl.centroid.iter().collect();
    feats.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    // The six heaviest keywords, or entities, of the centroid.
    let heaviest = |keywords: bool| -> Vec<String> {
        feats
            .iter()
            .filter(|(f, _)| corpus.features.is_keyword(**f) == keywords)
            .take(6)
            .map(|(f, _)| corpus.features.shown(**f))
            .collect()
    };
    Some(Story {
        title,
        articles: members.len(),
        first: members.first().map(|m| m.date.clone()).unwrap_or_default(),
        last: members.last().map(|m| m.date.clone()).unwrap_or_default(),
        sources,
        keywords: heaviest(true),
        entities: heaviest(false),
        members,
    })
}
