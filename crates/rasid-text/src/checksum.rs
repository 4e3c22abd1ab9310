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
