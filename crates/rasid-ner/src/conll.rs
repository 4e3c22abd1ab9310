//! CoNLL-style token files: one token per line, first column the token, the last column
//! (when there is more than one) the IOB2 tag, a blank line between sentences.

/// One sentence: tokens and, when the file has them, gold tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// Reads CoNLL text. Columns are separated by tabs or spaces; `with_tags` takes the last
/// column as the tag (ANERcorp: `token TAG`; Wojood: `token TAG [TAG...]`, first tag kept
/// with `first_tag`). Lines whose token is empty are skipped.
pub fn read(src: &str, with_tags: bool) -> Result<Vec<Sentence>, String> {
    read_with(src, if with_tags { Tags::Gold } else { Tags::None })
}

/// Reads a tagger's output: the tag is the last column (`token TAG`, or conlleval's
/// `token GOLD PREDICTED`).
pub fn read_predictions(src: &str) -> Result<Vec<Sentence>, String> {
    read_with(src, Tags::Last)
}

#[derive(Clone, Copy, PartialEq)]
enum Tags {
    None,
    Gold,
    Last,
}

fn read_with(src: &str, mode: Tags) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in src.lines().enumerate() {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let cols: Vec<&str> = line.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
        let Some(&token) = cols.first() else { continue };
        if mode != Tags::None {
            if cols.len() < 2 {
                return Err(format!("line {}: expected `token TAG`, found `{line}`", i + 1));
            }
            let last = cols[cols.len() - 1];
            // A gold tag is the second column (Wojood has further, nested tags after it); a
            // damaged line whose second column is not a tag falls back to its last column
            // (ANERcorp has `. Oالإصابة O`).
            let tag = if mode == Tags::Gold && is_tag(cols[1]) {
                cols[1]
            } else {
                last
            };
            if !is_tag(tag) {
                return Err(format!("line {}: `{tag}` is not an IOB2 tag", i + 1));
            }
            cur.tags.push(tag.to_string());
        }
        cur.tokens.push(token.to_string());
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn is_tag(t: &str) -> bool {
    t == "O" || ((t.starts_with("B-") || t.starts_with("I-")) && t.len() > 2)
}

/// The entity type of a tag with ANERcorp's `PERS` read as `PER`.
pub fn canonical_type(t: &str) -> &str {
    match t {
        "PERS" => "PER",
        other => other,
    }
}

/// Chunks `(start, end, type)` of an IOB2 sequence, conlleval style: an `I-X` that does not
/// continue an `X` chunk starts a new one.
pub fn chunks(tags: &[impl AsRef<str>]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, canonical_type(ty)),
            None => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, o)| o == ty);
        if !continues {
            if let Some((s, o)) = open.take() {
                out.push((s, i, o));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, o)) = open {
        out.push((s, tags.len(), o));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_and_tags() {
        let s = read("فرانكفورت B-LOC\n(د O\n\nأعلن O\nاتحاد B-ORG\nصناعة I-ORG\n", true).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].tags, ["O", "B-ORG", "I-ORG"]);
        assert!(read("x B-\n", true).is_err());
        let s = read(". Oالإصابة O\n", true).unwrap();
        assert_eq!(s[0].tags, ["O"]);
        let s = read("الأسد I-ORG B-PERS\n", true).unwrap();
        assert_eq!(s[0].tags, ["I-ORG"]);
    }

    #[test]
    fn predictions_take_the_last_column() {
        let s = read_predictions("الأسد B-PERS I-ORG\nقال O O\n\nباريس\tB-LOC\n").unwrap();
        assert_eq!(s[0].tags, ["I-ORG", "O"]);
        assert_eq!(s[1].tags, ["B-LOC"]);
        assert!(read_predictions("الأسد B-PERS xyz\n").unwrap_err().contains("xyz"));
        assert!(read_predictions("الأسد\n").is_err());
    }

    #[test]
    fn chunks_follow_conlleval() {
        let c = chunks(&["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]);
        assert_eq!(
            c,
            [
                (0, 2, "PER".to_string()),
                (3, 5, "LOC".to_string()),
                (5, 6, "LOC".to_string()),
                (6, 7, "ORG".to_string())
            ]
        );
    }
}
