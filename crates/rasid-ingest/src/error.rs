use std::fmt;

/// A document that could not be read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IngestError {
    /// File path, or `-` for standard input.
    pub file: String,
    /// 1-based line for JSON lines input.
    pub line: Option<u64>,
    /// Byte offset in the (decompressed) file where the problem is.
    pub byte: Option<u64>,
    pub message: String,
}

impl IngestError {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> IngestError {
        IngestError {
            file: file.into(),
            line: None,
            byte: None,
            message: message.into(),
        }
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_byte(mut self, byte: u64) -> Self {
        self.byte = Some(byte);
        self
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(b) = self.byte {
            write!(f, " (byte {b})")?;
        }
        write!(f, ": {}", self.message)
    }
}
