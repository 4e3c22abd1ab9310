//! The people, places and organisations of a whole store, with their spellings merged.

use std::collections::{HashMap, HashSet};

use rasid_core::EntityType;
use serde::Serialize;

use crate::corpus::{Corpus, MentionRow};
use crate::store::StoreError;

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

/// The entities of the corpus by number of articles. Spellings that normalise alike
/// (أوباما / اوباما, البشير / بشير) share a key; keys are then merged into one row when
/// they link to the same entry of the actor dictionary (ترامب / ترمب), or, for people,
/// when they differ only in long vowels (بوتين / بوتن) *and* link to the same CAMEO code —
/// vowels alone would join سلمان and سليمان.
pub(crate) fn merged<C: Corpus + ?Sized>(
    c: &C,
    kind: Option<&str>,
    limit: usize,
) -> Result<Vec<CorpusEntity>, StoreError> {
    let keys = entity_keys(c, kind)?;
    let mut merged = Merged::new(keys.len());
    merged.join_same_actor(&keys);
    merged.join_vowel_variants(&keys);
    merged.join_spacing_variants(&keys);
    merged.join_middle_names(&keys);
    merged.join_surnames_alone(&keys);
    let mut out: Vec<CorpusEntity> = merged
        .groups()
        .into_iter()
        .map(|members| corpus_entity(&keys, &members))
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

/// The mention rows of the store summed up by (type, key), in that order.
fn entity_keys<C: Corpus + ?Sized>(c: &C, kind: Option<&str>) -> Result<Vec<KeyRows>, StoreError> {
    let mut keys: Vec<KeyRows> = Vec::new();
    c.mention_rows(kind, &mut |r| {
        if keys.last().is_none_or(|a| a.kind != r.kind || a.key != r.key) {
            keys.push(KeyRows::new(r.kind.clone(), r.key.clone()));
        }
        keys.last_mut().expect("just pushed").add(r);
        Ok(())
    })?;
    Ok(keys)
}

/// The rows of one (type, key): how often each spelling, role, code and actor entry came,
/// in which articles, and when.
struct KeyRows {
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

impl KeyRows {
    fn new(kind: String, key: String) -> KeyRows {
        KeyRows {
            kind,
            key,
            articles: HashSet::new(),
            names: HashMap::new(),
            roles: HashMap::new(),
            codes: HashMap::new(),
            actors: HashMap::new(),
            first: None,
            last: None,
        }
    }

    /// Counts one mention of the key.
    fn add(&mut self, r: MentionRow) {
        self.articles.insert(r.article);
        *self.names.entry(r.name).or_default() += 1;
        for (v, map) in [
            (r.role, &mut self.roles),
            (r.code, &mut self.codes),
            (r.actor, &mut self.actors),
        ] {
            if let Some(v) = v {
                *map.entry(v).or_default() += 1;
            }
        }
        if let Some(p) = r.published {
            if self.first.as_ref().is_none_or(|f| &p < f) {
                self.first = Some(p.clone());
            }
            if self.last.as_ref().is_none_or(|l| &p > l) {
                self.last = Some(p);
            }
        }
    }

    fn is_person(&self) -> bool {
        self.kind == EntityType::Per.as_str()
    }

    /// A name of more than one word (a full name, not a surname alone).
    fn is_full_name(&self) -> bool {
        self.key.contains(' ')
    }
}

/// The value most rows of a key agree on (ties: alphabetical).
fn top(m: &HashMap<String, usize>) -> Option<&str> {
    m.iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|x| x.0.as_str())
}

/// Which keys are one entity: a union-find over the indices of [`KeyRows`].
struct Merged {
    parent: Vec<usize>,
}

impl Merged {
    fn new(n: usize) -> Merged {
        Merged {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        let p = &mut self.parent;
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }

    fn join(&mut self, i: usize, j: usize) {
        let (ri, rj) = (self.find(i), self.find(j));
        self.parent[ri] = rj;
    }

    /// Keys whose rows link most often to the same actor dictionary entry (ترامب / ترمب).
    fn join_same_actor(&mut self, keys: &[KeyRows]) {
        let mut by_actor: HashMap<(String, String), usize> = HashMap::new();
        for (i, a) in keys.iter().enumerate() {
            if let Some(actor) = top(&a.actors) {
                let j = *by_actor.entry((a.kind.clone(), actor.to_string())).or_insert(i);
                self.join(i, j);
            }
        }
    }

    /// People whose keys differ only in long vowels inside words (بوتين / بوتن) and whose
    /// codes agree; keys of one skeleton are the only candidates.
    fn join_vowel_variants(&mut self, keys: &[KeyRows]) {
        let mut by_skeleton: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in keys.iter().enumerate() {
            if a.is_person() {
                by_skeleton.entry(skeleton(&a.key)).or_default().push(i);
            }
        }
        for list in by_skeleton.values() {
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    if codes_agree(&keys[i], &keys[j]) && vowel_variants(&keys[i].key, &keys[j].key) {
                        self.join(i, j);
                    }
                }
            }
        }
    }

    /// Keys of one type that are the same letters spaced differently (عبد الفتاح السيسي /
    /// عبدالفتاح السيسي، أبو ظبي / أبوظبي): news writes compound names both ways, and two
    /// different names that differ only in a space are rare enough to be left to chance.
    fn join_spacing_variants(&mut self, keys: &[KeyRows]) {
        let mut by_letters: HashMap<(&str, String), usize> = HashMap::new();
        for (i, a) in keys.iter().enumerate() {
            match by_letters.entry((a.kind.as_str(), a.key.replace(' ', ""))) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let j = *e.get();
                    self.join(i, j);
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }

    /// A person's full name with a middle name (X حسن Y) and without it (X Y):
    /// the same first and last words, one word more in the middle, and their codes the same
    /// (or, when the dictionary knows neither, the same most frequent role).
    fn join_middle_names(&mut self, keys: &[KeyRows]) {
        let mut by_ends: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, a) in keys.iter().enumerate() {
            let words: Vec<&str> = a.key.split(' ').collect();
            if a.is_person() && words.len() >= 2 {
                by_ends.entry((words[0], words[words.len() - 1])).or_default().push(i);
            }
        }
        for list in by_ends.values() {
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    let (a, b) = (&keys[i], &keys[j]);
                    let (na, nb) = (a.key.split(' ').count(), b.key.split(' ').count());
                    let agree = match (top(&a.codes), top(&b.codes)) {
                        (Some(x), Some(y)) => x == y,
                        (None, None) => top(&a.roles).is_some() && top(&a.roles) == top(&b.roles),
                        _ => false,
                    };
                    if na.abs_diff(nb) == 1 && agree {
                        self.join(i, j);
                    }
                }
            }
        }
    }

    /// A surname used alone (بوتين) joins the full name it ends (فلاديمير بوتين) when only
    /// one full name in the store ends with it and both link to the same code.
    fn join_surnames_alone(&mut self, keys: &[KeyRows]) {
        let mut full_by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in keys.iter().enumerate() {
            if a.is_person() && a.is_full_name() && a.articles.len() >= 3 {
                if let Some(last) = a.key.rsplit(' ').next() {
                    full_by_last.entry(last).or_default().push(i);
                }
            }
        }
        for (i, a) in keys.iter().enumerate() {
            if !a.is_person() || a.is_full_name() {
                continue;
            }
            if let Some([j]) = full_by_last.get(a.key.as_str()).map(Vec::as_slice) {
                if top(&a.codes).is_some() && top(&a.codes) == top(&keys[*j].codes) {
                    self.join(i, *j);
                }
            }
        }
    }

    /// The members of each entity, in key order.
    fn groups(&mut self) -> Vec<Vec<usize>> {
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..self.parent.len() {
            let r = self.find(i);
            groups.entry(r).or_default().push(i);
        }
        groups.into_values().collect()
    }
}

/// Whether the codes of two spelling variants allow a merge. One word needs the same code
/// on both sides, and so does a full name whose first word differs (محمود / محمد عباس);
/// another full name only needs codes that do not disagree, one of them at least (the
/// dictionary knows few spellings).
fn codes_agree(a: &KeyRows, b: &KeyRows) -> bool {
    let (ca, cb) = (top(&a.codes), top(&b.codes));
    let first_same = a.key.split(' ').next() == b.key.split(' ').next();
    match (ca, cb) {
        (Some(x), Some(y)) => x == y,
        _ => a.is_full_name() && first_same && (ca.is_some() || cb.is_some()),
    }
}

/// One row of the entity list from the keys merged into it.
fn corpus_entity(keys: &[KeyRows], members: &[usize]) -> CorpusEntity {
    // Counts summed over the members, most frequent first (ties: alphabetical).
    let sum = |pick: fn(&KeyRows) -> &HashMap<String, usize>| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for &i in members {
            for (k, v) in pick(&keys[i]) {
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
    let mut articles: HashSet<&str> = HashSet::new();
    for &i in members {
        articles.extend(keys[i].articles.iter().map(String::as_str));
    }
    // The row's key: the key of the member seen in most articles.
    let main = &keys[*members
        .iter()
        .max_by(|&&x, &&y| {
            keys[x]
                .articles
                .len()
                .cmp(&keys[y].articles.len())
                .then(keys[y].key.cmp(&keys[x].key))
        })
        .expect("groups are not empty")];
    let mut merged: Vec<String> = members.iter().map(|&i| keys[i].key.clone()).collect();
    merged.sort();
    CorpusEntity {
        kind: main.kind.clone(),
        name: names.first().cloned().unwrap_or_else(|| main.key.clone()),
        spellings: names.iter().skip(1).take(8).cloned().collect(),
        roles: roles.into_iter().take(3).collect(),
        codes: codes.into_iter().take(3).collect(),
        key: main.key.clone(),
        merged_keys: merged.into_iter().filter(|k| k != &main.key).collect(),
        articles: articles.len(),
        first_seen: members.iter().filter_map(|&i| keys[i].first.clone()).min(),
        last_seen: members.iter().filter_map(|&i| keys[i].last.clone()).max(),
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

    fn key(kind: &str, key: &str, code: Option<&str>, role: Option<&str>) -> KeyRows {
        let mut k = KeyRows::new(kind.into(), key.into());
        k.codes.extend(code.map(|c| (c.to_string(), 3)));
        k.roles.extend(role.map(|r| (r.to_string(), 3)));
        k
    }

    #[test]
    fn spacing_and_middle_name_variants_merge_and_others_do_not() {
        let keys = vec![
            key("PER", "عبد الفتاح زيد", None, None),
            key("PER", "عبدالفتاح زيد", None, None),
            key("LOC", "عبدالفتاح زيد", None, None),
            key("PER", "عمر حسن خالد", Some("XGOV"), None),
            key("PER", "عمر خالد", Some("XGOV"), None),
            key("PER", "عمر علي خالد", Some("YGOV"), None),
            key("PER", "سعد نور فهد", None, Some("الوزير")),
            key("PER", "سعد فهد", None, Some("الوزير")),
            key("PER", "سعد جميل فهد", None, None),
        ];
        let mut m = Merged::new(keys.len());
        m.join_spacing_variants(&keys);
        m.join_middle_names(&keys);
        let mut groups: Vec<Vec<usize>> = m.groups().into_iter().filter(|g| g.len() > 1).collect();
        for g in &mut groups {
            g.sort();
        }
        groups.sort();
        assert_eq!(
            groups,
            [vec![0, 1], vec![3, 4], vec![6, 7]],
            "types, codes and roles must agree"
        );
    }
}
