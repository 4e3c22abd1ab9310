//! The checksum every rasid data file carries: FNV-1a, 64 bits. Not cryptographic; it
//! catches truncated and damaged files, which is all a loader needs to refuse them.

/// FNV-1a over `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The identity of a text for duplicate detection: FNV-1a over its normalised words, each
/// followed by a space, so that spacing, hamza/alef/yeh spellings and diacritics do not make
/// two copies of one article differ. Stores keep it (store ingest), the topic split hashes
/// bodies with it, the retrieval evaluation drops exact duplicates with it.
pub fn text_fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in crate::normalize(text).split_whitespace() {
        for b in w.bytes().chain([b' ']) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_spacing_and_spelling_variants() {
        assert_eq!(text_fingerprint("قال  الرئيس\nإن"), text_fingerprint("قال الرئيس ان"));
        assert_ne!(text_fingerprint("قال الرئيس"), text_fingerprint("قال الوزير"));
        // The same bytes as FNV-1a over "word word " (what the split and the stores used before).
        assert_eq!(text_fingerprint("قال الرئيس"), fnv1a("قال الرييس ".as_bytes()));
    }
}
