//! The network of a date range: who met whom (reported events of CAMEO's family 04,
//! consult: meetings, visits, talks), and which people are mentioned in the same articles.

use std::collections::{BTreeMap, HashMap};

use rasid_corpus::profile::Pair;
use serde::Serialize;

use crate::state::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphKind {
    Met,
    Mentioned,
    Both,
}

#[derive(Debug, Serialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Articles of the whole store that mention it.
    pub articles: usize,
}

#[derive(Debug, Serialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    /// `met`: meetings and visits (source met or visited target); `mentioned`: named in
    /// the same articles.
    pub kind: &'static str,
    /// Events, or articles.
    pub weight: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// For `met`: the CAMEO codes of the events.
    pub codes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// The network: `limit` people for the co-mentions, and of each kind of edge the `2 ×
/// limit` heaviest, which keeps a drawing readable.
pub fn graph(
    snap: &Snapshot,
    kind: GraphKind,
    limit: usize,
    from: Option<&str>,
    to: Option<&str>,
    co_mentions: Vec<Pair>,
) -> Graph {
    let mut edges = Vec::new();
    if kind != GraphKind::Mentioned {
        edges.extend(met(snap, from, to).into_iter().take(2 * limit));
    }
    if kind != GraphKind::Met {
        // The pairs are of entity ids already (`Store::co_mention_pairs` with the
        // snapshot's grouping): keys of one entity are one node.
        let mut pairs: BTreeMap<(String, String), Edge> = BTreeMap::new();
        for p in co_mentions {
            pairs.insert(
                (p.a.clone(), p.b.clone()),
                Edge {
                    source: p.a,
                    target: p.b,
                    kind: "mentioned",
                    weight: p.articles,
                    first: p.first,
                    last: p.last,
                    codes: Vec::new(),
                },
            );
        }
        let mut pairs: Vec<Edge> = pairs.into_values().collect();
        pairs.sort_by(|a, b| {
            b.weight
                .cmp(&a.weight)
                .then(a.source.cmp(&b.source))
                .then(a.target.cmp(&b.target))
        });
        edges.extend(pairs.into_iter().take(2 * limit));
    }
    let mut nodes: HashMap<String, Node> = HashMap::new();
    for e in &edges {
        for id in [&e.source, &e.target] {
            if let Some(x) = snap.entity_by_id(id) {
                nodes.entry(id.clone()).or_insert_with(|| Node {
                    id: id.clone(),
                    name: x.entity.name.clone(),
                    kind: x.entity.kind.clone(),
                    articles: x.entity.articles,
                });
            }
        }
    }
    let mut nodes: Vec<Node> = nodes.into_values().collect();
    nodes.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.id.cmp(&b.id)));
    Graph { nodes, edges }
}

/// The reported meetings and visits of the range between entities of the store, heaviest
/// first.
fn met(snap: &Snapshot, from: Option<&str>, to: Option<&str>) -> Vec<Edge> {
    let mut out: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    for (e, pair) in snap.events.iter().zip(&snap.event_entities) {
        let day = e.date.as_deref().map(|d| d.get(..10).unwrap_or(d));
        let in_range = day.is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t));
        if !e.code.starts_with("04") || e.status != "reported" || !in_range {
            continue;
        }
        let [Some(a), Some(b)] = *pair else {
            continue;
        };
        if a == b {
            continue;
        }
        let (a, b) = (a as usize, b as usize);
        let day = day.map(str::to_string);
        let edge = out.entry((a, b)).or_insert_with(|| Edge {
            source: snap.entities[a].id.clone(),
            target: snap.entities[b].id.clone(),
            kind: "met",
            weight: 0,
            first: day.clone(),
            last: day.clone(),
            codes: Vec::new(),
        });
        edge.weight += 1;
        edge.first = edge.first.take().min(day.clone()).or(day.clone());
        edge.last = edge.last.take().max(day);
        if !edge.codes.contains(&e.code) {
            edge.codes.push(e.code.clone());
        }
    }
    let mut edges: Vec<Edge> = out.into_values().collect();
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(a.source.cmp(&b.source))
            .then(a.target.cmp(&b.target))
    });
    edges
}
