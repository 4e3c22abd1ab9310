//! The pipeline's working document and the one interface every stage implements.
//!
//! `Pipeline::analyze` is a list of stages run in order over one [`Doc`]: each reads the
//! layers earlier stages left and writes its own. A new layer is a new stage: one module that
//! implements [`Stage`] and one line in the list, with no argument list to grow.

use chrono::NaiveDate;

use crate::{Analysis, Word};

/// An article being analysed: the layers so far, and what stages share but the analysis
/// JSON does not carry.
#[derive(Clone, Debug)]
pub struct Doc {
    /// The layers, filled in by the stages; `analysis.text` is set from the start.
    pub analysis: Analysis,
    /// One matching view per token (`words[i]` is `analysis.tokens[i]`), computed once by
    /// the text layer.
    pub words: Vec<Word>,
    /// The document creation time: relative dates and actor codes are resolved against it.
    pub dct: Option<NaiveDate>,
}

impl Doc {
    pub fn new(analysis: Analysis, dct: Option<NaiveDate>) -> Doc {
        Doc {
            analysis,
            words: Vec::new(),
            dct,
        }
    }

    /// The analysed text (title, blank line, body): every offset points into it.
    pub fn text(&self) -> &str {
        &self.analysis.text
    }
}

/// One step of the analysis.
pub trait Stage: Send + Sync {
    /// A short name for profiles and errors (`dates`, `quotes` ...).
    fn name(&self) -> &'static str;
    /// Adds this stage's layer to `doc`.
    fn run(&self, doc: &mut Doc);
}
