//! Near-duplicate detection: MinHash signatures over word 5-shingles of the normalised
//! body, and locality-sensitive hashing bands to find candidates without comparing every
//! pair.
//!
//! 64 hash functions, 16 bands of 4 rows: two bodies with Jaccard similarity 0.8 share at
//! least one band with probability 1 − (1 − 0.8⁴)¹⁶ ≈ 0.9999, bodies at 0.3 with ≈ 0.12;
//! candidates are then kept only when their signatures agree on at least
//! [`NEAR_DUPLICATE`] of the rows (the estimated Jaccard similarity).

use rasid_text::checksum::fnv1a;
// SplitMix64's mixer derives the 64 hash functions from one hash.
use rasid_text::rng::splitmix64 as mix;

pub const HASHES: usize = 64;
pub const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
/// Word shingle length. Five words: long enough that two articles on the same subject do
/// not share many by chance, short enough that an edited copy still shares most.
pub const SHINGLE: usize = 5;
/// Estimated Jaccard similarity from which two bodies are near-duplicates.
pub const NEAR_DUPLICATE: f32 = 0.8;

/// A MinHash signature.
pub type Signature = [u32; HASHES];

/// The signature of a text; `None` when it has fewer words than one shingle.
pub fn signature(text: &str) -> Option<Signature> {
    let norm = rasid_text::normalize(text);
    let words: Vec<u64> = norm
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fnv1a(w.as_bytes()))
        .collect();
    if words.len() < SHINGLE {
        return None;
    }
    let mut sig = [u32::MAX; HASHES];
    for sh in words.windows(SHINGLE) {
        let h = sh.iter().fold(0u64, |a, &w| mix(a ^ w));
        for (i, s) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d)) >> 32) as u32;
            if v < *s {
                *s = v;
            }
        }
    }
    Some(sig)
}

/// The band keys of a signature: one per band, the band number mixed in.
pub fn band_keys(sig: &Signature) -> [i64; BANDS] {
    let mut keys = [0i64; BANDS];
    for (b, k) in keys.iter_mut().enumerate() {
        let mut h = mix(b as u64 + 1);
        for &v in &sig[b * ROWS..(b + 1) * ROWS] {
            h = mix(h ^ v as u64);
        }
        *k = h as i64;
    }
    keys
}

/// Estimated Jaccard similarity: the share of rows on which two signatures agree.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

pub fn to_bytes(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Reads a stored signature; `None` for bytes of the wrong length.
pub fn from_bytes(b: &[u8]) -> Option<Signature> {
    if b.len() != HASHES * 4 {
        return None;
    }
    let mut sig = [0u32; HASHES];
    for (s, c) in sig.iter_mut().zip(b.chunks_exact(4)) {
        *s = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    Some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "قال وزير الخارجية إن المحادثات بين الطرفين ستستأنف الأسبوع المقبل في العاصمة \
        بعد توقف دام ثلاثة أشهر بسبب الخلاف على ترسيم الحدود وتقاسم المياه وأضاف أن الوفدين \
        سيبحثان أيضا ملف اللاجئين والتعاون الاقتصادي وفتح المعابر التجارية أمام الشاحنات";

    #[test]
    fn an_edited_copy_is_a_near_duplicate_and_another_text_is_not() {
        let a = signature(BODY).unwrap();
        // A copy with another spelling of a few letters (normalised away) and one word changed.
        let edited = BODY.replace("إن", "ان").replace("ثلاثة", "أربعة");
        let b = signature(&edited).unwrap();
        assert!(similarity(&a, &b) >= 0.5, "{}", similarity(&a, &b));
        let copy = signature(&format!("{BODY} .")).unwrap();
        assert_eq!(similarity(&a, &copy), 1.0);
        let other = signature(
            "فاز الفريق بالمباراة النهائية بثلاثة أهداف مقابل هدف واحد وتأهل إلى الدور التالي من \
             البطولة القارية التي تقام للمرة الأولى في المدينة بمشاركة عشرين فريقا",
        )
        .unwrap();
        assert!(similarity(&a, &other) < 0.1);
        assert_ne!(band_keys(&a), band_keys(&other));
        assert_eq!(band_keys(&a), band_keys(&copy));
    }

    #[test]
    fn short_texts_have_no_signature_and_bytes_round_trip() {
        assert!(signature("كلمتان فقط").is_none());
        let a = signature(BODY).unwrap();
        assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
        assert_eq!(from_bytes(&[1, 2, 3]), None);
    }
}
