//! The readable terminal view of an analysis (`--format pretty`).

use std::io::{self, Write};

use rasid::Analysis;
use rasid_core::TokenKind;

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
    for (i, s) in a.sentences.iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "[{}] {}", i + 1, &a.text[s.start..s.end])?;
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
