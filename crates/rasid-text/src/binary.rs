//! Reading rasid's binary data files: a cursor over bytes that refuses to read past the
//! end. Every model loader (stem lexicon, tagger, topic model) parses with it, so none can
//! index out of bounds on a truncated or damaged file.

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
