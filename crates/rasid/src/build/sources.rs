//! The files of `../shared/data` the builders read, one parser each: the stem lexicon's
//! names, the tagger's gazetteer and the knowledge file take what they need from the same
//! parsed records, so that a file is read one way only.

use std::path::{Path, PathBuf};

use rasid_extract::knowledge::ActorCode;

/// A file of `../shared/data` that could not be read, or not as what it should hold.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: not the expected JSON: {source}", path.display())]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("{}: not a readable zip archive: {source}", path.display())]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
    #[error("{0}")]
    Lang(#[from] rasid_extract::lang::LangError),
}

pub(crate) fn read(p: &Path) -> Result<String, SourceError> {
    std::fs::read_to_string(p).map_err(|source| SourceError::Read {
        path: p.to_path_buf(),
        source,
    })
}

/// ANERGazet's three lists (persons, places, organisations, in that order): one name per
/// line, `=` lines are headings.
pub(crate) fn anergazet(gazetteers: &Path) -> Result<[Vec<String>; 3], SourceError> {
    let list = |sub: &str| -> Result<Vec<String>, SourceError> {
        let src = read(&gazetteers.join("anergazet").join(sub).join("data"))?;
        Ok(src
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('='))
            .map(str::to_string)
            .collect())
    };
    Ok([
        list("AlignedPersGazetteer")?,
        list("AlignedLocGazetteer")?,
        list("AlignedOrgGazetteer")?,
    ])
}

/// One country of the mledoze list. The Arabic names are `None` when the file has none
/// (the gazetteers add an empty one as they always have: the builders drop it).
#[derive(Default)]
pub(crate) struct Country {
    pub arabic: Option<String>,
    pub arabic_official: Option<String>,
    /// The English common name, which world-cities.csv uses.
    pub english: String,
    pub cca2: String,
    pub cca3: String,
    pub lat: f64,
    pub lon: f64,
}

pub(crate) fn countries(gazetteers: &Path) -> Result<Vec<Country>, SourceError> {
    let path = gazetteers.join("places/mledoze_countries/countries.json");
    let v: serde_json::Value = serde_json::from_str(&read(&path)?).map_err(|source| SourceError::Json {
        path: path.clone(),
        source,
    })?;
    let s = |c: &serde_json::Value, p: &str| c.pointer(p).and_then(|x| x.as_str()).map(str::to_string);
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let latlng = c.get("latlng").and_then(|x| x.as_array()).cloned().unwrap_or_default();
            Country {
                arabic: s(c, "/translations/ara/common"),
                arabic_official: s(c, "/translations/ara/official"),
                english: s(c, "/name/common").unwrap_or_default(),
                cca2: s(c, "/cca2").unwrap_or_default(),
                cca3: s(c, "/cca3").unwrap_or_default(),
                lat: latlng.first().and_then(|x| x.as_f64()).unwrap_or(0.0),
                lon: latlng.get(1).and_then(|x| x.as_f64()).unwrap_or(0.0),
            }
        })
        .collect())
}

/// The rows of world-cities.csv after its header (CountryNameAr, CountryNameEn,
/// CityNameAr, ...), split at commas, each cell as it stands: the gazetteers and the
/// knowledge file clean their cells differently, and each keeps its own way.
pub(crate) fn world_cities(gazetteers: &Path) -> Result<Vec<Vec<String>>, SourceError> {
    let src = read(&gazetteers.join("places/world_cities_translations/world-cities.csv"))?;
    Ok(src
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect())
}

/// A world-cities.csv cell as a name: without quotes, byte-order mark and spaces.
pub(crate) fn city_cell(s: &str) -> &str {
    s.trim_matches(|c: char| c == '"' || c == '\u{FEFF}' || c.is_whitespace())
}

/// The given names of Arabic_names.csv (first column, after the header).
pub(crate) fn given_names(gazetteers: &Path) -> Result<Vec<String>, SourceError> {
    let src = read(&gazetteers.join("person-names/data/Arabic_names.csv"))?;
    Ok(src
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|n| n.trim().to_string())
        .collect())
}

/// One entry of the UniversalPetrarch actor dictionary: its one-word name as written
/// (before `[`) and its codes, the first from the name's line, the others from the
/// indented lines under it.
pub(crate) struct Actor {
    pub name: String,
    pub code: Option<ActorCode>,
    pub more: Vec<ActorCode>,
}

/// The actor dictionary's entries. A name of several words is a lemmatised description
/// ("صحيفة تابع ل هو ..."), not a name: it and the lines under it are left out.
pub(crate) fn actors(events: &Path) -> Result<Vec<Actor>, SourceError> {
    let src = read(&events.join("arabic-dictionaries/actor_dict_ar_v4.txt"))?;
    let mut out: Vec<Actor> = Vec::new();
    let mut current = false;
    for line in src.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            if let (true, Some(code)) = (current, actor_code(line)) {
                out.last_mut().expect("a current entry").more.push(code);
            }
            continue;
        }
        let name = line.split('[').next().unwrap_or("").trim();
        current = !name.is_empty() && !name.contains(' ');
        if current {
            out.push(Actor {
                name: name.to_string(),
                code: actor_code(line),
                more: Vec::new(),
            });
        }
    }
    Ok(out)
}

/// The code in a line's `[CODE RANGE]`.
fn actor_code(s: &str) -> Option<ActorCode> {
    let inner = s.split('[').nth(1)?.split(']').next()?.trim();
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.to_string();
    // Ranges are `FROM-TO`, `>FROM` or `<TO`; 18000101 stands for "open".
    let (from, to) = match parts.next() {
        Some(r) if r.starts_with('>') => (r[1..].to_string(), String::new()),
        Some(r) if r.starts_with('<') => (String::new(), r[1..].to_string()),
        Some(r) => match r.split_once('-') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (String::new(), String::new()),
        },
        None => (String::new(), String::new()),
    };
    let open = |d: String| if d == "18000101" { String::new() } else { d };
    Some(ActorCode {
        code,
        from: open(from),
        to: open(to),
    })
}

/// The Arabic phrases of the UniversalPetrarch agents list (`[CODE] phrase # comment`):
/// role words such as رئيس، وزير الخارجية.
pub(crate) fn agents(events: &Path) -> Result<Vec<String>, SourceError> {
    let src = read(&events.join("arabic-dictionaries/agents.all.ar.txt"))?;
    Ok(src
        .lines()
        .filter_map(|l| l.split_once(']'))
        .map(|(_, rest)| rest.split('#').next().unwrap_or("").trim().to_string())
        .filter(|a| !a.is_empty())
        .collect())
}

/// One entry of the UniversalPetrarch English actor dictionaries: its name as written on
/// the entry's line (underscores as spaces) and the CAMEO codes of the line and of the
/// indented lines under it (the `+` lines are other spellings, not read).
pub(crate) struct EnglishActor {
    pub name: String,
    pub codes: Vec<String>,
}

/// The English actor dictionaries (countries, international, non-state), in file order.
pub(crate) fn english_actors(events: &Path) -> Result<Vec<EnglishActor>, SourceError> {
    let mut out: Vec<EnglishActor> = Vec::new();
    for f in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let path = events.join("english-dictionaries").join(f);
        let bytes = std::fs::read(&path).map_err(|source| SourceError::Read { path, source })?;
        // The files hold a few Latin-1 bytes in comments: read them leniently.
        let src = String::from_utf8_lossy(&bytes);
        let mut current = false;
        for line in src.lines() {
            let code = || actor_code(line).map(|c| c.code);
            if line.trim().is_empty() || line.starts_with(['#', '+']) {
                continue;
            }
            if line.starts_with(char::is_whitespace) {
                if let (true, Some(c)) = (current, code()) {
                    out.last_mut().expect("a current entry").codes.push(c);
                }
                continue;
            }
            let name = line.split(['[', '#']).next().unwrap_or("").replace('_', " ");
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            current = !name.is_empty();
            if current {
                out.push(EnglishActor {
                    name,
                    codes: code().into_iter().collect(),
                });
            }
        }
    }
    Ok(out)
}
