//! The event check set (docs/gold/EVENTS-CHECK.md): 300 ANT sentences about protests,
//! attacks, arrests, courts and sanctions, each with the CAMEO root family of its main
//! event as two readers settled it. Each sentence is analysed on its own, as a text.
//!
//! - right family: of the sentences with a main event, the share where rasid codes an
//!   event of that root (any status);
//! - other family: of all sentences, the share where rasid codes an event (not a
//!   statement, root 01) of a root that none of the sentence's gold events has.

use std::collections::{BTreeMap, HashMap, HashSet};

use rasid_core::Article;
use serde::{Deserialize, Serialize};

use super::understanding::{pct, Part};

/// One drawn sentence: where it is in its article's analysis text.
#[derive(Clone, Debug)]
pub struct Drawn {
    pub key: String,
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub class: String,
    pub part: Part,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Settled {
    pub key: String,
    pub main: String,
    pub families: Vec<String>,
}

/// Reads `sentences.tsv` (key, article, start, end, class, part); errors name the line.
pub fn read_sentences(src: &str) -> Result<Vec<Drawn>, String> {
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let bad = || format!("line {}: expected key, article, start, end, class, part", n + 1);
        if c.len() != 6 {
            return Err(bad());
        }
        let part = match c[5] {
            "dev" => Part::Dev,
            "test" => Part::Test,
            _ => return Err(bad()),
        };
        out.push(Drawn {
            key: c[0].into(),
            article: c[1].into(),
            start: c[2].parse().map_err(|_| bad())?,
            end: c[3].parse().map_err(|_| bad())?,
            class: c[4].into(),
            part,
        });
    }
    Ok(out)
}

pub fn read_settled(src: &str) -> Result<HashMap<String, Settled>, String> {
    let mut out = HashMap::new();
    for (n, line) in src.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let s: Settled = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        out.insert(s.key.clone(), s);
    }
    Ok(out)
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct CheckScores {
    pub sentences: usize,
    pub with_event: usize,
    pub right_family: usize,
    pub right_family_pct: f64,
    pub other_family: usize,
    pub other_family_pct: f64,
    /// Right family by the class the sentence was drawn for (protest, attack ...).
    pub by_class: BTreeMap<String, (usize, usize)>,
    /// The main families rasid missed, with how often.
    pub missed: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub gold: String,
    pub dev: CheckScores,
    pub test: CheckScores,
}

/// Analyses every drawn sentence alone and scores the two parts.
pub fn evaluate(
    p: &crate::Pipeline,
    drawn: &[Drawn],
    settled: &HashMap<String, Settled>,
    news: &HashMap<String, Article>,
    name: &str,
) -> Result<CheckReport, String> {
    let mut dev = CheckScores::default();
    let mut test = CheckScores::default();
    for d in drawn {
        let g = settled
            .get(&d.key)
            .ok_or_else(|| format!("sentence {} has no settled annotation", d.key))?;
        let a = news
            .get(&d.article)
            .ok_or_else(|| format!("article {} of sentence {} is not in the news file", d.article, d.key))?;
        let text = a.analysis_text();
        let sentence = text.get(d.start..d.end).ok_or_else(|| {
            format!(
                "sentence {}: bytes {}..{} are not in article {}",
                d.key, d.start, d.end, d.article
            )
        })?;
        let alone = Article {
            id: d.key.clone(),
            title: String::new(),
            body: sentence.to_string(),
            published: a.published,
            ..a.clone()
        };
        let analysis = p.analyze(&alone);
        let coded: HashSet<&str> = analysis
            .events
            .iter()
            .map(|e| e.cameo.root())
            .filter(|r| *r != "01")
            .collect();
        let r = if d.part == Part::Dev { &mut dev } else { &mut test };
        r.sentences += 1;
        let gold: HashSet<&str> = g.families.iter().map(String::as_str).collect();
        r.other_family += coded.iter().any(|c| !gold.contains(c)) as usize;
        if g.main != "none" {
            r.with_event += 1;
            let right = coded.contains(g.main.as_str());
            r.right_family += right as usize;
            let c = r.by_class.entry(d.class.clone()).or_default();
            c.0 += right as usize;
            c.1 += 1;
            if !right {
                *r.missed.entry(g.main.clone()).or_default() += 1;
            }
        }
    }
    for r in [&mut dev, &mut test] {
        r.right_family_pct = pct(r.right_family, r.with_event);
        r.other_family_pct = pct(r.other_family, r.sentences);
    }
    Ok(CheckReport {
        gold: name.to_string(),
        dev,
        test,
    })
}
