//! Documents for the stages' unit tests: the real text layer (the shipped stem lexicon, so
//! clitics split as in `rasid analyze`) without the tagger.

use std::sync::OnceLock;

use chrono::NaiveDate;
use rasid_core::{Analysis, Doc, DocumentInfo, EntityType, Mention, MentionHow};
use rasid_text::{Lexicon, Segmenter};

fn segmenter() -> &'static Segmenter {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    SEGMENTER.get_or_init(|| {
        let lex = Lexicon::from_bytes(include_bytes!("../../../data/stems.rlex")).expect("the shipped lexicon loads");
        Segmenter::new(lex)
    })
}

/// `text` through the text layer, with a publication date.
pub fn doc(text: &str, dct: Option<NaiveDate>) -> Doc {
    let (tokens, words, sentences) = rasid_text::layer::layer(segmenter(), text);
    let mut analysis = Analysis::empty(DocumentInfo::default(), text.to_string());
    analysis.sentences = sentences;
    analysis.tokens = tokens;
    let mut doc = Doc::new(analysis, dct);
    doc.words = words;
    doc
}

/// Marks the first occurrence of `name` (whole tokens) as a tagger mention of type `kind`,
/// standing in for the tagger.
pub fn tag(doc: &mut Doc, name: &str, kind: EntityType) {
    let n = name.split_whitespace().count();
    let toks = &doc.analysis.tokens;
    let found = (0..toks.len().saturating_sub(n - 1)).find(|&i| {
        let start = toks[i].core_start();
        let end = toks[i + n - 1].core_end();
        doc.analysis.text[start..end] == *name
    });
    let i = found.unwrap_or_else(|| panic!("`{name}` is not in the text"));
    let (start, end) = (toks[i].core_start(), toks[i + n - 1].core_end());
    doc.analysis.mentions.push(Mention {
        kind,
        start,
        end,
        text: name.to_string(),
        norm: rasid_text::normalize(name),
        first_token: i,
        end_token: i + n,
        entity: None,
        how: MentionHow::Name,
    });
    doc.analysis.mentions.sort_by_key(|m| m.start);
}

/// The shipped knowledge file, loaded once.
pub fn knowledge() -> std::sync::Arc<crate::knowledge::Knowledge> {
    static KNOWLEDGE: OnceLock<std::sync::Arc<crate::knowledge::Knowledge>> = OnceLock::new();
    KNOWLEDGE
        .get_or_init(|| {
            let bytes = include_bytes!("../../../data/knowledge.json");
            std::sync::Arc::new(crate::knowledge::Knowledge::from_json(bytes).expect("the shipped knowledge loads"))
        })
        .clone()
}
