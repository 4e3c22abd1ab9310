//! The people, places and organisations of a whole store, with their spellings merged.

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use serde::Serialize;

use crate::store::{Store, StoreError};

/// One person, place or organisation across the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusEntity {
    #[serde(rename = "type")]
    pub kind: String,
    /// The spelling used most often.
    pub name: String,
    /// The matching key of the most frequent spelling (normalised, article-insensitive).
    pub key: String,
    /// Other keys merged into this row: same actor dictionary entry, or (people) the same
    /// consonants and the same CAMEO code.
    pub merged_keys: Vec<String>,
    pub articles: usize,
    /// Other spellings merged into this row.
    pub spellings: Vec<String>,
    /// The most frequent roles, most frequent first.
    pub roles: Vec<String>,
    /// CAMEO actor codes or country codes the entity was linked to.
    pub codes: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A name key without its long vowels after the first letter of each word (بوتين → بوتن، ترامب → ترمب):
/// spellings of a transliterated name differ mostly there.
pub fn skeleton(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(String::from).unwrap_or_default();
            first + &cs.filter(|c| !matches!(c, 'ا' | 'و' | 'ي' | 'ى')).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether one key is the other with some long vowels (ا و ي ى) left out inside words:
/// بوتين / بوتن yes, خامنيي / خميني no (the vowels moved), طيب / طيبي no (a final ي is a
/// suffix, not a spelling), سعيد / سعد no (words under five letters are different names more
/// often than different spellings).
pub fn vowel_variants(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if a == b || wa.len() != wb.len() {
        return false;
    }
    wa.iter().zip(&wb).all(|(x, y)| {
        if x == y {
            return true;
        }
        let (long, short) = if x.chars().count() >= y.chars().count() {
            (x, y)
        } else {
            (y, x)
        };
        let long: Vec<char> = long.chars().collect();
        if long.len() < 5 {
            return false;
        }
        let mut s = short.chars().peekable();
        for (i, &c) in long.iter().enumerate() {
            if s.peek() == Some(&c) {
                s.next();
            } else if i == 0 || i + 1 == long.len() || !matches!(c, 'ا' | 'و' | 'ي' | 'ى') {
                return false;
            }
        }
        s.next().is_none()
    })
}

impl Store {
    /// The entities of the corpus by number of articles. Spellings that normalise alike
    /// (أوباما / اوباما, البشير / بشير) share a key; keys are then merged into one row when
    /// they link to the same entry of the actor dictionary (ترامب / ترمب), or, for people,
    /// when they differ only in long vowels (بوتين / بوتن) *and* link to the same CAMEO code —
    /// vowels alone would join سلمان and سليمان.
    pub fn entities(&self, kind: Option<&str>, limit: usize) -> Result<Vec<CorpusEntity>, StoreError> {
        struct Agg {
            kind: String,
            key: String,
            articles: HashSet<String>,
            names: HashMap<String, usize>,
            roles: HashMap<String, usize>,
            codes: HashMap<String, usize>,
            actors: HashMap<String, usize>,
            first: Option<String>,
            last: Option<String>,
        }
        let mut st = self.db.prepare(
            "SELECT type, key, article, name, role, code, actor, published FROM entities
             WHERE (?1 IS NULL OR type = ?1) AND key != '' ORDER BY type, key",
        )?;
        let mut aggs: Vec<Agg> = Vec::new();
        let mut rows = st.query(params![kind])?;
        while let Some(r) = rows.next()? {
            let (ty, key): (String, String) = (r.get(0)?, r.get(1)?);
            if aggs.last().is_none_or(|a| a.kind != ty || a.key != key) {
                aggs.push(Agg {
                    kind: ty,
                    key,
                    articles: HashSet::new(),
                    names: HashMap::new(),
                    roles: HashMap::new(),
                    codes: HashMap::new(),
                    actors: HashMap::new(),
                    first: None,
                    last: None,
                });
            }
            let a = aggs.last_mut().expect("just pushed");
            a.articles.insert(r.get(2)?);
            *a.names.entry(r.get(3)?).or_default() += 1;
            for (col, map) in [(4, &mut a.roles), (5, &mut a.codes), (6, &mut a.actors)] {
                if let Some(v) = r.get::<_, Option<String>>(col)? {
                    *map.entry(v).or_default() += 1;
                }
            }
            if let Some(p) = r.get::<_, Option<String>>(7)? {
                if a.first.as_ref().is_none_or(|f| &p < f) {
                    a.first = Some(p.clone());
                }
                if a.last.as_ref().is_none_or(|l| &p > l) {
                    a.last = Some(p);
                }
            }
        }
        // The value most rows of a key agree on (ties: alphabetical).
        fn top(m: &HashMap<String, usize>) -> Option<&str> {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|x| x.0.as_str())
        }
        let mut parent: Vec<usize> = (0..aggs.len()).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let mut by_actor: HashMap<(String, String), usize> = HashMap::new();
        let mut by_skeleton: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in aggs.iter().enumerate() {
            if let Some(actor) = top(&a.actors) {
                let j = *by_actor.entry((a.kind.clone(), actor.to_string())).or_insert(i);
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
            if a.kind == "PER" {
                by_skeleton.entry(skeleton(&a.key)).or_default().push(i);
            }
        }
        for list in by_skeleton.values() {
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    let (ci, cj) = (top(&aggs[i].codes), top(&aggs[j].codes));
                    // One word needs the same code on both sides; a full name only needs
                    // codes that do not disagree (the dictionary knows few spellings).
                    // So does a full name whose first word differs (محمود / محمد عباس).
                    let first_same = aggs[i].key.split(' ').next() == aggs[j].key.split(' ').next();
                    let codes_agree = match (ci, cj) {
                        (Some(x), Some(y)) => x == y,
                        _ => aggs[i].key.contains(' ') && first_same && (ci.is_some() || cj.is_some()),
                    };
                    if codes_agree && vowel_variants(&aggs[i].key, &aggs[j].key) {
                        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                        parent[ri] = rj;
                    }
                }
            }
        }
        // A surname used alone (بوتين) joins the full name it ends (فلاديمير بوتين) when only
        // one full name in the store ends with it and both link to the same code.
        let mut full_by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in aggs.iter().enumerate() {
            if a.kind == "PER" && a.key.contains(' ') && a.articles.len() >= 3 {
                if let Some(last) = a.key.rsplit(' ').next() {
                    full_by_last.entry(last).or_default().push(i);
                }
            }
        }
        for (i, a) in aggs.iter().enumerate() {
            if a.kind != "PER" || a.key.contains(' ') {
                continue;
            }
            if let Some([j]) = full_by_last.get(a.key.as_str()).map(Vec::as_slice) {
                if top(&a.codes).is_some() && top(&a.codes) == top(&aggs[*j].codes) {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, *j));
                    parent[ri] = rj;
                }
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..aggs.len() {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut out: Vec<CorpusEntity> = groups
            .into_values()
            .map(|members| {
                let mut articles: HashSet<&str> = HashSet::new();
                let sum = |pick: fn(&Agg) -> &HashMap<String, usize>| {
                    let mut m: HashMap<String, usize> = HashMap::new();
                    for &i in &members {
                        for (k, v) in pick(&aggs[i]) {
                            *m.entry(k.clone()).or_default() += v;
                        }
                    }
                    let mut v: Vec<(String, usize)> = m.into_iter().collect();
                    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    v.into_iter().map(|x| x.0).collect::<Vec<_>>()
                };
                let names = sum(|a| &a.names);
                let roles = sum(|a| &a.roles);
                let codes = sum(|a| &a.codes);
                for &i in &members {
                    articles.extend(aggs[i].articles.iter().map(String::as_str));
                }
                // The row's key: the key of the member seen in most articles.
                let main = *members
                    .iter()
                    .max_by(|&&x, &&y| {
                        aggs[x]
                            .articles
                            .len()
                            .cmp(&aggs[y].articles.len())
                            .then(aggs[y].key.cmp(&aggs[x].key))
                    })
                    .expect("groups are not empty");
                let mut keys: Vec<String> = members.iter().map(|&i| aggs[i].key.clone()).collect();
                keys.sort();
                CorpusEntity {
                    kind: aggs[main].kind.clone(),
                    name: names.first().cloned().unwrap_or_else(|| aggs[main].key.clone()),
                    spellings: names.iter().skip(1).take(8).cloned().collect(),
                    roles: roles.into_iter().take(3).collect(),
                    codes: codes.into_iter().take(3).collect(),
                    key: aggs[main].key.clone(),
                    merged_keys: keys.into_iter().filter(|k| k != &aggs[main].key).collect(),
                    articles: articles.len(),
                    first_seen: members.iter().filter_map(|&i| aggs[i].first.clone()).min(),
                    last_seen: members.iter().filter_map(|&i| aggs[i].last.clone()).max(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(a.kind.cmp(&b.kind))
                .then(a.key.cmp(&b.key))
        });
        out.truncate(limit);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants() {
        assert!(vowel_variants("بوتين", "بوتن"));
        assert!(vowel_variants("هيلاري كلينتون", "هيلاري كلنتون"));
        assert!(!vowel_variants("ايه له خامنيي", "ايه له خميني"));
        // Spelling alone cannot tell these apart: that is why a merge also needs the same code.
        assert!(vowel_variants("سلمان", "سليمان"));
        assert!(!vowel_variants("عمر", "عمر"));
        assert!(!vowel_variants("محمد علي", "محمد"));
        assert!(!vowel_variants("احمد طيبي", "احمد طيب"));
        assert!(!vowel_variants("احمد سعيد", "احمد سعد"));
        assert!(vowel_variants("فلاديمير بوتين", "فلادمير بوتن"));
        assert_eq!(skeleton("دونالد ترامب"), "دنلد ترمب");
    }
}
