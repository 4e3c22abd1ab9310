//! The language-file loaders (data/lang: time words, reporting verbs, event triggers, titles, the
//! segmenter's particles; data/cameo.tsv, the CAMEO table) on arbitrary text, and on the real files with a byte changed and
//! a tail cut: errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rasid_extract::events::EventWords;
use rasid_extract::quotes::QuoteWords;
use rasid_extract::time::TimeWords;
use rasid_extract::titles::TitleWords;

fn all(text: &str) {
    let _ = TimeWords::from_toml(text);
    let _ = QuoteWords::from_toml(text);
    let _ = EventWords::from_toml(text);
    let _ = TitleWords::from_toml(text);
    let _ = rasid_text::closed::ClosedClass::from_toml(text);
    let _ = rasid_extract::events::lexicon::cameo_table(text);
}

fuzz_target!(|data: &[u8]| {
    all(&String::from_utf8_lossy(data));
    if data.len() >= 5 {
        let files = [
            rasid_extract::time::lexicon::TIME_WORDS,
            rasid_extract::quotes::lexicon::QUOTE_WORDS,
            rasid_extract::events::lexicon::EVENT_WORDS,
            rasid_extract::titles::TITLE_WORDS,
            rasid_text::closed::CLITIC_WORDS,
            rasid_extract::events::lexicon::CAMEO_TABLE,
        ];
        let mut real = files[data[0] as usize % files.len()].as_bytes().to_vec();
        let at = u32::from_le_bytes([data[1], data[2], data[3], data[4]]) as usize % real.len();
        real[at] = data.get(5).copied().unwrap_or(b'"');
        let cut = data.get(6).map_or(0, |&c| c as usize * 13);
        real.truncate(real.len().saturating_sub(cut));
        all(&String::from_utf8_lossy(&real));
    }
});
