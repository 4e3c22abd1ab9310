//! The readable terminal view of an analysis (`--format pretty`).

use std::io::{self, Write};

use rasid::Analysis;
use rasid_core::{EntityType, TokenKind};

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

pub fn write(a: &Analysis, color: bool, out: &mut impl Write) -> io::Result<()> {
    let st = Style { on: color };
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
    )?;
    if !a.entities.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", st.bold("Entities"))?;
        for kind in [EntityType::Per, EntityType::Loc, EntityType::Org, EntityType::Misc] {
            // Distinct normalised names of this type, in order of first mention, with counts.
            let mut names: Vec<(&str, &str, usize)> = Vec::new();
            for m in a.entities.iter().filter(|m| m.kind == kind) {
                match names.iter_mut().find(|n| n.0 == m.norm) {
                    Some(n) => n.2 += 1,
                    None => names.push((&m.norm, &m.text, 1)),
                }
            }
            if names.is_empty() {
                continue;
            }
            let list: Vec<String> = names
                .iter()
                .map(|(_, t, c)| if *c > 1 { format!("{t} ×{c}") } else { t.to_string() })
                .collect();
            writeln!(out, "  {:<4} {}", kind.as_str(), list.join("، "))?;
        }
    }
    if !a.dates.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", st.bold("Dates"))?;
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
    }
    for (i, s) in a.sentences.iter().enumerate() {
        writeln!(out)?;
        // The sentence with its entity mentions marked: [عمر البشير]PER.
        let mut shown = String::new();
        let mut at = s.start;
        for m in a.entities.iter().filter(|m| m.start >= s.start && m.end <= s.end) {
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
        writeln!(out, "    {}", st.dim(&line))?;
    }
    Ok(())
}
