//! The output formats of `--format`. Each format is one [`Format`]; what a command prints
//! is an [`Item`], which knows its JSON and its readable view. A new format is a variant of
//! [`OutputFormat`] and an implementation of [`Format`], both in this file.

use std::io::{self, Write};

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JSON: one pretty object for one article, an array for several.
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// A readable view for the terminal.
    Pretty,
}

impl OutputFormat {
    /// A writer of this format; `color` is whether the readable view may colour.
    pub fn writer(self, color: bool) -> Box<dyn Format> {
        match self {
            OutputFormat::Json => Box::new(Json::default()),
            OutputFormat::Jsonl => Box::new(Jsonl),
            OutputFormat::Pretty => Box::new(Pretty { color, written: 0 }),
        }
    }

    /// Prints one item on standard output.
    pub fn print(self, item: &dyn Item, color: bool) -> anyhow::Result<()> {
        let mut out = io::stdout().lock();
        let mut w = self.writer(color);
        w.item(item, &mut out)?;
        w.finish(&mut out)
    }
}

/// Something a command prints. The JSON formats write its value; `pretty` is the view for
/// the terminal. Object-safe (JSON is written by the item, not taken from it as a
/// `Serialize`) so that a format is a trait object chosen at run time.
pub trait Item {
    /// The item as JSON, indented (`json`) or on one line.
    fn json(&self, out: &mut dyn Write, indent: bool) -> serde_json::Result<()>;

    /// The item as JSON lines: one line, unless the item is a list of rows.
    fn json_lines(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        self.json(out, false)?;
        out.write_all(b"\n")?;
        Ok(())
    }

    /// The readable view.
    fn pretty(&self, out: &mut dyn Write, color: bool) -> anyhow::Result<()>;
}

/// One output format. A command writes its items (one, or analyses as they are made)
/// and then calls `finish`.
pub trait Format {
    fn item(&mut self, item: &dyn Item, out: &mut dyn Write) -> anyhow::Result<()>;

    /// An item the caller knows to be the last one; a format that holds an item back
    /// until it knows whether more follow can write it at once.
    fn last_item(&mut self, item: &dyn Item, out: &mut dyn Write) -> anyhow::Result<()> {
        self.item(item, out)
    }

    fn finish(&mut self, _out: &mut dyn Write) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Writes `v` as JSON, the one way every format and report writes it.
pub fn write_json(v: &(impl serde::Serialize + ?Sized), out: &mut dyn Write, indent: bool) -> serde_json::Result<()> {
    if indent {
        serde_json::to_writer_pretty(out, v)
    } else {
        serde_json::to_writer(out, v)
    }
}

/// One item is printed as a pretty object and several as an array, so the first one is
/// held back (as its JSON) until the second arrives or the output ends.
#[derive(Default)]
pub struct Json {
    pending: Option<Vec<u8>>,
    written: usize,
}

impl Format for Json {
    fn item(&mut self, item: &dyn Item, out: &mut dyn Write) -> anyhow::Result<()> {
        if self.written == 0 {
            let mut first = Vec::new();
            item.json(&mut first, true)?;
            self.pending = Some(first);
        } else {
            if let Some(first) = self.pending.take() {
                out.write_all(b"[\n")?;
                out.write_all(&first)?;
            }
            out.write_all(b",\n")?;
            item.json(out, true)?;
        }
        self.written += 1;
        Ok(())
    }

    /// The only item is written as it is made, not held back (its JSON can be several
    /// times the size of a long article): the same bytes `finish` would write for it.
    fn last_item(&mut self, item: &dyn Item, out: &mut dyn Write) -> anyhow::Result<()> {
        if self.written > 0 {
            return self.item(item, out);
        }
        item.json(out, true)?;
        out.write_all(b"\n")?;
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        if let Some(only) = self.pending.take() {
            out.write_all(&only)?;
            out.write_all(b"\n")?;
        } else if self.written > 1 {
            out.write_all(b"\n]\n")?;
        }
        Ok(())
    }
}

pub struct Jsonl;

impl Format for Jsonl {
    fn item(&mut self, item: &dyn Item, out: &mut dyn Write) -> anyhow::Result<()> {
        item.json_lines(out)
    }
}

/// Items one after another, a blank line between two.
pub struct Pretty {
    color: bool,
    written: usize,
}

impl Format for Pretty {
    fn item(&mut self, item: &dyn Item, out: &mut dyn Write) -> anyhow::Result<()> {
        if self.written > 0 {
            out.write_all(b"\n")?;
        }
        item.pretty(out, self.color)?;
        self.written += 1;
        Ok(())
    }
}

/// Rows of a listing (entities, stories, near-duplicates): one JSON array, a JSON line
/// per row, or `pretty` for each row.
pub struct Rows<'a, T> {
    pub rows: &'a [T],
    pub pretty: fn(&T, &mut dyn Write) -> io::Result<()>,
}

impl<T: serde::Serialize> Item for Rows<'_, T> {
    fn json(&self, out: &mut dyn Write, indent: bool) -> serde_json::Result<()> {
        write_json(self.rows, out, indent)
    }

    fn json_lines(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        for r in self.rows {
            write_json(r, out, false)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn pretty(&self, out: &mut dyn Write, _color: bool) -> anyhow::Result<()> {
        for r in self.rows {
            (self.pretty)(r, out)?;
        }
        Ok(())
    }
}

impl Item for rasid::Analysis {
    fn json(&self, out: &mut dyn Write, indent: bool) -> serde_json::Result<()> {
        write_json(self, out, indent)
    }

    fn pretty(&self, out: &mut dyn Write, color: bool) -> anyhow::Result<()> {
        Ok(crate::pretty::write(self, color, out)?)
    }
}
