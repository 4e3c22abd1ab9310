//! Inflections generated from one written form, in ordinary spelling (before
//! normalisation, because ة and ى decide the forms). Only the regular patterns of news
//! prose are generated; irregular forms are listed in the data beside the base form.

use serde::Deserialize;

/// How a word of a list inflects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inflect {
    /// The feminine in ة: ماضي → ماضية، ثلاث → ثلاثة.
    Gender,
    /// The oblique case of a sound plural or dual written in the nominative: عشرون →
    /// عشرين، اثنان → اثنين.
    Case,
    /// A relative adjective: its feminine and its adverb: يومي → يومية، يوميا.
    Nisba,
    /// The plural nisba of a tens word: عشرين → عشرينيات، عشرينات (the tens word itself is
    /// not one of the forms).
    Decade,
    /// A pronoun suffix on a particle: أن → أنه، أنها، أنهم، أنهما، أنني، أننا.
    Pronoun,
}

/// The base form and the forms `how` generates from it (for [`Inflect::Decade`], the
/// generated forms alone).
pub fn forms(word: &str, how: Option<Inflect>) -> Vec<String> {
    if how == Some(Inflect::Decade) {
        return vec![format!("{word}يات"), format!("{word}ات")];
    }
    let mut out = vec![word.to_string()];
    let Some(how) = how else {
        return out;
    };
    match how {
        Inflect::Gender => {
            if !word.ends_with('ة') {
                out.push(format!("{word}ة"));
            }
        }
        Inflect::Case => {
            for (nom, obl) in [("ون", "ين"), ("ان", "ين")] {
                if let Some(stem) = word.strip_suffix(nom) {
                    out.push(format!("{stem}{obl}"));
                }
            }
        }
        Inflect::Nisba => {
            out.push(format!("{word}ة"));
            out.push(format!("{word}ا"));
        }
        Inflect::Decade => {}
        Inflect::Pronoun => {
            for p in ["ه", "ها", "هم", "هما", "ني", "نا"] {
                out.push(format!("{word}{p}"));
            }
        }
    }
    out
}

/// A unit noun's dual forms (يومين، يومان؛ ساعة → ساعتين، ساعتان).
pub fn duals(noun: &str) -> Vec<String> {
    let stem = match noun.strip_suffix('ة') {
        Some(s) => format!("{s}ت"),
        None => noun.to_string(),
    };
    vec![format!("{stem}ين"), format!("{stem}ان")]
}

/// A noun's indefinite accusative (يوم → يوما); none for nouns in ة, which take no alef.
pub fn accusative(noun: &str) -> Option<String> {
    (!noun.ends_with('ة')).then(|| format!("{noun}ا"))
}

/// The third-person perfect of a verb from its masculine singular (قال → قالت، قالوا،
/// قالا، قالتا; التقى → التقت، التقوا، التقيا; دعا → دعت، دعوا). Without the masculine dual
/// when `dual` is false: for some verbs it is mostly another word (ردا "in reply", بحثا
/// "searching", حذرا "cautiously").
pub fn perfect(past: &str, dual: bool) -> Vec<String> {
    let mut out = vec![past.to_string()];
    let (stem, feminine, plural, masculine_dual) = if let Some(stem) = past.strip_suffix('ى') {
        (stem, format!("{stem}ت"), format!("{stem}وا"), Some(format!("{stem}يا")))
    } else if let Some(stem) = past.strip_suffix('ا') {
        // دعوا is both the plural and the dual.
        (stem, format!("{stem}ت"), format!("{stem}وا"), None)
    } else {
        (past, format!("{past}ت"), format!("{past}وا"), Some(format!("{past}ا")))
    };
    out.extend([feminine, plural]);
    out.extend(masculine_dual.filter(|_| dual));
    out.push(format!("{stem}تا"));
    out
}

/// The third-person imperfect from its masculine singular, indicative and subjunctive
/// (يقول → تقول، يقولون، يقولوا، يقولان، يقولا، تقولان), and for a verb ending in ي or و
/// the jussive that drops it (لم يلتق، لم تدع). Verbs with a weak last letter (يرى) may list
/// their other forms instead.
pub fn imperfect(present: &str) -> Vec<String> {
    let mut out = vec![present.to_string()];
    if let Some(stem) = present.strip_prefix('ي') {
        out.extend([
            format!("ت{stem}"),
            format!("ي{stem}ون"),
            format!("ي{stem}وا"),
            format!("ي{stem}ان"),
            format!("ي{stem}ا"),
            format!("ت{stem}ان"),
        ]);
        if let Some(short) = stem.strip_suffix(['ي', 'و']).filter(|s| s.chars().count() >= 2) {
            out.extend([format!("ي{short}"), format!("ت{short}")]);
        }
    }
    out
}

/// The circumstantial participle (حال) from the masculine singular participle: قائل →
/// قائلا، قائلة، قائلين. The feminine or the plural is left out where it is mostly another
/// word (متابعة "follow-up", مشددة "tight", متابعين "followers").
pub fn participle(p: &str, feminine: bool, plural: bool) -> Vec<String> {
    let mut out = vec![format!("{p}ا")];
    out.extend(feminine.then(|| format!("{p}ة")));
    out.extend(plural.then(|| format!("{p}ين")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_inflect_by_their_last_letter() {
        assert_eq!(perfect("قال", true), ["قال", "قالت", "قالوا", "قالا", "قالتا"]);
        assert_eq!(perfect("رد", false), ["رد", "ردت", "ردوا", "ردتا"]);
        assert_eq!(perfect("التقى", true), ["التقى", "التقت", "التقوا", "التقيا", "التقتا"]);
        assert_eq!(perfect("دعا", true), ["دعا", "دعت", "دعوا", "دعتا"]);
        assert_eq!(
            imperfect("يقول"),
            ["يقول", "تقول", "يقولون", "يقولوا", "يقولان", "يقولا", "تقولان"]
        );
        assert_eq!(participle("قائل", true, true), ["قائلا", "قائلة", "قائلين"]);
        assert!(imperfect("يلتقي").contains(&"يلتق".to_string()));
        assert_eq!(participle("متابع", false, false), ["متابعا"]);
    }

    #[test]
    fn nouns_and_adjectives() {
        assert_eq!(duals("ساعة"), ["ساعتين", "ساعتان"]);
        assert_eq!(duals("يوم"), ["يومين", "يومان"]);
        assert_eq!(accusative("ساعة"), None);
        assert_eq!(accusative("عام").as_deref(), Some("عاما"));
        assert_eq!(forms("ماضي", Some(Inflect::Gender)), ["ماضي", "ماضية"]);
        assert_eq!(forms("عشرون", Some(Inflect::Case)), ["عشرون", "عشرين"]);
        assert_eq!(forms("اثنان", Some(Inflect::Case)), ["اثنان", "اثنين"]);
        assert_eq!(forms("يومي", Some(Inflect::Nisba)), ["يومي", "يومية", "يوميا"]);
        assert_eq!(forms("عشرين", Some(Inflect::Decade)), ["عشرينيات", "عشرينات"]);
    }
}
