//! `data/knowledge.json` (see `rasid_extract::knowledge`): one step per part of the file
//! (titles, places, actors, nationalities), the nationality adjectives gathering their votes
//! from the country names and the actor dictionary.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rasid_core::PlaceKind;
use rasid_extract::knowledge::{ActorCode, KnowledgeFile, Place, FORMAT_VERSION, MAGIC};
use rasid_text::strip_article;

use super::sources::{self, read, Actor, Country, SourceError};

/// Builds `data/knowledge.json`. `lexicon` (learned from ANT) decides which derived
/// nationality adjectives and title words the news really uses.
pub fn knowledge(
    gazetteers: &Path,
    events: &Path,
    wojood: &Path,
    anercorp: &Path,
    lexicon: &rasid_text::Lexicon,
) -> Result<KnowledgeFile, SourceError> {
    let attested = Attested::new(lexicon);
    let titles = titles(&sources::agents(events)?, wojood, anercorp, &attested)?;
    let mut votes = NisbaVotes::default();
    let countries = sources::countries(gazetteers)?;
    let mut places = country_places(&countries, &sources::world_cities(gazetteers)?, &mut votes);
    let actors = actors(&sources::actors(events)?, &countries, &mut votes);
    let nationalities = votes.nationalities(&attested);
    geonames_places(gazetteers, &mut places)?;
    Ok(KnowledgeFile {
        magic: MAGIC.into(),
        version: FORMAT_VERSION,
        sources: vec![
            "events/universalpetrarch/arabic-dictionaries/agents.all.ar.txt (title words)".into(),
            "ner/wojood-sample (OCC spans: title words)".into(),
            "ner/anercorp/train.txt (words before person names: which title words are titles)".into(),
            "gazetteers/places/mledoze_countries/countries.json (countries, official names: nationality adjectives)"
                .into(),
            "gazetteers/places/world_cities_translations/world-cities.csv (Arabic country names)".into(),
            "gazetteers/places/geonames_cities15000_2018/cities15000.zip (cities with Arabic names)".into(),
            "events/universalpetrarch/arabic-dictionaries/actor_dict_ar_v4.txt (actors, nationality adjectives)".into(),
            "data/stems.rlex (ANT counts: which derived words the news attests)".into(),
        ],
        command: String::new(),
        titles,
        nationalities,
        places: ranked(places),
        actors: actors.into_iter().collect(),
    })
}

/// Normalised, its words (split at spaces and `_`) joined by one space: the key of a name.
fn norm(s: &str) -> String {
    rasid_text::normalize(s)
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How often the news uses a word with or without the article (normalised keys are not
/// the lexicon's keys, so both spellings of hamza are tried through the raw forms).
struct Attested(HashMap<String, u64>);

impl Attested {
    fn new(lexicon: &rasid_text::Lexicon) -> Self {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for (k, e) in lexicon.entries() {
            *counts.entry(rasid_text::normalize(&k)).or_default() += e.count as u64 + e.free() as u64;
        }
        Attested(counts)
    }

    fn count(&self, w: &str) -> u64 {
        let e = |k: &str| self.0.get(k).copied().unwrap_or(0);
        e(w) + e(&format!("ال{w}"))
    }
}

/// Title words: first words of the agents list's role phrases and the Wojood sample's
/// OCC spans, kept when ANERcorp shows them before person names (or Wojood often) and the
/// news uses them.
fn titles(agents: &[String], wojood: &Path, anercorp: &Path, attested: &Attested) -> Result<Vec<String>, SourceError> {
    let mut titles: BTreeMap<String, u32> = BTreeMap::new();
    for arabic in agents {
        if let Some(first) = arabic.split_whitespace().next() {
            if first.chars().all(rasid_text::chars::is_arabic_letter) {
                *titles
                    .entry(strip_article(&rasid_text::normalize(first)).to_string())
                    .or_default() += 1;
            }
        }
    }
    for f in ["train.txt", "val.txt", "test.txt"] {
        for line in read(&wojood.join(f))?.lines() {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() >= 2
                && cols[1..].contains(&"B-OCC")
                && cols[0].chars().all(rasid_text::chars::is_arabic_letter)
            {
                *titles
                    .entry(strip_article(&rasid_text::normalize(cols[0])).to_string())
                    .or_default() += 2;
            }
        }
    }
    let before_names = words_before_names(&read(anercorp)?);
    Ok(titles
        .into_iter()
        .filter(|(t, votes)| {
            t.chars().count() >= 2
                && attested.count(t) >= 20
                && (before_names.get(t).copied().unwrap_or(0) >= 2 || *votes >= 6)
        })
        .map(|(t, _)| t)
        .collect())
}

/// The words ANERcorp's training part shows right before person names (within two words
/// of a B-PERS), without proclitics and article: what a title does in news.
fn words_before_names(aner: &str) -> BTreeMap<String, u32> {
    let rows: Vec<(String, bool)> = aner
        .lines()
        .filter_map(|l| {
            let mut c = l.split_whitespace();
            let tok = c.next()?;
            let tag = c.last().unwrap_or("O");
            Some((tok.to_string(), tag == "B-PERS"))
        })
        .collect();
    let mut before_names: BTreeMap<String, u32> = BTreeMap::new();
    for i in 0..rows.len() {
        if rows[i].1 {
            for j in [i.wrapping_sub(1), i.wrapping_sub(2)] {
                if let Some((w, _)) = rows.get(j) {
                    let n = rasid_text::normalize(w);
                    let n = n.trim_start_matches(['و', 'ف', 'ب', 'ل']);
                    *before_names.entry(strip_article(n).to_string()).or_default() += 1;
                }
            }
        }
    }
    before_names
}

/// Votes for nationality adjectives (سوداني → السودان), by country name.
#[derive(Default)]
struct NisbaVotes {
    votes: BTreeMap<String, BTreeMap<String, u32>>,
    /// Adjectives derived from country names by rule (the others come from the actor
    /// dictionary alone, and must pass a stricter test).
    derived: BTreeSet<String>,
}

impl NisbaVotes {
    fn vote(&mut self, adj: String, country: &str, n: u32) {
        *self
            .votes
            .entry(adj)
            .or_default()
            .entry(country.to_string())
            .or_default() += n;
    }

    fn derive(&mut self, adj: String, country: &str, n: u32) {
        self.derived.insert(adj.clone());
        self.vote(adj, country, n);
    }

    /// The adjectives one country wins and the news uses, with that country.
    fn nationalities(self, attested: &Attested) -> Vec<(String, String)> {
        let mut nationalities = Vec::new();
        for (adj, votes) in self.votes {
            let total: u32 = votes.values().sum();
            let (country, best) = votes
                .iter()
                .max_by_key(|(_, v)| **v)
                .map(|(c, v)| (c.clone(), *v))
                .unwrap_or_default();
            // Country names vote 3 and official names 1; the actor dictionary votes 1 per
            // entry. An adjective only the dictionary proposes (بريطاني) must point at one
            // country only and more than once: خارجي (in every foreign ministry) must not
            // become a nationality.
            let one_country = if self.derived.contains(&adj) {
                best * 10 >= total * 8
            } else {
                votes.len() == 1 && best >= 2
            };
            if one_country && attested.count(&adj) + attested.count(&format!("{adj}ه")) >= 5 {
                nationalities.push((adj, country));
            }
        }
        nationalities
    }
}

/// Countries by their Arabic names (mledoze's common and official names, world-cities'
/// names of the same country), and the nationality adjectives their names give.
fn country_places(
    countries: &[Country],
    world_cities: &[Vec<String>],
    votes: &mut NisbaVotes,
) -> BTreeMap<String, Vec<Place>> {
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let mut by_english: BTreeMap<&str, Place> = BTreeMap::new();
    for c in countries {
        let common = c.arabic.clone().unwrap_or_default();
        if common.is_empty() {
            continue;
        }
        let official = c.arabic_official.clone().unwrap_or_default();
        let place = Place {
            name: c.english.clone(),
            country: c.cca2.clone(),
            lat: c.lat,
            lon: c.lon,
            population: 0,
            kind: PlaceKind::Country,
        };
        by_english.insert(&c.english, place.clone());
        for n in [&common, &official] {
            if !n.is_empty() {
                places.entry(norm(n)).or_default().push(place.clone());
            }
        }
        // Nationality adjectives by rule: السودان → سوداني، فرنسا → فرنسي، سوريا → سوري.
        let base = strip_article(&norm(&common)).to_string();
        if !base.contains(' ') {
            let stem = base
                .strip_suffix("يا")
                .or_else(|| base.strip_suffix('ا'))
                .unwrap_or(&base);
            votes.derive(format!("{stem}ي"), &common, 3);
        }
        // ... and from the official name: الجمهورية الفرنسية → فرنسي.
        for w in norm(&official).split(' ') {
            if let Some(adj) = strip_article(w).strip_suffix("يه") {
                votes.derive(format!("{adj}ي"), &common, 1);
            }
        }
    }
    for row in world_cities {
        let cols: Vec<&str> = row
            .iter()
            .map(|c| c.trim_matches(|x: char| x == '"' || x == '\u{FEFF}'))
            .collect();
        if let (Some(ar), Some(en)) = (cols.first(), cols.get(1)) {
            if let Some(place) = by_english.get(*en) {
                let list = places.entry(norm(ar)).or_default();
                if !list
                    .iter()
                    .any(|p| p.kind == PlaceKind::Country && p.country == place.country)
                {
                    list.push(place.clone());
                }
            }
        }
    }
    places
}

/// CAMEO actors by normalised name, and the nationality adjectives their country codes
/// give: شرطة_بريطاني_ [GBRCOP] → بريطاني is British.
fn actors(entries: &[Actor], countries: &[Country], votes: &mut NisbaVotes) -> BTreeMap<String, Vec<ActorCode>> {
    let by_cca3: BTreeMap<&str, &str> = countries
        .iter()
        .filter_map(|c| {
            c.arabic
                .as_deref()
                .filter(|a| !a.is_empty())
                .map(|a| (c.cca3.as_str(), a))
        })
        .collect();
    let mut actors: BTreeMap<String, Vec<ActorCode>> = BTreeMap::new();
    for a in entries {
        let name = norm(&a.name);
        if let Some(code) = &a.code {
            if let Some(country) = code.code.get(..3).and_then(|c| by_cca3.get(c)) {
                for w in name.split(' ') {
                    if w.ends_with('ي') && w.chars().count() >= 4 {
                        votes.vote(strip_article(w).to_string(), country, 1);
                    }
                }
            }
            actors.entry(name.clone()).or_default().push(code.clone());
        }
        // Codes under a name whose own line has none still make it an actor.
        if !a.more.is_empty() {
            actors.entry(name).or_default().extend(a.more.iter().cloned());
        }
    }
    actors
}

/// GeoNames cities with Arabic names, added to `places` under each Arabic name.
fn geonames_places(gazetteers: &Path, places: &mut BTreeMap<String, Vec<Place>>) -> Result<(), SourceError> {
    let path = gazetteers.join("places/geonames_cities15000_2018/cities15000.zip");
    let text = read_zip(&path)?;
    let mut names_seen = BTreeSet::new();
    for line in text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 15 {
            continue;
        }
        let place = Place {
            name: c[1].to_string(),
            country: c[8].to_string(),
            lat: c[4].parse().unwrap_or(0.0),
            lon: c[5].parse().unwrap_or(0.0),
            population: c[14].parse().unwrap_or(0),
            kind: if c[7] == "PPLC" {
                PlaceKind::Capital
            } else {
                PlaceKind::City
            },
        };
        names_seen.clear();
        for alt in c[3].split(',') {
            if alt.chars().any(rasid_text::chars::is_arabic_letter)
                && alt
                    .chars()
                    .all(|ch| rasid_text::chars::is_arabic_letter(ch) || ch == ' ')
            {
                let key = norm(alt);
                if names_seen.insert(key.clone()) {
                    places.entry(key).or_default().push(place.clone());
                }
            }
        }
    }
    Ok(())
}

/// The text of the first file in the zip archive at `path`.
fn read_zip(path: &Path) -> Result<String, SourceError> {
    use std::io::Read;
    let zip_error = |source| SourceError::Zip {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(|source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut archive = zip::ZipArchive::new(file).map_err(zip_error)?;
    let mut entry = archive.by_index(0).map_err(zip_error)?;
    let mut text = String::new();
    entry.read_to_string(&mut text).map_err(|source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text)
}

/// Each name's places, the preferred reading first (a country, then a capital, then the
/// most populous), without repeats, at most five.
fn ranked(places: BTreeMap<String, Vec<Place>>) -> Vec<(String, Vec<Place>)> {
    // PlaceKind's order is the preference: country, capital, city.
    let rank = |p: &Place| p.kind;
    places
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_by(|a, b| {
                rank(a)
                    .cmp(&rank(b))
                    .then(b.population.cmp(&a.population))
                    .then(a.name.cmp(&b.name))
            });
            v.dedup_by(|a, b| a.kind == b.kind && a.country == b.country && a.name == b.name);
            v.truncate(5);
            (k, v)
        })
        .collect()
}
