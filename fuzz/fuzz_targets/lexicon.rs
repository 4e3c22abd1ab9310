//! The stem lexicon, tagger model, entity priors, names list and topic model loaders on arbitrary bytes, and on the real files with
//! bytes changed:
//! errors, never panics; a file that loads answers look-ups.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(lex) = rasid_text::Lexicon::from_bytes(data) {
        let _ = lex.get("الحكومة");
    }
    // Mutate the real file at a fuzzer-chosen place.
    if data.len() >= 5 {
        let mut real = rasid::models::STEM_LEXICON.to_vec();
        let at = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize % real.len();
        real[at] ^= data[4] | 1;
        let cut = if data.len() > 5 { data[5] as usize * 97 } else { 0 };
        real.truncate(real.len().saturating_sub(cut));
        if let Ok(lex) = rasid_text::Lexicon::from_bytes(&real) {
            let _ = lex.get("وزير");
        }
        // The same for the entity tagger model.
        let mut model = rasid::models::NER_MODEL.to_vec();
        let at = at % model.len();
        model[at] ^= data[4] | 1;
        model.truncate(model.len().saturating_sub(cut));
        let _ = rasid_ner::Model::from_bytes(&model);
        // The names list learned from news.
        let mut names = rasid::models::NAMES.to_vec();
        let at = at % names.len();
        names[at] ^= data[4] | 1;
        names.truncate(names.len().saturating_sub(cut));
        if let Ok(n) = rasid_ner::names::Names::from_file_bytes(&names) {
            let _ = n.get("وزير");
        }
        // And the topic model.
        let mut topics = rasid::models::TOPIC_MODEL.to_vec();
        let at = at % topics.len();
        topics[at] ^= data[4] | 1;
        topics.truncate(topics.len().saturating_sub(cut));
        if let Ok(m) = rasid_topic::TopicModel::from_bytes(&topics) {
            let _ = m.idf("وزير");
        }
    }
    let _ = rasid_ner::Model::from_bytes(data);
    if let Ok(p) = rasid_ner::priors::Priors::from_file_bytes(data) {
        let _ = p.get("وزير");
    }
    if let Ok(n) = rasid_ner::names::Names::from_file_bytes(data) {
        let _ = n.entries();
    }
    let _ = rasid_topic::TopicModel::from_bytes(data);
});
