//! Latin forms of names for the knowledge file, from the UniversalPetrarch dictionaries:
//! an Arabic actor and an English actor are the same person when they share a CAMEO code
//! and their words have the same consonants (حسني مبارك and HOSNI MUBARAK both read
//! h-s-n m-b-r-k). Each such pair gives the whole name's Latin form, and each of its words
//! a vote for that word's Latin spelling (محمد → the spelling most pairs give).

use std::collections::BTreeMap;

use super::sources::{Actor, EnglishActor};

/// The consonant skeleton of an Arabic word: letters in classes that English spellings
/// keep apart, vowels, semivowels, ع and hamza dropped, doubles collapsed.
fn arabic_skeleton(w: &str) -> String {
    let classes = w.chars().filter_map(|c| match c {
        'ب' | 'پ' => Some('b'),
        'ت' | 'ط' | 'ث' => Some('t'),
        'د' | 'ض' | 'ذ' => Some('d'),
        'ج' => Some('j'),
        'ح' | 'ه' | 'خ' => Some('h'),
        'ر' => Some('r'),
        'ز' | 'ظ' => Some('z'),
        'س' | 'ص' | 'ش' => Some('s'),
        'ق' | 'ك' | 'غ' | 'گ' => Some('k'),
        'ف' | 'ڤ' => Some('f'),
        'ل' => Some('l'),
        'م' => Some('m'),
        'ن' => Some('n'),
        _ => None,
    });
    collapse(classes)
}

/// The consonant skeleton of a Latin word, in the classes of `arabic_skeleton`.
fn latin_skeleton(w: &str) -> String {
    let up: Vec<char> = w.to_ascii_uppercase().chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < up.len() {
        let pair = (up[i], up.get(i + 1).copied().unwrap_or(' '));
        let (class, step) = match pair {
            ('K', 'H') => (Some('h'), 2),
            ('S' | 'C', 'H') => (Some('s'), 2),
            ('T', 'H') => (Some('t'), 2),
            ('D', 'H') => (Some('d'), 2),
            ('G', 'H') => (Some('k'), 2),
            ('P', 'H') => (Some('f'), 2),
            ('D', 'J') => (Some('j'), 2),
            (c, _) => (
                match c {
                    'B' | 'P' => Some('b'),
                    'T' => Some('t'),
                    'D' => Some('d'),
                    'J' | 'G' => Some('j'),
                    'H' => Some('h'),
                    'R' => Some('r'),
                    'Z' => Some('z'),
                    'S' => Some('s'),
                    'C' | 'K' | 'Q' => Some('k'),
                    'F' | 'V' => Some('f'),
                    'L' => Some('l'),
                    'M' => Some('m'),
                    'N' => Some('n'),
                    _ => None,
                },
                1,
            ),
        };
        out.extend(class);
        i += step;
    }
    collapse(out.into_iter())
}

fn collapse(classes: impl Iterator<Item = char>) -> String {
    let mut s = String::new();
    for c in classes {
        if !s.ends_with(c) {
            s.push(c);
        }
    }
    s
}

/// The words of an Arabic name that carry its consonants (article removed), normalised.
fn arabic_words(name: &str) -> Vec<String> {
    rasid_text::normalize(name)
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty() && *w != "ال")
        .map(|w| rasid_text::strip_article(w).to_string())
        .collect()
}

/// The words of an English name, the article (AL, EL, AL-) removed, in press case:
/// `SALAH AL-BASHIR` → [Salah, Bashir].
fn english_words(name: &str) -> Vec<String> {
    name.split([' ', '-'])
        .filter(|w| !w.is_empty() && !matches!(w.to_ascii_uppercase().as_str(), "AL" | "EL"))
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// An English name in press case, the article as `al-`: `HOSNI MUBARAK` → `Hosni Mubarak`.
fn press_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(' ')
        .map(|w| {
            w.split('-')
                .map(|part| match part.to_ascii_uppercase().as_str() {
                    "AL" | "EL" => part.to_ascii_lowercase(),
                    "BIN" | "BEN" | "IBN" => part.to_ascii_lowercase(),
                    _ => english_words(part).concat(),
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect();
    let s = words.join(" ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Whether two word lists are the same name: as many words, each with the same skeleton
/// (and a skeleton at all: a word of vowels alone proves nothing).
fn same_name(ar: &[String], en: &[String]) -> bool {
    ar.len() == en.len()
        && ar.iter().zip(en).all(|(a, e)| {
            let s = arabic_skeleton(a);
            !s.is_empty() && s == latin_skeleton(e)
        })
}

/// Normalised Arabic name → Latin form, and normalised Arabic word → Latin spelling.
pub(crate) type LatinForms = (Vec<(String, String)>, Vec<(String, String)>);

/// The Latin forms the two dictionaries give (see the module comment). A word keeps the
/// spelling most pairs give it.
pub(crate) fn latin_forms(arabic: &[Actor], english: &[EnglishActor]) -> LatinForms {
    let mut by_code: BTreeMap<&str, Vec<&EnglishActor>> = BTreeMap::new();
    for e in english {
        for c in &e.codes {
            by_code.entry(c.as_str()).or_default().push(e);
        }
    }
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut votes: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for a in arabic {
        let ar = arabic_words(&a.name);
        // One word is often a country or an adjective coded like a person: names only.
        if ar.len() < 2 {
            continue;
        }
        let codes = a.code.iter().chain(&a.more).map(|c| c.code.as_str());
        let found = codes
            .flat_map(|c| by_code.get(c).into_iter().flatten())
            .find(|e| same_name(&ar, &english_words(&e.name)));
        let Some(e) = found else { continue };
        let key = ar.join(" ");
        if names.contains_key(&key) {
            continue;
        }
        names.insert(key, press_case(&e.name));
        for (w, l) in ar.iter().zip(english_words(&e.name)) {
            *votes.entry(w.clone()).or_default().entry(l).or_default() += 1;
        }
    }
    let words = votes
        .into_iter()
        .filter_map(|(w, v)| {
            let (l, n) = v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            (n >= 1).then_some((w, l))
        })
        .collect();
    (names.into_iter().collect(), words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_of_the_two_scripts_meet() {
        assert_eq!(arabic_skeleton("مبارك"), latin_skeleton("MUBARAK"));
        assert_eq!(arabic_skeleton("حسني"), latin_skeleton("HOSNI"));
        assert_eq!(arabic_skeleton("خالد"), latin_skeleton("KHALED"));
        assert_ne!(arabic_skeleton("خالد"), latin_skeleton("MUBARAK"));
        assert!(same_name(
            &arabic_words("صلاح_البشير_"),
            &english_words("SALAH AL-BASHIR")
        ));
        assert_eq!(press_case("SALAH AL-BASHIR"), "Salah al-Bashir");
    }
}
