//! Small word-level helpers every layer shares, so that "a word without its article" means
//! one thing everywhere (entities, dates, the store's name keys, the builders).

/// A normalised word without the definite article ال, when at least two letters remain
/// (الخرطوم → خرطوم; ال stays ال; الم stays الم: a two-letter word is not an article and one
/// letter).
pub fn strip_article(w: &str) -> &str {
    w.strip_prefix("ال")
        .filter(|b| b.chars().count() >= 2)
        .unwrap_or(w)
}

#[cfg(test)]
mod tests {
    use super::strip_article;

    #[test]
    fn strips_only_an_article_with_a_word_behind_it() {
        assert_eq!(strip_article("الخرطوم"), "خرطوم");
        assert_eq!(strip_article("ال"), "ال");
        assert_eq!(strip_article("الم"), "الم");
        assert_eq!(strip_article("وزير"), "وزير");
    }
}
