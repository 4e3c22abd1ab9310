//! rasid's binary model files: the envelope they share and a cursor over bytes that
//! refuses to read past the end, so that no loader can index out of bounds on a truncated
//! or damaged file.
//!
//! ```text
//! magic     8 bytes  (RASIDNER, RASIDTOP ...)
//! version   u32      the file format version
//! checksum  u64      FNV-1a over the payload
//! length    u64      payload length
//! payload
//! ```
//! All integers little endian.

use crate::checksum::fnv1a;

/// Why an envelope could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopeError {
    BadMagic,
    Version { found: u32, expected: u32 },
    Truncated(&'static str),
    Corrupt(&'static str),
}

impl std::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvelopeError::BadMagic => write!(f, "bad magic string (not this kind of file)"),
            EnvelopeError::Version { found, expected } => {
                write!(
                    f,
                    "format version {found} is not supported (this build reads {expected})"
                )
            }
            EnvelopeError::Truncated(what) => write!(f, "truncated: {what}"),
            EnvelopeError::Corrupt(what) => write!(f, "corrupt: {what}"),
        }
    }
}

impl std::error::Error for EnvelopeError {}

/// Wraps a payload in the envelope.
pub fn seal(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 28);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&fnv1a(payload).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a sealed file, once magic, version, length and checksum are right.
pub fn open<'a>(b: &'a [u8], magic: &[u8; 8], version: u32) -> Result<&'a [u8], EnvelopeError> {
    if b.len() < 8 {
        return Err(EnvelopeError::Truncated("shorter than the magic string"));
    }
    if &b[..8] != magic {
        return Err(EnvelopeError::BadMagic);
    }
    let mut c = Cursor::new(&b[8..]);
    let found = c.u32("version").map_err(|t| EnvelopeError::Truncated(t.0))?;
    if found != version {
        return Err(EnvelopeError::Version {
            found,
            expected: version,
        });
    }
    let checksum = c.u64("checksum").map_err(|t| EnvelopeError::Truncated(t.0))?;
    let len = c.u64("length").map_err(|t| EnvelopeError::Truncated(t.0))?;
    let payload = &b[8 + c.position()..];
    if (payload.len() as u64) < len {
        return Err(EnvelopeError::Truncated("payload shorter than its declared length"));
    }
    if payload.len() as u64 != len {
        return Err(EnvelopeError::Corrupt("trailing bytes after the payload"));
    }
    if fnv1a(payload) != checksum {
        return Err(EnvelopeError::Corrupt("checksum mismatch"));
    }
    Ok(payload)
}

/// The file ended before `.0` (what was being read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated(pub &'static str);

/// Little-endian reads from a byte slice, each naming what it reads for the error.
pub struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(b: &'a [u8]) -> Cursor<'a> {
        Cursor { b, at: 0 }
    }
    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.at
    }
    pub fn remaining(&self) -> usize {
        self.b.len() - self.at
    }
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Truncated> {
        let end = self.at.checked_add(n).ok_or(Truncated(what))?;
        let s = self.b.get(self.at..end).ok_or(Truncated(what))?;
        self.at = end;
        Ok(s)
    }
    pub fn u32(&mut self, what: &'static str) -> Result<u32, Truncated> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().expect("4 bytes")))
    }
    pub fn u64(&mut self, what: &'static str) -> Result<u64, Truncated> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().expect("8 bytes")))
    }
    pub fn f32(&mut self, what: &'static str) -> Result<f32, Truncated> {
        Ok(f32::from_le_bytes(self.take(4, what)?.try_into().expect("4 bytes")))
    }
    /// A u64 length that must fit in what is left.
    pub fn len(&mut self, what: &'static str) -> Result<usize, Truncated> {
        let n = self.u64(what)?;
        if n > self.remaining() as u64 {
            return Err(Truncated(what));
        }
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_payloads_open_and_damage_is_an_error() {
        let b = seal(b"RASIDTST", 3, b"payload");
        assert_eq!(open(&b, b"RASIDTST", 3), Ok(&b"payload"[..]));
        assert_eq!(open(&b, b"RASIDXXX", 3), Err(EnvelopeError::BadMagic));
        assert_eq!(
            open(&b, b"RASIDTST", 4),
            Err(EnvelopeError::Version { found: 3, expected: 4 })
        );
        for cut in 0..b.len() {
            assert!(open(&b[..cut], b"RASIDTST", 3).is_err(), "cut {cut}");
        }
        let mut d = b.clone();
        *d.last_mut().unwrap() ^= 1;
        assert_eq!(
            open(&d, b"RASIDTST", 3),
            Err(EnvelopeError::Corrupt("checksum mismatch"))
        );
        let mut longer = b.clone();
        longer.push(0);
        assert!(open(&longer, b"RASIDTST", 3).is_err());
    }

    #[test]
    fn reads_and_refuses_past_the_end() {
        let mut c = Cursor::new(&[1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(c.u32("a"), Ok(1));
        assert_eq!(c.len("n"), Err(Truncated("n")));
        let mut c = Cursor::new(&[2, 0, 0, 0, 0, 0, 0, 0, 7, 8]);
        assert_eq!(c.len("n"), Ok(2));
        assert_eq!(c.take(2, "x"), Ok(&[7u8, 8][..]));
        assert_eq!(c.take(1, "y"), Err(Truncated("y")));
        assert_eq!(c.take(usize::MAX, "z"), Err(Truncated("z")));
    }
}
