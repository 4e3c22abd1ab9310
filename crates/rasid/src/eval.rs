//! Evaluations against gold data. Each returns a serialisable report; the CLI prints it.

pub mod events_check;
pub mod ner;
pub mod segmentation;
pub mod time;
pub mod understanding;
