//! The readable terminal view of an analysis (`--format pretty`).

use std::io::{self, IsTerminal, Write};

use crate::args::ColorChoice;

use rasid::Analysis;
use rasid_core::{Entity, EntityType, Link, TokenKind};

struct Style {
    on: bool,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.on {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn entity(&self, kind: EntityType, s: &str) -> String {
        if self.on {
            let c = match kind {
                EntityType::Per => 32,
                EntityType::Loc => 36,
                EntityType::Org => 33,
                EntityType::Misc => 35,
            };
            format!("\x1b[1;{c}m[{s}]\x1b[0m\x1b[{c}m{}\x1b[0m", kind.as_str())
        } else {
            format!("[{s}]{}", kind.as_str())
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.on {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Whether the pretty views colour their output: `--color`, else a terminal on standard
/// output and no NO_COLOR (<https://no-color.org>: set and not empty).
pub fn color_wanted(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// `s` with every control character but newline and tab replaced by spaces of the same
/// length in bytes: an article's `\x1b[2J` must not clear the reader's screen, and the
/// byte offsets of an analysis still point where they did.
pub fn printable_str(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A copy of `v` with every string in it made [`printable_str`], for the terminal views.
pub fn printable<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(v: &T) -> T {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let std::borrow::Cow::Owned(o) = printable_str(s) {
                    *s = o;
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            serde_json::Value::Object(m) => m.values_mut().for_each(walk),
            _ => {}
        }
    }
    let Ok(mut json) = serde_json::to_value(v) else {
        return v.clone();
    };
    walk(&mut json);
    serde_json::from_value(json).unwrap_or_else(|_| v.clone())
}

/// The readable view of an analysis: its header, the article-level layers, the entities
/// by type, quotes, events, dates, then each sentence with its names marked and its words
/// segmented.
pub fn write(a: &Analysis, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let a = &printable(a);
    let st = Style { on: color };
    header(a, &st, out)?;
    article_layers(a, &st, out)?;
    people(a, &st, out)?;
    other_entities(a, &st, out)?;
    quotes(a, &st, out)?;
    events(a, &st, out)?;
    dates(a, &st, out)?;
    for (i, s) in a.sentences.iter().enumerate() {
        sentence(a, i, s, &st, out)?;
    }
    Ok(())
}

/// A section's title, after a blank line.
fn section(st: &Style, title: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", st.bold(title))
}

/// The document's id, date, source and category, its title, URL and size.
fn header(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    let d = &a.document;
    let mut meta = vec![d.id.clone()];
    if let Some(p) = &d.published {
        meta.push(match &d.published_from {
            Some(f) if f != "input" => format!("{p} (from {f})"),
            _ => p.clone(),
        });
    }
    meta.extend(d.source.iter().cloned());
    meta.extend(d.category.iter().cloned());
    writeln!(out, "{}", st.bold(&format!("══ {}", meta.join(" · "))))?;
    writeln!(out, "{}", st.bold(&d.title))?;
    if let Some(u) = &d.url {
        writeln!(out, "{}", st.dim(u))?;
    }
    let words = a.tokens.iter().filter(|t| t.kind.is_wordlike()).count();
    writeln!(
        out,
        "{}",
        st.dim(&format!(
            "{} sentences, {} tokens ({} words)",
            a.sentences.len(),
            a.tokens.len(),
            words
        ))
    )
}

/// Topic, keywords and summary.
fn article_layers(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    if let Some(t) = &a.topic {
        writeln!(out, "topic: {} ({:.0}%)", t.label, t.confidence * 100.0)?;
    }
    if !a.keywords.is_empty() {
        let k: Vec<&str> = a.keywords.iter().map(|k| k.text.as_str()).collect();
        writeln!(out, "keywords: {}", k.join("، "))?;
    }
    if !a.summary.is_empty() {
        section(st, "Summary", out)?;
        for s in &a.summary {
            writeln!(out, "  • {}", s.text)?;
        }
    }
    Ok(())
}

/// ` ×N` when the entity is mentioned more than once.
fn times(st: &Style, e: &Entity) -> String {
    if e.mentions.len() > 1 {
        st.dim(&format!(" ×{}", e.mentions.len()))
    } else {
        String::new()
    }
}

/// People with their role, affiliation and actor code.
fn people(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    let people: Vec<&Entity> = a.entities.iter().filter(|e| e.kind == EntityType::Per).collect();
    if people.is_empty() {
        return Ok(());
    }
    section(st, "People", out)?;
    for e in people {
        let mut line = format!("  {} ({})", e.canonical, e.latin);
        if let Some(r) = &e.role {
            line.push_str(&format!(" — {r}"));
        }
        if let Some(aff) = &e.affiliation {
            line.push_str(&format!(" [{aff}]"));
        }
        if let Some(Link::Actor { code, .. }) = &e.link {
            line.push_str(&format!(" CAMEO {code}"));
        }
        line.push_str(&times(st, e));
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Places (with their gazetteer place), organisations and other names.
fn other_entities(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    for (kind, title) in [
        (EntityType::Loc, "Places"),
        (EntityType::Org, "Organisations"),
        (EntityType::Misc, "Other names"),
    ] {
        let list: Vec<&Entity> = a.entities.iter().filter(|e| e.kind == kind).collect();
        if list.is_empty() {
            continue;
        }
        section(st, title, out)?;
        for e in list {
            let mut line = format!("  {} ({})", e.canonical, e.latin);
            match &e.link {
                Some(Link::Place {
                    name,
                    country,
                    lat,
                    lon,
                    ..
                }) => line.push_str(&format!(" → {name}, {country} ({lat:.2}, {lon:.2})")),
                Some(Link::Actor { code, .. }) => line.push_str(&format!(" CAMEO {code}")),
                None => {}
            }
            line.push_str(&times(st, e));
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The canonical name of the entity with this id.
fn entity_name<'a>(a: &'a Analysis, id: Option<&str>) -> Option<&'a str> {
    id.and_then(|id| a.entities.iter().find(|e| e.id == id))
        .map(|e| e.canonical.as_str())
}

/// Quotations grouped by speaker, in order of first quotation.
fn quotes(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    if a.quotes.is_empty() {
        return Ok(());
    }
    section(st, "Quotes", out)?;
    let speaker_name = |q: &rasid_core::Quote| {
        entity_name(a, q.speaker.as_deref())
            .map(str::to_string)
            .or_else(|| q.speaker_text.clone())
            .unwrap_or_else(|| "(unknown speaker)".into())
    };
    let mut speakers: Vec<String> = Vec::new();
    for q in &a.quotes {
        let name = speaker_name(q);
        if !speakers.contains(&name) {
            speakers.push(name);
        }
    }
    for name in &speakers {
        writeln!(out, "  {}", st.bold(name))?;
        for q in a.quotes.iter().filter(|q| &speaker_name(q) == name) {
            let verb = q.verb_text.as_deref().unwrap_or("");
            let shown = if q.kind == rasid_core::QuoteKind::Direct {
                format!("«{}»", q.text)
            } else {
                q.text.clone()
            };
            writeln!(out, "    {} {shown}", st.dim(&format!("{verb}:")))?;
        }
    }
    Ok(())
}

/// Events: source → verb, CAMEO code and label → target, with place and date.
fn events(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    if a.events.is_empty() {
        return Ok(());
    }
    section(st, "Events", out)?;
    let name = |p: &Option<rasid_core::Participant>| {
        p.as_ref()
            .map(|p| {
                let n = entity_name(a, p.entity.as_deref())
                    .map(str::to_string)
                    .unwrap_or_else(|| p.text.clone());
                match &p.actor_code {
                    Some(c) => format!("{n} [{c}]"),
                    None => n,
                }
            })
            .unwrap_or_else(|| "—".into())
    };
    for e in &a.events {
        let mut at: Vec<String> = e.place.iter().map(|p| p.name.clone()).collect();
        at.extend(e.date.clone());
        if e.status != rasid_core::EventStatus::Reported {
            at.push(e.status.as_str().to_string());
        }
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" ({})", at.join(", "))
        };
        writeln!(
            out,
            "  {} → {} {} ({}) → {}{others}{at}",
            name(&e.source),
            e.verb_text,
            e.cameo,
            e.label,
            name(&e.target),
            others = e
                .others
                .iter()
                .map(|p| format!(", {}", name(&Some(p.clone()))))
                .collect::<String>(),
        )?;
    }
    Ok(())
}

/// Temporal expressions with their resolved values.
fn dates(a: &Analysis, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    if a.dates.is_empty() {
        return Ok(());
    }
    section(st, "Dates", out)?;
    for t in &a.dates {
        let value = if t.value.is_empty() {
            "(no publication date to resolve against)"
        } else {
            &t.value
        };
        let m = t.modifier.as_deref().map(|m| format!(" {m}")).unwrap_or_default();
        writeln!(
            out,
            "  {:<8} {} → {value}{m}",
            format!("{:?}", t.kind).to_uppercase(),
            t.text
        )?;
    }
    Ok(())
}

/// Sentence `i`: its text with the entity mentions marked ([عمر البشير]PER), then its
/// words with their clitics split (و+قال).
fn sentence(a: &Analysis, i: usize, s: &rasid_core::Sentence, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    let mut shown = String::new();
    let mut at = s.start;
    // Mentions can overlap (a hashtag mention and a name inside it): mark the first.
    for m in a.mentions.iter().filter(|m| m.start >= s.start && m.end <= s.end) {
        if m.start < at || !a.text.is_char_boundary(m.start) || !a.text.is_char_boundary(m.end) {
            continue;
        }
        shown.push_str(&a.text[at..m.start]);
        shown.push_str(&st.entity(m.kind, &m.text));
        at = m.end;
    }
    shown.push_str(&a.text[at..s.end]);
    writeln!(out, "[{}] {}", i + 1, shown)?;
    let mut line = String::new();
    for t in &a.tokens[s.first_token..s.end_token] {
        if t.kind == TokenKind::Punct {
            continue;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        if t.segments.len() > 1 {
            let parts: Vec<&str> = t.segments.iter().map(|g| g.text.as_str()).collect();
            line.push_str(&parts.join("+"));
        } else if t.kind == TokenKind::Hashtag {
            line.push_str(&format!("#[{}]", t.norm));
        } else {
            line.push_str(&t.text);
        }
    }
    writeln!(out, "    {}", st.dim(&line))
}
