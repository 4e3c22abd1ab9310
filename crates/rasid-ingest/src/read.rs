//! Turning inputs (files, directories, standard input) into a stream of articles.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rasid_core::Article;

use crate::{article_from_json, date_from_file_name, IngestError};

/// One thing to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// `-` means standard input.
    pub fn from_arg(s: &str) -> Input {
        if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        }
    }
}

/// How a file is read, decided by its name (or, for an explicit file with another name,
/// by its first bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// First non-empty line is the title, the rest is the body.
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line.
    JsonLines,
    /// Gzipped JSON lines.
    JsonLinesGz,
    /// A saved article page: its main text and metadata.
    Html,
    /// An RSS or Atom feed: one article per item.
    Feed,
}

impl Format {
    pub fn from_path(p: &Path) -> Option<Format> {
        let name = p.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") || name.ends_with(".json.gz") {
            Some(Format::JsonLinesGz)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".txt") {
            Some(Format::Text)
        } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
            Some(Format::Html)
        } else if name.ends_with(".rss") || name.ends_with(".atom") || name.ends_with(".xml") {
            Some(Format::Feed)
        } else {
            None
        }
    }
}

/// Options shared by all readers.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Publication date for articles whose input has none (`--date`).
    pub default_date: Option<NaiveDate>,
    /// Read a trailing `YYYYMMDD` / `YYYY-MM-DD` in a file name as the publication date
    /// when neither the input nor `default_date` gives one.
    pub date_from_file_name: bool,
    /// Largest article (a text or JSON file, or one JSON line) accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            default_date: None,
            date_from_file_name: true,
            max_bytes: 32 << 20,
        }
    }
}

type ArticleIter = Box<dyn Iterator<Item = Result<Article, IngestError>> + Send>;

/// Reads articles from bytes already in memory, as if they were a file called `name` in
/// `format` (gzipped JSON lines are decompressed). The entry point for fuzzing and for
/// callers that receive documents over the network.
pub fn read_bytes(bytes: &[u8], format: Format, name: &str, opts: &ReadOptions) -> Vec<Result<Article, IngestError>> {
    let stem = file_stem(Path::new(name));
    match format {
        Format::Text | Format::Json => {
            if bytes.len() > opts.max_bytes {
                return vec![Err(too_big(name, bytes.len() as u64, opts.max_bytes))];
            }
            vec![whole_file(bytes, format, name, &stem, opts)]
        }
        Format::JsonLines => JsonLines::new(
            Box::new(io::Cursor::new(bytes.to_vec())),
            name.to_string(),
            stem,
            opts.clone(),
        )
        .collect(),
        Format::JsonLinesGz => {
            let gz = flate2::read::MultiGzDecoder::new(io::Cursor::new(bytes.to_vec()));
            JsonLines::new(Box::new(BufReader::new(gz)), name.to_string(), stem, opts.clone()).collect()
        }
        Format::Html | Format::Feed => markup(bytes, format, name, &stem, opts),
    }
}

/// A page or a feed already read into memory.
fn markup(
    bytes: &[u8],
    format: Format,
    name: &str,
    stem: &str,
    opts: &ReadOptions,
) -> Vec<Result<Article, IngestError>> {
    if bytes.len() > opts.max_bytes {
        return vec![Err(too_big(name, bytes.len() as u64, opts.max_bytes))];
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return vec![Err(IngestError::new(name, "empty file: no article in it"))];
    }
    let articles = match format {
        Format::Feed => crate::feed_articles(bytes, name, stem),
        _ => vec![crate::page_article(bytes, None, stem, name, None)],
    };
    articles.into_iter().map(|a| a.map(|a| finish(a, stem, opts))).collect()
}

/// Reads every input in order; directories are walked recursively in name order and
/// their `.txt`, `.json`, `.jsonl`, `.jsonl.gz`, `.html`/`.htm`, `.rss`/`.atom`/`.xml` files
/// read (others are skipped).
pub fn read_inputs(inputs: Vec<Input>, opts: ReadOptions) -> impl Iterator<Item = Result<Article, IngestError>> {
    Reader {
        pending: inputs.into(),
        expanded: VecDeque::new(),
        current: None,
        opts,
    }
}

struct Reader {
    pending: VecDeque<Input>,
    expanded: VecDeque<Result<(Input, Option<Format>), IngestError>>,
    current: Option<ArticleIter>,
    opts: ReadOptions,
}

impl Iterator for Reader {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            if let Some(next) = self.expanded.pop_front() {
                match next {
                    Err(e) => return Some(Err(e)),
                    Ok((input, format)) => {
                        self.current = Some(open(input, format, &self.opts));
                        continue;
                    }
                }
            }
            let input = self.pending.pop_front()?;
            match input {
                Input::Stdin => self.expanded.push_back(Ok((Input::Stdin, None))),
                Input::Path(p) => expand(&p, &mut self.expanded),
            }
        }
    }
}

/// A file of a directory with its format, or the error met walking to it.
type DirFile = Result<(PathBuf, Format), IngestError>;

/// The files of a directory that are read (recursively, in name order), the walk's
/// errors, and the twins left out: when `X.txt` and `X.json` sit side by side they are
/// the same article in two formats, and only the JSON one (which carries the metadata)
/// is read.
fn dir_files(p: &Path) -> (Vec<DirFile>, Vec<(PathBuf, PathBuf)>) {
    let shown = p.display().to_string();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(p).sort_by_file_name().follow_links(true) {
        match entry {
            Err(e) => {
                let path = e
                    .path()
                    .map(|x| x.display().to_string())
                    .unwrap_or_else(|| shown.clone());
                files.push(Err(IngestError::new(path, format!("cannot read: {e}"))));
            }
            Ok(e) if e.file_type().is_file() => {
                if let Some(f) = Format::from_path(e.path()) {
                    files.push(Ok((e.into_path(), f)));
                }
            }
            Ok(_) => {}
        }
    }
    let json: std::collections::HashSet<PathBuf> = files
        .iter()
        .filter_map(|f| match f {
            Ok((path, Format::Json)) => Some(path.with_extension("")),
            _ => None,
        })
        .collect();
    let mut twins = Vec::new();
    files.retain(|f| match f {
        Ok((path, Format::Text)) if json.contains(&path.with_extension("")) => {
            twins.push((path.clone(), path.with_extension("json")));
            false
        }
        _ => true,
    });
    (files, twins)
}

/// The `.txt` files of the input directories that are not read because a `.json` of the
/// same name is beside them, each with that `.json`: (left out, read).
pub fn twins(inputs: &[Input]) -> Vec<(PathBuf, PathBuf)> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) if p.is_dir() => Some(dir_files(p).1),
            _ => None,
        })
        .flatten()
        .collect()
}

fn expand(p: &Path, out: &mut VecDeque<Result<(Input, Option<Format>), IngestError>>) {
    let shown = p.display().to_string();
    match std::fs::metadata(p) {
        Err(e) => out.push_back(Err(IngestError::new(shown, format!("cannot read: {e}")))),
        Ok(m) if m.is_dir() => {
            let (files, _) = dir_files(p);
            if files.is_empty() {
                out.push_back(Err(IngestError::new(
                    shown,
                    "no article files in this directory (.txt, .json, .jsonl, .jsonl.gz, .html, .rss, .atom, .xml)",
                )));
            }
            for f in files {
                out.push_back(f.map(|(path, format)| (Input::Path(path), Some(format))));
            }
        }
        Ok(_) => out.push_back(Ok((Input::Path(p.to_path_buf()), Format::from_path(p)))),
    }
}

fn once(r: Result<Article, IngestError>) -> ArticleIter {
    Box::new(std::iter::once(r))
}

fn open(input: Input, format: Option<Format>, opts: &ReadOptions) -> ArticleIter {
    let opts = opts.clone();
    match input {
        Input::Stdin => open_stdin(opts),
        Input::Path(p) => {
            let name = p.display().to_string();
            let file = match File::open(&p) {
                Ok(f) => f,
                Err(e) => return once(Err(IngestError::new(name, format!("cannot open: {e}")))),
            };
            let stem = file_stem(&p);
            let format = match format {
                Some(f) => f,
                None => match sniff(&p) {
                    Ok(f) => f,
                    Err(e) => return once(Err(IngestError::new(name, format!("cannot read: {e}")))),
                },
            };
            match format {
                Format::Text | Format::Json => {
                    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                    if len > opts.max_bytes as u64 {
                        return once(Err(too_big(&name, len, opts.max_bytes)));
                    }
                    let mut bytes = Vec::with_capacity(len as usize);
                    if let Err(e) = file.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes) {
                        return once(Err(IngestError::new(name, format!("cannot read: {e}"))));
                    }
                    if bytes.len() > opts.max_bytes {
                        return once(Err(too_big(&name, bytes.len() as u64, opts.max_bytes)));
                    }
                    once(whole_file(&bytes, format, &name, &stem, &opts))
                }
                Format::JsonLines => Box::new(JsonLines::new(Box::new(BufReader::new(file)), name, stem, opts)),
                Format::Html | Format::Feed => {
                    let mut bytes = Vec::new();
                    if let Err(e) = file.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes) {
                        return once(Err(IngestError::new(name, format!("cannot read: {e}"))));
                    }
                    Box::new(markup(&bytes, format, &name, &stem, &opts).into_iter())
                }
                Format::JsonLinesGz => {
                    let gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
                    Box::new(JsonLines::new(
                        Box::new(BufReader::with_capacity(1 << 16, gz)),
                        name,
                        stem,
                        opts,
                    ))
                }
            }
        }
    }
}

fn file_stem(p: &Path) -> String {
    let name = p
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for ext in [
        ".jsonl.gz",
        ".ndjson.gz",
        ".json.gz",
        ".jsonl",
        ".ndjson",
        ".json",
        ".txt",
        ".html",
        ".htm",
        ".xhtml",
        ".rss",
        ".atom",
        ".xml",
    ] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or(name)
}

/// Decides the format of a file with an unknown extension from its first bytes.
fn sniff(p: &Path) -> io::Result<Format> {
    let mut head = [0u8; 4096];
    let n = File::open(p)?.read(&mut head)?;
    let head = &head[..n];
    if head.starts_with(&[0x1f, 0x8b]) {
        return Ok(Format::JsonLinesGz);
    }
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'<') {
        return Ok(markup_format(head));
    }
    if first == Some(&b'{') {
        // One object per line if the first line closes an object by itself.
        let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
        let line = &head[..line_end];
        if serde_json::from_slice::<serde_json::Value>(line).is_ok() {
            return Ok(Format::JsonLines);
        }
        return Ok(Format::Json);
    }
    Ok(Format::Text)
}

/// A document that begins with `<`: a feed if its first element says so, else a page.
fn markup_format(head: &[u8]) -> Format {
    if crate::looks_like_feed(head) {
        Format::Feed
    } else {
        Format::Html
    }
}

/// What is wrong with JSON that does not parse, in words: a line cut short says so, where
/// serde_json would speak of what it met at the cut (often "control character found while
/// parsing a string" when the cut falls inside a string).
fn broken_json(e: &serde_json::Error) -> String {
    if e.is_eof() {
        format!("the JSON ends before the article is complete (a truncated line or file?): {e}")
    } else {
        format!("broken JSON: {e}")
    }
}

fn too_big(name: &str, len: u64, max: usize) -> IngestError {
    IngestError::new(
        name,
        format!(
            "{:.1} MB is over the {:.1} MB limit for one article (raise it with --max-bytes, or split the input into JSON lines)",
            len as f64 / 1e6,
            max as f64 / 1e6
        ),
    )
}

/// Checks that bytes are text: UTF-8 without NUL bytes. Errors carry the byte offset and line.
fn as_text<'a>(bytes: &'a [u8], name: &str, base_byte: u64, line: Option<u64>) -> Result<&'a str, IngestError> {
    let line_of = |at: usize| line.unwrap_or_else(|| 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64);
    if let Some(at) = memchr0(bytes) {
        return Err(IngestError::new(name, "binary data (a NUL byte), not text")
            .at_line(line_of(at))
            .at_byte(base_byte + at as u64));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.valid_up_to();
            Err(IngestError::new(name, "invalid UTF-8")
                .at_line(line_of(at))
                .at_byte(base_byte + at as u64))
        }
    }
}

fn memchr0(b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == 0)
}

fn finish(mut a: Article, stem: &str, opts: &ReadOptions) -> Article {
    if a.published.is_none() {
        if let Some(d) = opts.default_date {
            a.published = Some(d);
            a.published_from = Some("option");
        } else if opts.date_from_file_name {
            if let Some(d) = date_from_file_name(stem) {
                a.published = Some(d);
                a.published_from = Some("filename");
            }
        }
    }
    a
}

fn whole_file(
    bytes: &[u8],
    format: Format,
    name: &str,
    stem: &str,
    opts: &ReadOptions,
) -> Result<Article, IngestError> {
    let text = as_text(bytes, name, 0, None)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(IngestError::new(name, "empty file: no article in it"));
    }
    let article = match format {
        Format::Json => {
            let v: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| IngestError::new(name, broken_json(&e)).at_line(e.line() as u64))?;
            article_from_json(v, stem, name).map_err(|m| IngestError::new(name, m))?
        }
        _ => article_from_text(text, stem, name),
    };
    Ok(finish(article, stem, opts))
}

/// Title = first non-empty line; body = the rest, without leading blank lines.
pub fn article_from_text(text: &str, id: &str, origin: &str) -> Article {
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace());
    let (title, body) = match trimmed.find('\n') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => (trimmed, ""),
    };
    let body = body
        .trim_start_matches(|c: char| c == '\n' || c.is_whitespace())
        .trim_end();
    Article {
        id: id.to_string(),
        title: title.trim().to_string(),
        body: body.to_string(),
        origin: origin.to_string(),
        ..Article::default()
    }
}

fn open_stdin(opts: ReadOptions) -> ArticleIter {
    let mut r = BufReader::with_capacity(1 << 16, io::stdin());
    let head = match r.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return once(Err(IngestError::new("-", format!("cannot read standard input: {e}")))),
    };
    let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let line_end = head.iter().position(|&b| b == b'\n');
    let first_line_is_object = line_end
        .map(|e| serde_json::from_slice::<serde_json::Value>(&head[..e]).is_ok())
        .unwrap_or(false);
    if first == Some(b'{') && first_line_is_object {
        return Box::new(JsonLines::new(Box::new(r), "-".into(), "stdin".into(), opts));
    }
    let mut bytes = Vec::new();
    if let Err(e) = r.take(opts.max_bytes as u64 + 1).read_to_end(&mut bytes) {
        return once(Err(IngestError::new("-", format!("cannot read standard input: {e}"))));
    }
    if bytes.len() > opts.max_bytes {
        return once(Err(too_big("-", bytes.len() as u64, opts.max_bytes)));
    }
    match first {
        Some(b'{') => once(whole_file(&bytes, Format::Json, "-", "stdin", &opts)),
        Some(b'<') => Box::new(markup(&bytes, markup_format(&head), "-", "stdin", &opts).into_iter()),
        _ => once(whole_file(&bytes, Format::Text, "-", "stdin", &opts)),
    }
}

/// JSON lines: one article per non-blank line; a bad line is an error for that line only.
struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    name: String,
    stem: String,
    opts: ReadOptions,
    line: u64,
    byte: u64,
    buf: Vec<u8>,
    done: bool,
    articles: u64,
    errors: u64,
}

impl JsonLines {
    fn new(reader: Box<dyn BufRead + Send>, name: String, stem: String, opts: ReadOptions) -> JsonLines {
        JsonLines {
            reader,
            name,
            stem,
            opts,
            line: 0,
            byte: 0,
            buf: Vec::new(),
            done: false,
            articles: 0,
            errors: 0,
        }
    }

    /// Reads one line into `buf`, keeping at most `max` bytes; returns (bytes consumed,
    /// whether the line was longer than `max`), or None at the end.
    fn read_line(&mut self) -> io::Result<Option<(u64, bool)>> {
        self.buf.clear();
        let max = self.opts.max_bytes;
        let mut consumed = 0u64;
        let mut overflow = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(if consumed == 0 {
                    None
                } else {
                    Some((consumed, overflow))
                });
            }
            let (take, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if !overflow {
                let room = max.saturating_sub(self.buf.len());
                if take > room + 1 {
                    overflow = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(&chunk[..take]);
                }
            }
            self.reader.consume(take);
            consumed += take as u64;
            if found {
                return Ok(Some((consumed, overflow)));
            }
        }
    }
}

impl Iterator for JsonLines {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let start = self.byte;
            let (consumed, overflow) = match self.read_line() {
                Ok(Some(x)) => x,
                Ok(None) => {
                    self.done = true;
                    if self.articles == 0 && self.line == 0 {
                        return Some(Err(IngestError::new(&self.name, "empty file: no article in it")));
                    }
                    if self.articles == 0 && self.errors == 0 {
                        return Some(Err(IngestError::new(
                            &self.name,
                            format!("no article in it: its {} lines are all blank", self.line),
                        )));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::new(&self.name, format!("cannot read: {e}"))
                        .at_line(self.line + 1)
                        .at_byte(start)));
                }
            };
            self.line += 1;
            self.byte += consumed;
            if overflow {
                return Some(Err(too_big(&self.name, consumed, self.opts.max_bytes)
                    .at_line(self.line)
                    .at_byte(start)));
            }
            let text = match as_text(&self.buf, &self.name, start, Some(self.line)) {
                Ok(t) => t,
                Err(e) => return Some(Err(e)),
            };
            let text = if self.line == 1 {
                text.strip_prefix('\u{FEFF}').unwrap_or(text)
            } else {
                text
            };
            if text.trim().is_empty() {
                continue;
            }
            // Without its line ending, a line cut inside a string ends the JSON early (an
            // end-of-input error) instead of showing serde_json a raw newline.
            let text = text.trim_end_matches(['\n', '\r']);
            let origin = format!("{}:{}", self.name, self.line);
            let fallback_id = format!("{}-{}", self.stem, self.line);
            let parsed = serde_json::from_str::<serde_json::Value>(text)
                .map_err(|e| broken_json(&e))
                .and_then(|v| article_from_json(v, &fallback_id, &origin));
            return Some(match parsed {
                Ok(a) => {
                    self.articles += 1;
                    Ok(finish(a, &self.stem, &self.opts))
                }
                Err(m) => {
                    self.errors += 1;
                    Err(IngestError::new(&self.name, m).at_line(self.line).at_byte(start))
                }
            });
        }
        None
    }
}

/// About how many documents `inputs` hold, for a progress bar with an ETA: one per text or
/// JSON file, one per non-empty line of JSON lines (gzipped ones are decompressed to count).
/// `None` when standard input is among them. Unreadable files count as one (the reader
/// reports them); this is an estimate, never an error.
pub fn estimate_count(inputs: &[Input]) -> Option<u64> {
    fn lines(r: impl std::io::Read) -> u64 {
        let mut r = BufReader::with_capacity(1 << 16, r);
        let mut n = 0u64;
        let mut last_empty = true;
        loop {
            let buf = match std::io::BufRead::fill_buf(&mut r) {
                Ok([]) | Err(_) => break,
                Ok(b) => b,
            };
            for &c in buf {
                if c == b'\n' {
                    if !last_empty {
                        n += 1;
                    }
                    last_empty = true;
                } else if !c.is_ascii_whitespace() {
                    last_empty = false;
                }
            }
            let len = buf.len();
            std::io::BufRead::consume(&mut r, len);
        }
        n + u64::from(!last_empty)
    }
    fn file(p: &Path) -> u64 {
        match Format::from_path(p) {
            Some(Format::JsonLines) => File::open(p).map(lines).unwrap_or(1),
            Some(Format::JsonLinesGz) => File::open(p)
                .map(|f| lines(flate2::read::MultiGzDecoder::new(f)))
                .unwrap_or(1),
            _ => 1,
        }
    }
    let mut n = 0;
    for i in inputs {
        match i {
            Input::Stdin => return None,
            Input::Path(p) if p.is_dir() => {
                for (path, _) in dir_files(p).0.into_iter().filter_map(Result::ok) {
                    n += file(&path);
                }
            }
            Input::Path(p) => n += file(p),
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file in a fresh temporary directory, removed when the value drops.
    struct Tmp {
        _dir: tempfile::TempDir,
        path: PathBuf,
    }

    fn tmp(name: &str, bytes: &[u8]) -> Tmp {
        let dir = tempfile::Builder::new().prefix("rasid-ingest-").tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        Tmp { _dir: dir, path }
    }

    impl AsRef<Path> for Tmp {
        fn as_ref(&self) -> &Path {
            &self.path
        }
    }

    fn read(p: impl AsRef<Path>) -> Vec<Result<Article, IngestError>> {
        read_inputs(vec![Input::Path(p.as_ref().to_path_buf())], ReadOptions::default()).collect()
    }

    #[test]
    fn text_file_title_and_body() {
        let r = read(tmp(
            "a-20180622.txt",
            "\n\nعنوان الخبر\n\nالفقرة الأولى.\nالثانية.\n".as_bytes(),
        ));
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.title, "عنوان الخبر");
        assert_eq!(a.body, "الفقرة الأولى.\nالثانية.");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2018, 6, 22));
        assert_eq!(a.published_from, Some("filename"));
        assert_eq!(a.id, "a-20180622");
    }

    #[test]
    fn jsonl_bad_lines_are_located_and_others_kept() {
        let body = "{\"id\":\"1\",\"title\":\"أ\",\"text\":\"ب\"}\n{broken\n\n{\"id\":\"3\",\"title\":\"ج\",\"published\":\"2015-07-21\"}\n"
            .as_bytes()
            .to_vec();
        let r = read(tmp("x.jsonl", &body));
        assert_eq!(r.len(), 3);
        assert!(r[0].is_ok());
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("x.jsonl:2"), "{e}");
        assert_eq!(r[2].as_ref().unwrap().published, NaiveDate::from_ymd_opt(2015, 7, 21));
    }

    #[test]
    fn invalid_utf8_binary_and_empty_are_errors() {
        let e = read(tmp("bad.txt", b"title\nabc\xff\xfe"));
        let e = e[0].as_ref().unwrap_err();
        assert_eq!(e.byte, Some(9));
        assert_eq!(e.line, Some(2));
        let e = read(tmp("bin.txt", b"\x7fELF\x00\x01"));
        assert!(e[0].as_ref().unwrap_err().message.contains("binary"));
        let e = read(tmp("empty.txt", b""));
        assert!(e[0].as_ref().unwrap_err().message.contains("empty"));
        let e = read(tmp("empty.jsonl", b""));
        assert!(e[0].as_ref().unwrap_err().message.contains("empty"));
    }

    #[test]
    fn too_big_is_an_error_not_an_allocation() {
        let t = tmp(
            "big.jsonl",
            &[
                b"{\"title\":\"".as_slice(),
                &vec![b'a'; 5000],
                b"\"}\n{\"title\":\"x\"}\n",
            ]
            .concat(),
        );
        let opts = ReadOptions {
            max_bytes: 1000,
            ..ReadOptions::default()
        };
        let r: Vec<_> = read_inputs(vec![Input::Path(t.path.clone())], opts).collect();
        assert!(r[0].as_ref().unwrap_err().message.contains("limit"));
        assert_eq!(r[1].as_ref().unwrap().title, "x");
    }

    #[test]
    fn json_with_wrong_field_type_is_an_error() {
        let r = read(tmp("w.json", b"{\"title\": [1,2]}"));
        assert!(r[0].as_ref().unwrap_err().message.contains("title"));
        let r = read(tmp(
            "u.json",
            "{\"title\": \"ت\", \"extra\": {\"a\": 1}, \"id\": 7}".as_bytes(),
        ));
        assert_eq!(r[0].as_ref().unwrap().id, "7");
    }

    #[test]
    fn gzipped_json_lines() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("{\"title\":\"أ\"}\n{\"title\":\"ب\"}\n".as_bytes())
            .unwrap();
        let r = read(tmp("g.jsonl.gz", &gz.finish().unwrap()));
        assert_eq!(r.len(), 2);
        assert!(r.iter().all(|x| x.is_ok()));
        let r = read(tmp("corrupt.jsonl.gz", &[0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]));
        assert!(r[0].is_err());
    }

    #[test]
    fn directories_are_walked_and_missing_paths_reported() {
        let a = tmp("d/one.txt", "عنوان\nنص".as_bytes());
        let dir = a.path.parent().unwrap().to_path_buf();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/two.json"), "{\"title\":\"ب\"}").unwrap();
        std::fs::write(dir.join("sub/ignored.csv"), "x").unwrap();
        let r = read(dir);
        assert_eq!(r.len(), 2);
        let r = read(PathBuf::from("/nonexistent/rasid/file.txt"));
        assert!(r[0].as_ref().unwrap_err().message.contains("cannot read"));
    }

    #[test]
    fn estimate_counts_lines_files_and_not_stdin() {
        let t = tmp("count/a.jsonl", b"{\"title\": \"x\"}\n\n  \n{\"title\": \"y\"}");
        let p = t.path.clone();
        let dir = p.parent().unwrap();
        std::fs::write(dir.join("b.txt"), "عنوان".as_bytes()).unwrap();
        std::fs::write(dir.join("ignored.bin"), b"\x00").unwrap();
        assert_eq!(estimate_count(&[Input::Path(p.clone())]), Some(2));
        assert_eq!(
            estimate_count(&[Input::Path(p.parent().unwrap().to_path_buf())]),
            Some(3)
        );
        assert_eq!(estimate_count(&[Input::Path(p), Input::Stdin]), None);
    }
    #[test]
    fn pages_and_feeds_are_read_by_extension_and_by_sniffing() {
        let page = "<html><head><title>عنوان الصفحة</title></head><body><article><p>هذه فقرة من نص الخبر، وهي طويلة بما يكفي لتحسب.</p></article></body></html>";
        let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>خلاصة</title><item><title>أول</title><link>http://x.test/1</link><description>نص أول</description></item><item><title>ثان</title><link>http://x.test/2</link></item></channel></rss>";
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.html"), page).unwrap();
        std::fs::write(d.path().join("f.rss"), feed).unwrap();
        std::fs::write(d.path().join("noext"), page).unwrap();
        let all: Vec<_> = read_inputs(vec![Input::Path(d.path().to_path_buf())], ReadOptions::default()).collect();
        let ok: Vec<_> = all.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), 3, "{all:?}");
        assert_eq!(ok[0].title, "عنوان الصفحة");
        assert_eq!(ok[1].url.as_deref(), Some("http://x.test/1"));
        assert_eq!(ok[1].source.as_deref(), Some("خلاصة"));
        let sniffed = read(d.path().join("noext"));
        assert_eq!(sniffed[0].as_ref().unwrap().title, "عنوان الصفحة");
        // A broken feed is one error naming the file; a page without text says so.
        std::fs::write(d.path().join("bad.xml"), "<rss><channel><item>").unwrap();
        let bad = read(d.path().join("bad.xml"));
        assert!(bad[0].as_ref().unwrap_err().file.ends_with("bad.xml"));
        std::fs::write(
            d.path().join("empty.html"),
            "<html><body><nav><a href=/>x</a></nav></body></html>",
        )
        .unwrap();
        let e = read(d.path().join("empty.html"));
        assert!(e[0].as_ref().unwrap_err().message.contains("no article"), "{e:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_as_page_or_feed_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let _ = read_bytes(&bytes, Format::Html, "p.html", &ReadOptions::default());
            let _ = read_bytes(&bytes, Format::Feed, "f.xml", &ReadOptions::default());
        }
    }
}
