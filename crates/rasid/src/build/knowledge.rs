//! `data/knowledge.json` (see `rasid_extract::knowledge`): one step per part of the file
//! (titles, places, actors, nationalities, Latin forms, clitic words); the nationality
//! adjectives are data/lang/nationalities.toml's, with their countries' Arabic names.

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
    let countries = sources::countries(gazetteers)?;
    let mut places = country_places(&countries, &sources::world_cities(gazetteers)?);
    let arabic_actors = sources::actors(events)?;
    let actors = actors(&arabic_actors);
    let nationalities = super::nationalities::nationalities(&countries)?;
    let geonames = geonames(gazetteers)?;
    geonames_places(&geonames, &mut places);
    world_city_places(&countries, &sources::world_cities(gazetteers)?, &geonames, &mut places);
    short_country_names(&nationalities, &attested, &mut places);
    actor_country_names(&arabic_actors, &countries, &attested, &mut places);
    let (latin_names, latin_words) = super::latin::latin_forms(&arabic_actors, &sources::english_actors(events)?);
    let clitic_words = clitic_words(&places, lexicon);
    Ok(KnowledgeFile {
        magic: MAGIC.into(),
        version: FORMAT_VERSION,
        sources: vec![
            "events/universalpetrarch/arabic-dictionaries/agents.all.ar.txt (title words)".into(),
            "ner/wojood-sample (OCC spans: title words)".into(),
            "ner/anercorp/train.txt (words before person names: which title words are titles)".into(),
            "gazetteers/places/mledoze_countries/countries.json (countries, official names, the countries of the nationality adjectives by code)"
                .into(),
            "data/lang/nationalities.toml (nationality adjectives, written by hand)".into(),
            "gazetteers/places/world_cities_translations/world-cities.csv (Arabic country names)".into(),
            "gazetteers/places/geonames_cities15000_2018/cities15000.zip (cities with Arabic names)".into(),
            "events/universalpetrarch/arabic-dictionaries/actor_dict_ar_v4.txt (actors)".into(),
            "events/universalpetrarch/english-dictionaries/Phoenix.*.actors.txt (Latin forms of actor names)".into(),
            "data/stems.rlex (ANT counts: which derived words the news attests, clitic words)".into(),
        ],
        command: String::new(),
        titles,
        nationalities,
        places: ranked(places),
        actors: actors.into_iter().collect(),
        latin_names,
        latin_words,
        clitic_words,
        countries: countries
            .iter()
            .filter_map(|c| Some((c.cca3.clone(), c.arabic.clone().filter(|a| !a.is_empty())?)))
            .collect(),
        alpha3: countries.iter().map(|c| (c.cca2.clone(), c.cca3.clone())).collect(),
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

/// Countries by their Arabic names (mledoze's common and official names, world-cities'
/// names of the same country).
fn country_places(countries: &[Country], world_cities: &[Vec<String>]) -> BTreeMap<String, Vec<Place>> {
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

/// CAMEO actors by normalised name.
fn actors(entries: &[Actor]) -> BTreeMap<String, Vec<ActorCode>> {
    let mut actors: BTreeMap<String, Vec<ActorCode>> = BTreeMap::new();
    for a in entries {
        let name = norm(&a.name);
        if let Some(code) = &a.code {
            actors.entry(name.clone()).or_default().push(code.clone());
        }
        // Codes under a name whose own line has none still make it an actor.
        if !a.more.is_empty() {
            actors.entry(name).or_default().extend(a.more.iter().cloned());
        }
    }
    actors
}

/// One GeoNames city: its place, and its ASCII and alternate names.
struct GeoCity {
    place: Place,
    ascii: String,
    alternates: Vec<String>,
}

/// The cities of GeoNames' cities15000 table.
fn geonames(gazetteers: &Path) -> Result<Vec<GeoCity>, SourceError> {
    let path = gazetteers.join("places/geonames_cities15000_2018/cities15000.zip");
    let text = read_zip(&path)?;
    Ok(text
        .lines()
        .map(|line| line.split('\t').collect::<Vec<&str>>())
        .filter(|c| c.len() >= 15)
        .map(|c| GeoCity {
            place: Place {
                name: c[1].to_string(),
                country: c[8].to_string(),
                lat: c[4].parse().unwrap_or(0.0),
                lon: c[5].parse().unwrap_or(0.0),
                population: c[14].parse().unwrap_or(0),
                // The feature code says which city is a country's capital (PPLC).
                kind: if c[7] == "PPLC" {
                    PlaceKind::Capital
                } else {
                    PlaceKind::City
                },
            },
            ascii: c[2].to_string(),
            alternates: c[3].split(',').map(str::to_string).collect(),
        })
        .collect())
}

/// GeoNames cities with Arabic names, added to `places` under each Arabic name.
fn geonames_places(cities: &[GeoCity], places: &mut BTreeMap<String, Vec<Place>>) {
    let mut names_seen = BTreeSet::new();
    for city in cities {
        names_seen.clear();
        for alt in &city.alternates {
            if alt.chars().any(rasid_text::chars::is_arabic_letter)
                && alt
                    .chars()
                    .all(|ch| rasid_text::chars::is_arabic_letter(ch) || ch == ' ')
            {
                let key = norm(alt);
                if names_seen.insert(key.clone()) {
                    places.entry(key).or_default().push(city.place.clone());
                }
            }
        }
    }
}

/// The Arabic city names of the world-cities list, each given the GeoNames city of the same
/// English name in the same country (the most populous when several are): GeoNames lacks
/// Arabic names for some capitals (Washington, D.C. has none), the list has them.
fn world_city_places(
    countries: &[Country],
    world_cities: &[Vec<String>],
    cities: &[GeoCity],
    places: &mut BTreeMap<String, Vec<Place>>,
) {
    let cca2: BTreeMap<&str, &str> = countries
        .iter()
        .map(|c| (c.english.as_str(), c.cca2.as_str()))
        .collect();
    let mut by_name: BTreeMap<(&str, &str), &GeoCity> = BTreeMap::new();
    for city in cities {
        let names = [&city.place.name, &city.ascii].into_iter().chain(&city.alternates);
        for n in names {
            let slot = by_name.entry((city.place.country.as_str(), n.as_str())).or_insert(city);
            if slot.place.population < city.place.population {
                *slot = city;
            }
        }
    }
    for row in world_cities {
        let cell = |i: usize| row.get(i).map(|c| sources::city_cell(c)).unwrap_or("");
        let (country, arabic, english) = (cell(1), cell(2), cell(3));
        let Some(code) = cca2.get(country) else { continue };
        if let (false, Some(city)) = (arabic.is_empty(), by_name.get(&(*code, english))) {
            places.entry(norm(arabic)).or_default().push(city.place.clone());
        }
    }
}

/// Short names of countries from their nationality adjectives: بريطاني → بريطانيا، أمريكي →
/// أمريكا (the adjective without ي, with ا or يا), when the news uses the name often and no
/// other place has it. This is the country-name rule of `country_places` read backwards.
fn short_country_names(
    nationalities: &[(String, String)],
    attested: &Attested,
    places: &mut BTreeMap<String, Vec<Place>>,
) {
    for (adj, country) in nationalities {
        let Some(place) = places
            .get(&norm(country))
            .and_then(|ps| ps.iter().find(|p| p.kind == PlaceKind::Country))
            .cloned()
        else {
            continue;
        };
        let Some(stem) = adj.strip_suffix('ي') else { continue };
        for name in [format!("{stem}ا"), format!("{stem}يا")] {
            if attested.count(&name) >= 20 && !places.contains_key(&name) {
                places.insert(name, vec![place.clone()]);
            }
        }
    }
}

/// Country names of the actor dictionary: a one-word name whose only code is a country's
/// (أميركا [USA]) names that country when no place has the name yet and the news uses both
/// the name and its nationality adjective (أميركي) often: a city coded by its country
/// (هوليوود [USA]) has no adjective in common use.
fn actor_country_names(
    actors: &[Actor],
    countries: &[Country],
    attested: &Attested,
    places: &mut BTreeMap<String, Vec<Place>>,
) {
    let by_cca3: BTreeMap<&str, &str> = countries.iter().map(|c| (c.cca3.as_str(), c.cca2.as_str())).collect();
    let mut found: BTreeMap<String, &str> = BTreeMap::new();
    for a in actors {
        let name = norm(&a.name);
        let mut codes = a.code.iter().chain(&a.more).map(|c| c.code.as_str());
        let Some(first) = codes.next() else { continue };
        if name.contains(' ') || !by_cca3.contains_key(first) || !codes.all(|c| c == first) {
            continue;
        }
        let stem = name.strip_suffix("يا").or_else(|| name.strip_suffix('ا'));
        let adjective_used = stem.is_some_and(|s| attested.count(&format!("{s}ي")) >= 50);
        if adjective_used && attested.count(&name) >= 20 && !places.contains_key(&name) {
            found.insert(name, by_cca3[first]);
        }
    }
    for (name, cca2) in found {
        let country = places
            .values()
            .flatten()
            .find(|p| p.kind == PlaceKind::Country && p.country == cca2)
            .cloned();
        if let Some(place) = country {
            places.insert(name, vec![place]);
        }
    }
}

/// Words that read like a clitic letter (ب، ل، ك) and a one-word place name but are words of
/// their own: the news writes the whole word at least twice as often as the name stands
/// alone (باندورا, "Pandora", three times; اندورا alone once).
fn clitic_words(places: &BTreeMap<String, Vec<Place>>, lexicon: &rasid_text::Lexicon) -> Vec<String> {
    // Normalised key → (times written as a whole word, times standing without a preposition).
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for (k, e) in lexicon.entries() {
        let c = counts.entry(rasid_text::normalize(&k)).or_default();
        c.0 += e.count as u64;
        c.1 += e.count as u64 + e.free_conj as u64 + e.free_art as u64;
    }
    let mut out = BTreeSet::new();
    for name in places.keys().filter(|k| !k.contains(' ')) {
        let alone = counts.get(name).map_or(0, |c| c.1);
        for letter in ['ب', 'ل', 'ك'] {
            let whole = format!("{letter}{name}");
            let n = counts.get(&whole).map_or(0, |c| c.0);
            if n >= 2 && n >= 2 * alone && !places.contains_key(&whole) {
                out.insert(whole);
            }
        }
    }
    out.into_iter().collect()
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
