//! The data files compiled into the binary. Each is rebuilt by a documented command
//! (see data/README.md) and starts with a magic string and a format version.

/// The stem lexicon learned from ANT news and the gazetteers (`rasid build lexicon`).
pub static STEM_LEXICON: &[u8] = include_bytes!("../../../data/stems.rlex");

/// The entity tagger (`rasid train ner`), with the gazetteer and word clusters it uses.
pub static NER_MODEL: &[u8] = include_bytes!("../../../data/ner.rmod");

/// Title words, nationality adjectives, places and CAMEO actors (`rasid build knowledge`).
pub static KNOWLEDGE: &[u8] = include_bytes!("../../../data/knowledge.json");

/// The topic classifier and the corpus document frequencies (`rasid train topic`).
pub static TOPIC_MODEL: &[u8] = include_bytes!("../../../data/topic.rmod");

/// The people of the day, learned from ANT news behind titles (`rasid build names`).
pub static NAMES: &[u8] = include_bytes!("../../../data/names.rnm");
