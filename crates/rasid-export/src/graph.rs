//! The store's network and places for Gephi, networkx and GIS tools. The network is the
//! one `rasid serve` draws (`rasid_serve::graph`): meetings and visits (reported CAMEO 04x
//! events) between store entities, directed from the one who met or visited, and
//! co-mentions among the most mentioned people, undirected; each edge weighted (events or
//! articles) with its first and last day.

use std::io::Write;

use rasid_corpus::{Corpus, Store};
use rasid_serve::graph::{Graph, GraphKind};
use rasid_serve::state::Snapshot;

use crate::ExportError;

/// Which part of the network.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    pub from: Option<String>,
    pub to: Option<String>,
    /// People considered for co-mentions; of each kind of edge the `2 × top` heaviest are
    /// kept.
    pub top: usize,
}

fn snapshot(store: &Store) -> Result<Snapshot, ExportError> {
    Ok(Snapshot::build(store, store.generation()?)?)
}

/// The network of the store.
pub fn graph(store: &Store, o: &GraphOptions) -> Result<Graph, ExportError> {
    let snap = snapshot(store)?;
    let pairs = store.co_mention_pairs("PER", o.from.as_deref(), o.to.as_deref(), o.top, &|key| {
        snap.entity("PER", key).map(|e| e.id.clone())
    })?;
    Ok(rasid_serve::graph::graph(
        &snap,
        GraphKind::Both,
        o.top,
        o.from.as_deref(),
        o.to.as_deref(),
        pairs,
    ))
}

/// One place of the store on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub articles: usize,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
}

/// The store's places that the gazetteer can put on a map, and how many it cannot.
pub fn places(
    store: &Store,
    knowledge: &rasid_extract::knowledge::Knowledge,
) -> Result<(Vec<Place>, usize), ExportError> {
    let snap = snapshot(store)?;
    let mut out = Vec::new();
    let mut unplaced = 0;
    for e in snap.entities.iter().filter(|e| e.entity.kind == "LOC") {
        let best = knowledge
            .best_place(&rasid_text::normalize(&e.entity.name))
            .or_else(|| knowledge.best_place(&e.entity.key));
        match best {
            Some(p) => out.push(Place {
                id: e.id.clone(),
                name: e.entity.name.clone(),
                articles: e.entity.articles,
                first_seen: e.entity.first_seen.clone(),
                last_seen: e.entity.last_seen.clone(),
                lat: p.lat,
                lon: p.lon,
                country: Some(p.country.clone()).filter(|c| !c.is_empty()),
            }),
            None => unplaced += 1,
        }
    }
    Ok((out, unplaced))
}

/// A GeoJSON FeatureCollection of points (RFC 7946: longitude first).
pub fn write_geojson(places: &[Place], mut out: impl Write) -> Result<(), ExportError> {
    let features: Vec<serde_json::Value> = places
        .iter()
        .map(|p| {
            serde_json::json!({
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "name": p.name,
                    "articles": p.articles,
                    "first_seen": p.first_seen,
                    "last_seen": p.last_seen,
                    "country": p.country,
                },
            })
        })
        .collect();
    serde_json::to_writer(
        &mut out,
        &serde_json::json!({"type": "FeatureCollection", "features": features}),
    )?;
    writeln!(out)?;
    Ok(())
}

/// Text for an XML attribute: escaped, and without the characters XML 1.0 cannot hold
/// (C0 controls other than tab and line ends; an article may contain them).
fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Kept as references: a parser turns a raw tab or line end in an attribute into
            // a space.
            '\t' => o.push_str("&#9;"),
            '\n' => o.push_str("&#10;"),
            '\r' => o.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

/// GraphML with a `name`, `type` and `articles` per node and a `kind`, `weight`, `first`,
/// `last` and `codes` per edge. The graph is directed (a meeting goes from the one who met
/// or visited); a co-mention is symmetric and written once, from the smaller id. (Edges of
/// mixed direction are valid GraphML, but networkx refuses them.)
pub fn write_graphml(g: &Graph, mut out: impl Write) -> Result<(), ExportError> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, on, name, ty) in [
        ("name", "node", "name", "string"),
        ("type", "node", "type", "string"),
        ("articles", "node", "articles", "long"),
        ("kind", "edge", "kind", "string"),
        ("weight", "edge", "weight", "double"),
        ("first", "edge", "first", "string"),
        ("last", "edge", "last", "string"),
        ("codes", "edge", "codes", "string"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{on}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="rasid" edgedefault="directed">"#)?;
    for n in &g.nodes {
        writeln!(out, r#"    <node id="{}">"#, xml(&n.id))?;
        writeln!(out, r#"      <data key="name">{}</data>"#, xml(&n.name))?;
        writeln!(out, r#"      <data key="type">{}</data>"#, xml(&n.kind))?;
        writeln!(out, r#"      <data key="articles">{}</data>"#, n.articles)?;
        writeln!(out, "    </node>")?;
    }
    for (i, e) in g.edges.iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}">"#,
            xml(&e.source),
            xml(&e.target)
        )?;
        writeln!(out, r#"      <data key="kind">{}</data>"#, e.kind)?;
        writeln!(out, r#"      <data key="weight">{}</data>"#, e.weight)?;
        for (k, v) in [("first", &e.first), ("last", &e.last)] {
            if let Some(v) = v {
                writeln!(out, r#"      <data key="{k}">{}</data>"#, xml(v))?;
            }
        }
        if !e.codes.is_empty() {
            writeln!(out, r#"      <data key="codes">{}</data>"#, xml(&e.codes.join(" ")))?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok(())
}

/// GEXF 1.2 (what Gephi and networkx read): node attributes `type` and `articles`, edge
/// attributes `kind`, `first`, `last`, `codes`, the weight as GEXF's own. Directed, as the
/// GraphML: a co-mention is written once, from the smaller id.
pub fn write_gexf(g: &Graph, mut out: impl Write) -> Result<(), ExportError> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">"#)?;
    writeln!(
        out,
        "  <meta><creator>rasid {}</creator><description>who met whom and who is mentioned with whom</description></meta>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
    writeln!(out, r#"    <attributes class="node">"#)?;
    writeln!(out, r#"      <attribute id="type" title="type" type="string"/>"#)?;
    writeln!(out, r#"      <attribute id="articles" title="articles" type="long"/>"#)?;
    writeln!(out, "    </attributes>")?;
    writeln!(out, r#"    <attributes class="edge">"#)?;
    for a in ["kind", "first", "last", "codes"] {
        writeln!(out, r#"      <attribute id="{a}" title="{a}" type="string"/>"#)?;
    }
    writeln!(out, "    </attributes>\n    <nodes>")?;
    for n in &g.nodes {
        writeln!(
            out,
            r#"      <node id="{}" label="{}"><attvalues><attvalue for="type" value="{}"/><attvalue for="articles" value="{}"/></attvalues></node>"#,
            xml(&n.id),
            xml(&n.name),
            xml(&n.kind),
            n.articles
        )?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, e) in g.edges.iter().enumerate() {
        write!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="kind" value="{}"/>"#,
            xml(&e.source),
            xml(&e.target),
            e.weight,
            e.kind
        )?;
        for (k, v) in [("first", &e.first), ("last", &e.last)] {
            if let Some(v) = v {
                write!(out, r#"<attvalue for="{k}" value="{}"/>"#, xml(v))?;
            }
        }
        if !e.codes.is_empty() {
            write!(out, r#"<attvalue for="codes" value="{}"/>"#, xml(&e.codes.join(" ")))?;
        }
        writeln!(out, "</attvalues></edge>")?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
    Ok(())
}
