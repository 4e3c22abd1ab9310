//! Feature hashing: a feature is a template id plus strings, hashed to 64 bits without
//! building the string. FNV-1a: fast on short keys, stable across platforms and versions
//! (model files store these hashes, so the function must never change within a format version).

#[derive(Clone, Copy)]
pub struct FeatHash(u64);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

impl FeatHash {
    #[inline]
    pub fn new(template: u8) -> FeatHash {
        FeatHash((OFFSET ^ template as u64).wrapping_mul(PRIME))
    }

    #[inline]
    pub fn str(mut self, s: &str) -> FeatHash {
        for &b in s.as_bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
        }
        // A separator so that ("ab","c") and ("a","bc") differ.
        self.0 = (self.0 ^ 0xff).wrapping_mul(PRIME);
        self
    }

    #[inline]
    pub fn num(mut self, v: u64) -> FeatHash {
        for b in v.to_le_bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
        }
        self
    }

    #[inline]
    pub fn finish(self) -> u64 {
        // Final avalanche (from SplitMix64) so that the low bits used by hash tables mix well.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A `HashMap` hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type IdentityBuild = std::hash::BuildHasherDefault<IdentityHasher>;

/// The seeded generator (shared with the other crates that train or sample).
pub use rasid_text::rng::Rng;
