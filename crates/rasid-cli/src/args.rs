//! Command-line flags, defined once; `--help` text comes from these doc comments.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rasid_core::EntityType;

pub use crate::output::OutputFormat;

/// rasid (راصد): reads Arabic news and tells you who, what, where and when.
///
/// Start with `rasid analyze ARTICLE.txt --format pretty`. Inputs can be text files (first
/// line is the title), JSON articles, JSON lines (.jsonl, .jsonl.gz), directories of
/// those, or `-` for standard input.
#[derive(Debug, Parser)]
#[command(name = "rasid", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Colour in the pretty views: `auto` when standard output is a terminal and NO_COLOR
    /// is not set.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse articles: tokens, clitics, sentences (and every later layer), as JSON or a readable view.
    Analyze(AnalyzeArgs),
    /// Analyse articles and keep them in a store directory (SQLite + search index), skipping duplicates.
    Ingest(IngestArgs),
    /// Search a store in Arabic: BM25 over titles and bodies, phrases in "…", filters.
    Search(SearchArgs),
    /// The people, places and organisations of a store, by number of articles.
    Entities(EntitiesArgs),
    /// Stories of a store: articles on the same event from several outlets within days.
    Stories(StoriesArgs),
    /// The event table of a store: one row per event (date, source, CAMEO code, target,
    /// Goldstein, QuadClass, place, article), filtered; or counts by day and code.
    Events(EventsArgs),
    /// Near-duplicate articles of a store (MinHash over word 5-shingles), found on ingest.
    Duplicates(DuplicatesArgs),
    /// One stored article with its analysis.
    Show(ShowArgs),
    /// Serve a store read-only: the JSON API under /api/v1 (OpenAPI at
    /// /api/v1/openapi.json) and the Arabic web interface, on 127.0.0.1:8080 by default.
    /// Articles an ingest commits meanwhile appear without a restart.
    Serve(ServeArgs),
    /// Export a store for other tools: articles, entities, quotes or events as CSV (UTF-8
    /// with a byte order mark, for spreadsheets), JSON lines or Parquet; places as GeoJSON;
    /// the network (who met whom, who is named with whom) as GraphML or GEXF for Gephi.
    Export(ExportArgs),
    /// Poll RSS/Atom feeds and store each new article: its page is fetched once (robots.txt
    /// honoured, a per-host rate limit, conditional GET, retries with backoff), its text
    /// extracted and analysed. Safe to stop and restart: nothing is fetched or stored twice.
    Watch(WatchArgs),
    /// PostgreSQL as the shared store of many readers: `rasid db load` loads analyses (the
    /// Spark job's Parquet, or `rasid analyze -f jsonl` output) by idempotent upserts;
    /// `rasid search --db` searches it.
    #[command(subcommand)]
    Db(DbCommand),
    /// Check a store: both parts there and of this format, their counts agreeing, every
    /// index file's checksum, SQLite's integrity check. Exit 0 sound, 1 damaged.
    Check(CheckArgs),
    /// Rebuild what is damaged or missing in a store, each part from the other: the index
    /// from the database, the database from the index (analysing its texts again).
    /// Damaged files are moved into the store's damaged-<time>/ directory, not deleted.
    Repair(CheckArgs),
    /// Score rasid against gold data and print the scores as JSON.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Rebuild a shipped data file from the public data sets (for developers).
    #[command(subcommand)]
    Build(BuildCommand),
    /// Train a model (for developers): `rasid train ner`, `rasid train topic`.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Tag pre-tokenised text: `rasid tag ner` reads CoNLL and writes token<TAB>TAG.
    #[command(subcommand)]
    Tag(TagCommand),
    /// Show how words are segmented and the lexicon evidence behind it (for developers).
    Inspect {
        /// Arabic words.
        words: Vec<String>,
        /// Print the entries of a names list (`rasid build names`) as `KEY<TAB>TYPE<TAB>alone|-<TAB>COUNT`.
        #[arg(long)]
        names: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files or directories to read (.txt, .json, .jsonl, .jsonl.gz); `-` or nothing reads standard input.
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub format: FormatArg,
    /// Publication date (YYYY-MM-DD) for articles whose input has none; relative dates resolve against it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Do not take a publication date from a trailing YYYYMMDD in the file name.
    #[arg(long)]
    pub no_filename_date: bool,
    /// Largest accepted article (one file or one JSON line), in bytes.
    #[arg(long, default_value_t = 32 << 20, value_parser = parse_max_bytes)]
    pub max_bytes: usize,
    /// A list of names learned from news (`rasid build names`) instead of the shipped one.
    #[arg(long)]
    pub names: Option<PathBuf>,
    /// Write the output here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// At least a kilobyte: a smaller limit would refuse every real article.
fn parse_max_bytes(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1024 => Ok(n),
        _ => Err(format!("expected a number of bytes of at least 1024, not '{s}'")),
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Clitic segmentation against a CoNLL-U treebank (e.g. UD Arabic-PUD): word accuracy and split-point P/R/F1.
    Segmentation {
        /// Gold CoNLL-U file.
        #[arg(long)]
        gold: PathBuf,
        /// How many mistakes to list in the report.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Override a segmenter weight, NAME=VALUE (repeatable; for tuning on a development set).
        #[arg(long = "param")]
        params: Vec<String>,
    },
    /// Temporal expressions against TimeML files: detection P/R/F1 (exact and overlap),
    /// value and type accuracy.
    Time(EvalTimeArgs),
    /// Entity tagging against a CoNLL gold file (`token TAG` lines, IOB2): conlleval-style
    /// exact-match micro P/R/F1 and per-type scores.
    Ner {
        /// Gold CoNLL file.
        #[arg(long)]
        gold: PathBuf,
        /// A model file instead of the shipped one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Score this file of predicted tags (CoNLL, tag in the last column, the gold file's
        /// tokens and sentences) instead of tagging: any tagger's output, rasid's scorer.
        #[arg(long, conflicts_with = "model")]
        pred: Option<PathBuf>,
    },
    /// Search quality: known-item retrieval from headlines (MRR, recall@10) with rasid's
    /// analyzer against whitespace, simple and Snowball Arabic analyzers, on the same bodies.
    Retrieval {
        /// News articles, any input `rasid analyze` reads (e.g. ../shared/data/news/ant-v2.1-train.jsonl.gz).
        #[arg(long, required = true)]
        news: Vec<String>,
        #[arg(long, default_value_t = 500)]
        queries: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Index only the first N articles (0: all).
        #[arg(long, default_value_t = 0)]
        max_articles: usize,
        /// Also score the PostgreSQL store on the same bodies and queries (postgres://...;
        /// the bodies go into a schema of their own, `rasid_eval`, made again each run).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// The whole analysis against the article-understanding gold set (docs/gold/GUIDELINES.md):
    /// entities, roles and affiliations, quotes and speakers, dates, events.
    Understanding(EvalUnderstandingArgs),
    /// The event check set (docs/gold/EVENTS-CHECK.md): share of sentences whose main
    /// event rasid codes with the right CAMEO family, and share with another family.
    EventsCheck {
        /// The settled annotations (data/gold/events-check/gold.jsonl).
        #[arg(long, default_value = "data/gold/events-check/gold.jsonl")]
        gold: PathBuf,
        /// Where each sentence is (data/gold/events-check/sentences.tsv).
        #[arg(long, default_value = "data/gold/events-check/sentences.tsv")]
        sentences: PathBuf,
        /// The news the sentences come from (../shared/data/news/ant-v2.1-train.jsonl.gz).
        #[arg(long, required = true)]
        news: Vec<String>,
    },
    /// Topic classification against news JSON lines with a `category`: accuracy, macro-F1, per label.
    Topic {
        /// Labelled news, any input `rasid analyze` reads.
        #[arg(long, required = true)]
        gold: Vec<String>,
        /// `dev`: only the development split (what the shipped model was not trained on);
        /// `all`: every article (for a held-out file).
        #[arg(long, value_enum, default_value_t = TopicSplit::Dev)]
        split: TopicSplit,
        /// A model file instead of the shipped one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TopicSplit {
    Dev,
    All,
}

#[derive(Debug, Args)]
pub struct EvalTimeArgs {
    /// Directory of TimeML files (.tml) with inline TIMEX3 annotations.
    #[arg(long)]
    pub gold: PathBuf,
    /// Document date for resolving relative expressions. The Arabic TimeML corpus gives
    /// none; its annotations resolve اليوم to 2015-12-24 throughout.
    #[arg(long, value_parser = parse_date, default_value = "2015-12-24")]
    pub dct: chrono::NaiveDate,
    /// How many mistakes to list in the report.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
}

#[derive(Debug, Args)]
pub struct EvalUnderstandingArgs {
    /// Gold JSON lines, as `python3 scripts/gold/locate.py DIR --out FILE` writes them.
    #[arg(long)]
    pub gold: PathBuf,
    /// The news the gold articles come from, any input `rasid analyze` reads
    /// (../shared/data/news/ant-v2.1-train.jsonl.gz).
    #[arg(long, required = true)]
    pub news: Vec<String>,
    /// Score only this part of the sample (data/gold/understanding/ids.tsv); without it,
    /// the report has dev, test and all.
    #[arg(long, value_enum)]
    pub part: Option<GoldPart>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GoldPart {
    Dev,
    Test,
    All,
}

#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Read CoNLL (one token per line in the first column, blank line between sentences; other
    /// columns ignored) and write `token<TAB>TAG` lines in IOB2 with the same blank lines.
    Ner {
        /// Input file, or `-` / nothing for standard input.
        input: Option<String>,
        /// A model file instead of the shipped one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the entity tagger (averaged structured perceptron) on CoNLL `token TAG` data.
    Ner(TrainNerArgs),
    /// Train the topic classifier (logistic regression on stems) on news JSON lines with a
    /// `category`, holding out the development split (one body in ten by hash).
    Topic(TrainTopicArgs),
}

#[derive(Debug, Args)]
pub struct TrainTopicArgs {
    /// Labelled news (e.g. ../shared/data/news/ant-v2.1-train.jsonl.gz); any input `rasid analyze` reads.
    #[arg(long, required = true)]
    pub train: Vec<String>,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    /// log2 of the number of hashed feature dimensions.
    #[arg(long, default_value_t = 17)]
    pub dim_bits: u32,
    #[arg(long, default_value_t = 1.0)]
    pub rate: f32,
    #[arg(long, default_value_t = 1e-6)]
    pub l2: f32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Train on the development split too (the model then has no honest score; not for shipping).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Training data (e.g. ../shared/data/ner/anercorp/train.txt).
    #[arg(long)]
    pub train: PathBuf,
    /// More training sentences, never held out as development data (e.g. `rasid build
    /// silver`); repeatable.
    #[arg(long)]
    pub silver: Vec<PathBuf>,
    /// Development data; without it the last --dev-fraction of --train is held out.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Share of --train sentences (from the end) held out as development data when --dev is not given.
    #[arg(long, default_value_t = 0.1)]
    pub dev_fraction: f64,
    /// The gazetteers directory (../shared/data/gazetteers).
    #[arg(long)]
    pub gazetteers: PathBuf,
    /// The UniversalPetrarch directory (../shared/data/events/universalpetrarch), for actors and role words.
    #[arg(long)]
    pub events: PathBuf,
    /// Word clusters file (`rasid build clusters`).
    #[arg(long, default_value = "data/clusters.rcl")]
    pub clusters: PathBuf,
    /// Entity priors file (`rasid build priors`); read only when the priors group is on.
    #[arg(long, default_value = "data/priors.rpr")]
    pub priors: PathBuf,
    /// Document features (two-stage model): sentences before and after a sentence whose
    /// first-stage tags count as its document.
    #[arg(long, default_value_t = 20)]
    pub document_window: usize,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Train this many perceptrons side by side, on different orders of the sentences
    /// (the first with SEED, the others with seeds drawn from it), and ship their mean: an
    /// ensemble at the cost of one model when tagging.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub ensemble: u16,
    /// Leave out of the model file every feature none of whose weights reaches this fraction
    /// of its stage's largest weight (0 keeps every feature whose 16-bit weights are not all
    /// 0). The shipped recipe uses 1/64, which halves the file at no measured cost in F1.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f32,
    /// Drop features seen fewer times than this in the training data.
    #[arg(long, default_value_t = 1)]
    pub min_feature_count: u32,
    /// Leave a feature group out (word, stem, affix, shape, context, gazetteer, clusters,
    /// priors, document, genre, quote); repeatable.
    #[arg(long)]
    pub without: Vec<String>,
    /// Instead of writing a model, train once with all groups and once without each group,
    /// and print the development F1 of each as JSON.
    #[arg(long)]
    pub ablation: bool,
    /// After training with the development data held out (which chooses each stage's
    /// epoch and gives the reported F1), train again on training and development data
    /// together for those epochs, and write that model.
    #[arg(long, conflicts_with = "ablation")]
    pub refit: bool,
}

#[derive(Debug, Subcommand)]
pub enum BuildCommand {
    /// The stem lexicon the clitic segmenter uses (data/stems.rlex), from news corpora and gazetteers.
    Lexicon {
        /// News corpus in JSON lines (repeatable). Ship only what the licence allows (ANT, not SaudiNewsNet).
        #[arg(long, required = true)]
        news: Vec<PathBuf>,
        /// The gazetteers directory (../shared/data/gazetteers): names that must not be cut.
        #[arg(long)]
        gazetteers: Option<PathBuf>,
        /// Keep keys seen at least this often (as a word or behind a proclitic).
        #[arg(long, default_value_t = 3)]
        min_evidence: u32,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// The knowledge file (data/knowledge.json): title words, nationality adjectives, places
    /// with coordinates, CAMEO actors.
    Knowledge {
        /// ../shared/data/gazetteers
        #[arg(long)]
        gazetteers: PathBuf,
        /// ../shared/data/events/universalpetrarch
        #[arg(long)]
        events: PathBuf,
        /// ../shared/data/ner/wojood-sample
        #[arg(long)]
        wojood: PathBuf,
        /// ../shared/data/ner/anercorp/train.txt
        #[arg(long)]
        anercorp: PathBuf,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Word clusters for the entity tagger (data/clusters.rcl): skip-gram embeddings and
    /// k-means over news text.
    Clusters {
        /// News corpus in JSON lines (repeatable).
        #[arg(long, required = true)]
        news: Vec<PathBuf>,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Entity priors for the tagger (data/priors.rpr): how often a context-only tagger takes
    /// each word of a news corpus for a name of each type.
    Priors {
        /// News corpus in JSON lines (repeatable).
        #[arg(long, required = true)]
        news: Vec<PathBuf>,
        /// A context-only tagger model (`rasid train ner --without word --without stem
        /// --without affix --without priors --without genre`).
        #[arg(long)]
        tagger: PathBuf,
        /// Words seen fewer times get no prior.
        #[arg(long, default_value_t = 3)]
        min_count: u32,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// The people a news corpus names behind titles (data/names.rnm; `rasid_ner::names`).
    Names {
        /// News corpus in JSON lines (repeatable).
        #[arg(long, required = true)]
        news: Vec<PathBuf>,
        /// Labelled CoNLL data (repeatable; ANERcorp, NewsFANE): words it has seen often and
        /// hardly ever in a name are never name words.
        #[arg(long)]
        labelled: Vec<PathBuf>,
        /// The gazetteers directory (../shared/data/gazetteers): its given names mark the
        /// first word of a person's hashtag.
        #[arg(long)]
        gazetteers: Option<PathBuf>,
        /// Head words of organisations' and places' names (data/lang/names.toml).
        #[arg(long, default_value = "data/lang/names.toml")]
        heads: PathBuf,
        /// A name must be seen behind titles at least this often.
        #[arg(long, default_value_t = 5)]
        min_count: u32,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Silver training data for the tagger (CoNLL): news sentences with a name on which all
    /// the given taggers agree (co-training).
    Silver {
        /// News corpus in JSON lines (repeatable).
        #[arg(long, required = true)]
        news: Vec<PathBuf>,
        /// Tagger models (repeatable; two trained on different feature groups).
        #[arg(long, required = true)]
        tagger: Vec<PathBuf>,
        /// How many sentences to keep.
        #[arg(long, default_value_t = 3000)]
        sentences: usize,
        /// Seed of the article order.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
#[command(mut_arg("store", |a| a.help("The store directory (created if missing)")))]
pub struct IngestArgs {
    /// Files or directories (.txt, .json, .jsonl, .jsonl.gz); `-` for standard input.
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Articles analysed and committed together.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,
    /// Publication date for articles whose input has none.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Largest accepted article, in bytes.
    #[arg(long, default_value_t = 32 << 20, value_parser = parse_max_bytes)]
    pub max_bytes: usize,
    /// Index for search only: no analysis (no entities, dates, topics ...), much faster.
    /// Duplicates and near-duplicates are still detected.
    #[arg(long)]
    pub index_only: bool,
}

/// The store directory of a corpus command.
const STORE_HELP: &str = "The store directory (made by `rasid ingest`)";

/// `--store`, the store directory of every corpus command.
#[derive(Debug, Args)]
pub struct StoreArg {
    #[arg(id = "store", long = "store", value_name = "STORE", help = STORE_HELP)]
    pub dir: PathBuf,
}

/// `--format`, the output format of every command that prints articles or rows; JSON
/// unless the command says otherwise.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(id = "format", short = 'f', long = "format", value_name = "FORMAT", value_enum, default_value_t = OutputFormat::Json)]
    pub kind: OutputFormat,
}

/// `rasid check` and `rasid repair`: a store, and a report readable by default.
#[derive(Debug, Args)]
#[command(mut_arg("format", |a| a.default_value("pretty")))]
pub struct CheckArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id (as `rasid search` lists it).
    pub id: String,
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub format: FormatArg,
}

/// A limit on the rows a command prints.
fn parse_limit(s: &str) -> Result<usize, String> {
    let n: usize = s.parse().map_err(|_| format!("expected a whole number, not '{s}'"))?;
    if n == 0 || n > rasid_corpus::search::MAX_LIMIT {
        return Err(format!("must be between 1 and {}", rasid_corpus::search::MAX_LIMIT));
    }
    Ok(n)
}

fn parse_offset(s: &str) -> Result<usize, String> {
    let n: usize = s.parse().map_err(|_| format!("expected a whole number, not '{s}'"))?;
    if n > rasid_corpus::search::MAX_LIMIT {
        return Err(format!("must be at most {}", rasid_corpus::search::MAX_LIMIT));
    }
    Ok(n)
}

/// A similarity between 0 and 1 (NaN is not one).
fn parse_unit(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, not '{s}'")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    Articles,
    Entities,
    Quotes,
    Events,
    /// The store's places with gazetteer coordinates (GeoJSON).
    Places,
    /// Meetings and visits (reported CAMEO 04x events) and co-mentions of people.
    Graph,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
    Parquet,
    Geojson,
    Graphml,
    Gexf,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Load analyses into PostgreSQL (tables made when missing): a directory of Parquet
    /// (the Spark job's output), a Parquet file, or JSON lines of analyses. Upserts keyed by
    /// article id, in input order; duplicates by URL or text left out as `rasid ingest`
    /// leaves them out; loading the same analyses again changes nothing. Prints a report.
    Load {
        /// What to load.
        input: PathBuf,
        /// postgres://user@host:port/db
        #[arg(long, value_name = "URL", env = "RASID_DB")]
        db: String,
    },
    /// Row counts of the database's tables, and a checksum of each table's content (to
    /// tell that a load changed nothing), as JSON.
    Counts {
        #[arg(long, value_name = "URL", env = "RASID_DB")]
        db: String,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum)]
    pub what: ExportWhat,
    /// csv, jsonl or parquet for tables; geojson for places; graphml or gexf for the graph.
    /// Default: csv, geojson, graphml.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to this file instead of standard output (Parquet needs one unless the output
    /// is piped).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Graph: only articles published from this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Graph: only articles published up to this day.
    #[arg(long)]
    pub to: Option<String>,
    /// Graph: people considered for co-mentions; of each kind of edge the 2 × N heaviest
    /// are written.
    #[arg(long, default_value_t = 500)]
    pub top: usize,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A file of feed URLs, one per line (`#` comments).
    #[arg(long)]
    pub feeds: PathBuf,
    #[command(flatten)]
    pub store: StoreArg,
    /// Time between polls of the feeds (`90s`, `10m`, `1h`).
    #[arg(long, default_value = "10m", value_parser = parse_duration)]
    pub interval: std::time::Duration,
    /// Poll every feed once and exit (exit 1 if anything failed).
    #[arg(long)]
    pub once: bool,
    /// Least time between two requests to one host (a site's robots.txt Crawl-delay wins
    /// when longer).
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    pub per_host: std::time::Duration,
    /// Longest time one request may take, body included.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,
    /// Retries of a request that failed in a way that may pass (timeout, 5xx, 429).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Wait before the first retry; doubled each time.
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    pub backoff: std::time::Duration,
    /// Largest feed or page read, in bytes.
    #[arg(long, default_value_t = 8 << 20, value_parser = parse_max_bytes)]
    pub max_bytes: usize,
    /// The User-Agent sent; its product token (up to the first `/` or space) is what
    /// robots.txt groups are matched against.
    #[arg(long)]
    pub user_agent: Option<String>,
    /// Fetch links that lead to this machine or a private network (by default only the
    /// feeds' own hosts may).
    #[arg(long)]
    pub allow_private: bool,
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 90s, 10m, 1h)"))
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(id = "store", long = "store", value_name = "STORE", help = STORE_HELP, required_unless_present = "db", conflicts_with = "db")]
    pub store: Option<PathBuf>,
    /// Serve a PostgreSQL database that `rasid db load` filled (postgres://user@host:port/db)
    /// instead of a store: the same pages and API, computed by the same code from its rows.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Address to listen on. Any address but loopback needs --token or --no-auth.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Every API request must send `Authorization: Bearer TOKEN` (the page asks for it once).
    #[arg(long, env = "RASID_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Serve an address other than loopback without a token, on purpose.
    #[arg(long, conflicts_with = "token")]
    pub no_auth: bool,
    /// Let pages of this origin call the API (CORS), e.g. https://example.org; repeatable.
    #[arg(long = "cors", value_name = "ORIGIN")]
    pub cors: Vec<String>,
    /// Store readers kept open: requests to the store served at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub readers: u16,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Largest request body (POST /api/v1/analyze), in bytes.
    #[arg(long, default_value_t = 2 << 20, value_parser = parse_max_bytes)]
    pub max_body: usize,
    /// Open the interface in the desktop's browser (xdg-open) once the server listens.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Queries: words match with any clitics and spelling variants (الخرطوم finds \
بالخرطوم); \"a phrase\"; +word must match; -word must not; a AND b, a OR b, NOT a. Anything \
else (colons, brackets, URLs) is read as words, never as an error. A query may start with - \
(rasid search '-ترامب قمة' --store S: قمة without ترامب). An empty query '' with filters lists \
the articles that pass them."
)]
pub struct SearchArgs {
    /// The query (see below).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    #[arg(id = "store", long = "store", value_name = "STORE", help = STORE_HELP, required_unless_present = "db", conflicts_with = "db")]
    pub store: Option<PathBuf>,
    /// Search a PostgreSQL database that `rasid db load` filled (postgres://user@host:port/db)
    /// instead of a store: the same query language, filters, ranking and facets.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Hits to show (1–10000).
    #[arg(long, default_value_t = 10, value_parser = parse_limit)]
    pub limit: usize,
    /// Hits to skip first, for the next page (0–10000).
    #[arg(long, default_value_t = 0, value_parser = parse_offset)]
    pub offset: usize,
    /// Also count sources, topics, people, places, organisations and days over every hit
    /// (JSON output: `facets`).
    #[arg(long)]
    pub facets: bool,
    #[command(flatten)]
    pub format: FormatArg,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<chrono::NaiveDate>,
    /// Published on or before (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<chrono::NaiveDate>,
    /// Source, in any case (alarabia, bbc, BBC ...); a source the store lacks is reported
    /// with the list of those it has.
    #[arg(long)]
    pub source: Option<String>,
    /// Topic: the article's category as its input gives it, else the predicted topic, one of
    /// culture, economy, internationalNews, middleEast, sport, technology (any case).
    #[arg(long)]
    pub topic: Option<String>,
    /// Articles that mention this person: the name, a longer name ending with it, or its
    /// surname alone (دونالد ترامب finds ترامب), long-vowel spellings (ترمب) included; an
    /// article written in the name must be there (البشير does not find بشير).
    #[arg(long)]
    pub person: Option<String>,
    /// Articles that mention this place (matched as --person is).
    #[arg(long)]
    pub place: Option<String>,
    /// Articles that mention this organisation (matched as --person is).
    #[arg(long)]
    pub org: Option<String>,
}

/// An entity type, in upper or lower case; clap lists the accepted spellings.
fn entity_type() -> impl TypedValueParser<Value = EntityType> {
    PossibleValuesParser::new(["PER", "LOC", "ORG", "MISC", "per", "loc", "org", "misc"])
        .map(|s| EntityType::from_tag_type(&s.to_uppercase()).expect("a possible value is a type"))
}

/// The formats of `rasid events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// One compact JSON object per line.
    Jsonl,
    /// Comma-separated, with a header line (UTF-8 with a byte-order mark, so spreadsheets
    /// show Arabic).
    Csv,
    /// A readable table.
    Pretty,
}

/// An event status, or every status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Reported,
    Planned,
    Negated,
    Claimed,
    All,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// From this date (YYYY-MM-DD), included.
    #[arg(long, value_parser = parse_day)]
    pub from: Option<String>,
    /// To this date (YYYY-MM-DD), included.
    #[arg(long, value_parser = parse_day)]
    pub to: Option<String>,
    /// A source or target: a part of its name, or an actor code prefix (IRQGOV, USA).
    #[arg(long)]
    pub actor: Option<String>,
    /// A CAMEO code prefix: 14 for every protest, 173 for arrests.
    #[arg(long, value_parser = parse_code)]
    pub code: Option<String>,
    /// A country (ISO alpha-2 or alpha-3: IQ, IRQ) that a source or target belongs to.
    #[arg(long)]
    pub country: Option<String>,
    /// Events of this status. Reported by default: only they happened.
    #[arg(long, value_enum, default_value_t = StatusArg::Reported)]
    pub status: StatusArg,
    /// Counts instead of rows: `day,code` (events per day and CAMEO root).
    #[arg(long, value_parser = ["day,code"])]
    pub by: Option<String>,
    /// Output format.
    #[arg(short = 'f', long = "format", value_enum, default_value_t = TableFormat::Pretty)]
    pub format: TableFormat,
}

fn parse_day(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.to_string())
        .map_err(|_| format!("`{s}` is not a date YYYY-MM-DD"))
}

fn parse_code(s: &str) -> Result<String, String> {
    let ok = (2..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()) && ("01".."21").contains(&&s[..2]);
    ok.then(|| s.to_string())
        .ok_or_else(|| format!("`{s}` is not a CAMEO code prefix (2 to 4 digits, root 01 to 20)"))
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only this type.
    #[arg(long = "type", value_parser = entity_type())]
    pub kind: Option<EntityType>,
    /// Rows to show (1–10000).
    #[arg(long, default_value_t = 50, value_parser = parse_limit)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only articles published on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<chrono::NaiveDate>,
    /// Only articles published on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<chrono::NaiveDate>,
    /// Days a story stays open after its first article (0–365).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(i64).range(0..=365))]
    pub window_days: i64,
    /// Cosine similarity to a story's centroid needed to join it (0–1).
    #[arg(long, default_value_t = 0.35, value_parser = parse_unit)]
    pub threshold: f32,
    /// List only stories covered by at least this many outlets (1 or more).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_sources: u32,
    /// Stories to show (1–10000).
    #[arg(long, default_value_t = 20, value_parser = parse_limit)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only the near-duplicates of this article id.
    #[arg(long)]
    pub id: Option<String>,
    /// Pairs to show (1–10000).
    #[arg(long, default_value_t = 100, value_parser = parse_limit)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArg,
}
