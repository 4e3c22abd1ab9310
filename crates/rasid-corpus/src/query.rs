//! What a person types into the search box, read leniently.
//!
//! tantivy's query language has fields (`title:x`), ranges, boosts and nesting, so an
//! ordinary headline such as `الوزير: ستنشب حرب` is a syntax error there ("field does not
//! exist"), and 10,000 nested parentheses overflow its recursive parser. People paste
//! headlines, URLs and punctuation; none of that may fail. So rasid reads a small language
//! of its own, in one flat pass that cannot fail or recurse:
//!
//! - words, each matched in titles and bodies through rasid's analyzer;
//! - `"a phrase"` (an unbalanced `"` makes the rest of the query plain words);
//! - `+word` / `+"phrase"`: must match; `-word` / `-"phrase"`: must not;
//! - `a AND b` (both must match), `a OR b` (either: the default), `NOT a`, when the operator
//!   stands between two words; anywhere else `AND`, `OR`, `NOT` are words;
//! - everything else (colons, brackets, `?`, `-` standing alone) separates words.
//!
//! A word that the analyzer splits into several terms (a URL, `السفير-المندوب`) is searched as a
//! phrase of them, as tantivy's own parser does.

use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

/// Queries longer than this many words are cut (with a note): a pasted article is not a
/// question, and a boolean query of tens of thousands of clauses only costs time.
pub const MAX_CLAUSES: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occurrence {
    Should,
    Must,
    MustNot,
}

/// One word or phrase of a query, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub occur: Occurrence,
    pub text: String,
    pub phrase: bool,
}

/// A parsed query: its clauses, and what was left out of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub clauses: Vec<Clause>,
    /// Clauses dropped past [`MAX_CLAUSES`].
    pub dropped: usize,
}

/// A piece of the query before the operators are applied.
#[derive(Debug, PartialEq)]
enum Piece {
    Word(String, Occurrence, bool),
    And,
    Or,
    Not,
}

/// Characters that separate words and mean nothing themselves (the analyzer drops them too,
/// but `-` and `+` only count as operators at the start of a word).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '{' | '}')
}

fn pieces(q: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = q.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if is_separator(c) {
            chars.next();
            continue;
        }
        // A sign counts when a word or a phrase follows it directly.
        let mut occur = Occurrence::Should;
        let mut start = i;
        if c == '+' || c == '-' {
            let next = q[i + c.len_utf8()..].chars().next();
            if next.is_some_and(|n| !is_separator(n) && n != '+' && n != '-') {
                occur = if c == '+' {
                    Occurrence::Must
                } else {
                    Occurrence::MustNot
                };
                chars.next();
                start = i + 1;
            }
        }
        if q[start..].starts_with('"') {
            if let Some(len) = q[start + 1..].find('"') {
                let text = &q[start + 1..start + 1 + len];
                out.push(Piece::Word(text.to_string(), occur, true));
                let end = start + 1 + len + 1;
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                continue;
            }
            // An unbalanced quote: the rest is plain words.
            chars.next();
            while chars.peek().is_some_and(|&(j, _)| j <= start) {
                chars.next();
            }
            continue;
        }
        let mut end = q.len();
        while let Some(&(j, c)) = chars.peek() {
            if is_separator(c) || (c == '"' && j > start) {
                end = j;
                break;
            }
            chars.next();
        }
        let word = &q[start..end];
        match (word, occur) {
            ("AND", Occurrence::Should) => out.push(Piece::And),
            ("OR", Occurrence::Should) => out.push(Piece::Or),
            ("NOT", Occurrence::Should) => out.push(Piece::Not),
            _ => out.push(Piece::Word(word.to_string(), occur, false)),
        }
    }
    out
}

/// Reads a query; never fails.
pub fn parse(q: &str) -> Parsed {
    let ps = pieces(q);
    let is_word = |i: usize| matches!(ps.get(i), Some(Piece::Word(..)));
    let mut clauses: Vec<Clause> = Vec::new();
    // Whether the next word is to be required (after AND) or excluded (after NOT).
    let mut next: Option<Occurrence> = None;
    for (i, p) in ps.iter().enumerate() {
        let between = i > 0 && is_word(i - 1) && is_word(i + 1);
        match p {
            Piece::Word(text, occur, phrase) => {
                let occur = match (next.take(), *occur) {
                    (Some(forced), Occurrence::Should) => forced,
                    (_, o) => o,
                };
                clauses.push(Clause {
                    occur,
                    text: text.clone(),
                    phrase: *phrase,
                });
            }
            Piece::And if between => {
                if let Some(last) = clauses.last_mut() {
                    if last.occur == Occurrence::Should {
                        last.occur = Occurrence::Must;
                    }
                }
                next = Some(Occurrence::Must);
            }
            Piece::Or if between => next = None,
            // NOT before a word; `a NOT b` reads as `a -b`.
            Piece::Not if is_word(i + 1) => next = Some(Occurrence::MustNot),
            Piece::And | Piece::Or | Piece::Not => {
                let text = match p {
                    Piece::And => "AND",
                    Piece::Or => "OR",
                    _ => "NOT",
                };
                clauses.push(Clause {
                    occur: next.take().unwrap_or(Occurrence::Should),
                    text: text.to_string(),
                    phrase: false,
                });
            }
        }
    }
    let dropped = clauses.len().saturating_sub(MAX_CLAUSES);
    clauses.truncate(MAX_CLAUSES);
    Parsed { clauses, dropped }
}

/// A query as tantivy runs it: the query, and the phrases to exclude, which the caller
/// resolves to documents first (see [`build`]).
pub struct Built {
    pub query: Box<dyn Query>,
    pub excluded_phrases: Vec<Box<dyn Query>>,
}

/// The query a [`Parsed`] query means over some text fields, each with its analyzer and a
/// boost. `None` when no clause has a searchable term (only punctuation, say); a query of
/// exclusions alone matches every document but those.
///
/// Excluded phrases are not put under tantivy's exclusion: a phrase whose words meet in a
/// document without forming the phrase leaves its scorer past the end before the
/// exclusion first asks it, which tantivy asserts against (phrase_scorer.rs, found by the
/// `query` fuzz target). The caller finds their documents with a search of their own.
pub fn build(parsed: &Parsed, fields: &mut [(Field, f32, TextAnalyzer)]) -> Option<Built> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut excluded_phrases: Vec<Box<dyn Query>> = Vec::new();
    for c in &parsed.clauses {
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut phrase = false;
        for (field, boost, analyzer) in fields.iter_mut() {
            let mut terms: Vec<(usize, Term)> = Vec::new();
            let mut stream = analyzer.token_stream(&c.text);
            while stream.advance() {
                let t = stream.token();
                terms.push((t.position, Term::from_field_text(*field, &t.text)));
            }
            let q: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(
                    terms.pop().expect("one term").1,
                    IndexRecordOption::WithFreqs,
                )),
                _ => {
                    phrase = true;
                    Box::new(PhraseQuery::new_with_offset(terms))
                }
            };
            let q: Box<dyn Query> = if *boost == 1.0 {
                q
            } else {
                Box::new(BoostQuery::new(q, *boost))
            };
            per_field.push((Occur::Should, q));
        }
        if per_field.is_empty() {
            continue;
        }
        let q: Box<dyn Query> = Box::new(BooleanQuery::new(per_field));
        match c.occur {
            Occurrence::MustNot if phrase => excluded_phrases.push(q),
            Occurrence::MustNot => clauses.push((Occur::MustNot, q)),
            Occurrence::Should => clauses.push((Occur::Should, q)),
            Occurrence::Must => clauses.push((Occur::Must, q)),
        }
    }
    if clauses.is_empty() && excluded_phrases.is_empty() {
        return None;
    }
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Some(Built {
        query: Box::new(BooleanQuery::new(clauses)),
        excluded_phrases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(q: &str) -> Vec<String> {
        parse(q)
            .clauses
            .iter()
            .map(|c| {
                let sign = match c.occur {
                    Occurrence::Should => "",
                    Occurrence::Must => "+",
                    Occurrence::MustNot => "-",
                };
                if c.phrase {
                    format!("{sign}\"{}\"", c.text)
                } else {
                    format!("{sign}{}", c.text)
                }
            })
            .collect()
    }

    #[test]
    fn headlines_are_words() {
        assert_eq!(shown("الوزير: ستنشب حرب"), ["الوزير:", "ستنشب", "حرب"]);
        assert_eq!(shown("قمة السفير - المندوب؟"), ["قمة", "السفير", "-", "المندوب؟"]);
        assert_eq!(shown("https://x.com/a?b=1"), ["https://x.com/a?b=1"]);
    }

    #[test]
    fn signs_and_phrases() {
        assert_eq!(
            shown("+السفير -المندوب \"الاتفاق النووي\""),
            ["+السفير", "-المندوب", "\"الاتفاق النووي\""]
        );
        assert_eq!(shown("-\"كوريا الشمالية\" قمة"), ["-\"كوريا الشمالية\"", "قمة"]);
        // An unbalanced quote: the rest is words.
        assert_eq!(shown("\"الاتفاق النووي"), ["الاتفاق", "النووي"]);
        assert_eq!(shown("((((السفير"), ["السفير"]);
    }

    #[test]
    fn operators_only_between_words() {
        assert_eq!(shown("السفير AND المندوب"), ["+السفير", "+المندوب"]);
        assert_eq!(shown("السفير OR المندوب"), ["السفير", "المندوب"]);
        assert_eq!(shown("NOT المندوب السفير"), ["-المندوب", "السفير"]);
        assert_eq!(shown("السفير AND"), ["السفير", "AND"]);
        assert_eq!(shown("AND OR NOT"), ["AND", "OR", "NOT"]);
    }

    #[test]
    fn long_queries_are_cut() {
        let q = "كلمة ".repeat(MAX_CLAUSES + 10);
        let p = parse(&q);
        assert_eq!(p.clauses.len(), MAX_CLAUSES);
        assert_eq!(p.dropped, 10);
    }
}
