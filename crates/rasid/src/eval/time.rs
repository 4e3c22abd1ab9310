//! Temporal expressions scored against TimeML files (inline `<TIMEX3 type value>` tags).
//!
//! Detection is scored exact (same span) and by overlap (one-to-one, greedy in text
//! order); values and types are scored on the gold expressions that a prediction overlaps.

use std::path::Path;

use chrono::NaiveDate;
use rasid_core::{Article, Timex};
use serde::Serialize;

/// One gold expression: byte span into the document's plain text, type and value.
#[derive(Debug, Clone)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// A TimeML document as plain text with its gold expressions.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub name: String,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> String {
    let pat = format!("{name}=\"");
    tag.find(&pat)
        .and_then(|i| {
            let rest = &tag[i + pat.len()..];
            rest.find('"').map(|j| rest[..j].to_string())
        })
        .unwrap_or_default()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads one TimeML file's text (between `<TimeML>` tags) and TIMEX3 annotations.
pub fn read_timeml(name: &str, src: &str) -> Result<GoldDoc, String> {
    let body = match (src.find("<TimeML>"), src.rfind("</TimeML>")) {
        (Some(a), Some(b)) if a + 8 <= b => &src[a + 8..b],
        _ => return Err(format!("{name}: no <TimeML> element")),
    };
    let mut text = String::new();
    let mut timexes = Vec::new();
    let mut rest = body;
    let mut open: Option<(usize, String, String)> = None;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..].find('>').ok_or_else(|| format!("{name}: unclosed tag"))? + lt;
        let tag = &rest[lt + 1..gt];
        if tag.starts_with("TIMEX3") {
            open = Some((text.len(), attr(tag, "type"), attr(tag, "value")));
        } else if tag.starts_with("/TIMEX3") {
            let (start, kind, value) = open
                .take()
                .ok_or_else(|| format!("{name}: </TIMEX3> without <TIMEX3>"))?;
            timexes.push(GoldTimex {
                start,
                end: text.len(),
                kind,
                value,
            });
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(&unescape(rest));
    // The BOM some files start with is not text.
    let bom = text.starts_with('\u{FEFF}');
    let text = text.trim_start_matches('\u{FEFF}').to_string();
    if bom {
        for t in &mut timexes {
            t.start = t.start.saturating_sub(3);
            t.end = t.end.saturating_sub(3);
        }
    }
    Ok(GoldDoc {
        name: name.to_string(),
        text,
        timexes,
    })
}

/// Every `.tml` file of a directory, sorted by name.
pub fn read_dir(dir: &Path) -> Result<Vec<GoldDoc>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            read_timeml(&p.display().to_string(), &src)
        })
        .collect()
}

#[derive(Debug, Default, Serialize)]
pub struct TimeReport {
    pub documents: usize,
    pub gold: usize,
    pub predicted: usize,
    pub exact: Prf,
    pub overlap: Prf,
    /// Share of overlapped gold expressions whose value equals the gold value.
    pub value_accuracy: f64,
    /// The same, for gold values that do not depend on the document date (absolute
    /// dates, durations, sets, references).
    pub value_accuracy_absolute: f64,
    pub type_accuracy: f64,
    pub dct: Option<String>,
    pub errors: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(tp: usize, pred: usize, gold: usize) -> Prf {
    let p = if pred == 0 { 0.0 } else { tp as f64 / pred as f64 };
    let r = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    let pct = |x: f64| (x * 10000.0).round() / 100.0;
    Prf {
        precision: pct(p),
        recall: pct(r),
        f1: pct(f),
    }
}

/// Whether a gold value is tied to the document date.
fn relative_value(v: &str) -> bool {
    v.len() >= 7 && v.starts_with("20") && v.as_bytes()[4] == b'-'
}

/// Analyses each document (as an article body with publication date `dct`) and scores.
pub fn evaluate(p: &crate::Pipeline, docs: &[GoldDoc], dct: Option<NaiveDate>, max_errors: usize) -> TimeReport {
    let mut r = TimeReport {
        documents: docs.len(),
        dct: dct.map(|d| d.to_string()),
        ..TimeReport::default()
    };
    let (mut exact, mut overlap, mut val_ok, mut type_ok) = (0, 0, 0, 0);
    let (mut abs_total, mut abs_ok) = (0, 0);
    for d in docs {
        let a = p.analyze(&Article {
            id: d.name.clone(),
            body: d.text.clone(),
            published: dct,
            ..Article::default()
        });
        // The analysed text is "\n\n" + body when the title is empty: shift gold spans.
        let off = a.text.len() - d.text.len();
        let pred: Vec<&Timex> = a.dates.iter().collect();
        r.gold += d.timexes.len();
        r.predicted += pred.len();
        let mut used = vec![false; pred.len()];
        for g in &d.timexes {
            let (gs, ge) = (g.start + off, g.end + off);
            if pred.iter().any(|t| t.start == gs && t.end == ge) {
                exact += 1;
            }
            let hit = pred
                .iter()
                .enumerate()
                .find(|(k, t)| !used[*k] && t.start < ge && gs < t.end)
                .map(|(k, _)| k);
            let absolute = !relative_value(&g.value);
            match hit {
                Some(k) => {
                    used[k] = true;
                    overlap += 1;
                    let t = pred[k];
                    let ok = t.value.eq_ignore_ascii_case(&g.value);
                    val_ok += ok as usize;
                    abs_total += absolute as usize;
                    abs_ok += (ok && absolute) as usize;
                    type_ok += (format!("{:?}", t.kind).eq_ignore_ascii_case(&g.kind)) as usize;
                    if !ok && r.errors.len() < max_errors {
                        r.errors.push(format!(
                            "{}: «{}» gold {} {} / rasid {:?} {}",
                            d.name,
                            &d.text[g.start..g.end],
                            g.kind,
                            g.value,
                            t.kind,
                            t.value
                        ));
                    }
                }
                None => {
                    if r.errors.len() < max_errors {
                        r.errors.push(format!(
                            "{}: missed «{}» {} {}",
                            d.name,
                            &d.text[g.start..g.end],
                            g.kind,
                            g.value
                        ));
                    }
                }
            }
        }
        for (k, t) in pred.iter().enumerate() {
            if !used[k] && r.errors.len() < max_errors {
                r.errors
                    .push(format!("{}: extra «{}» {:?} {}", d.name, t.text, t.kind, t.value));
            }
        }
    }
    r.exact = prf(exact, r.predicted, r.gold);
    r.overlap = prf(overlap, r.predicted, r.gold);
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            (a as f64 / b as f64 * 10000.0).round() / 100.0
        }
    };
    r.value_accuracy = pct(val_ok, overlap);
    r.value_accuracy_absolute = pct(abs_ok, abs_total);
    r.type_accuracy = pct(type_ok, overlap);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inline_timex3() {
        let d = read_timeml(
            "t",
            "<?xml version=\"1.0\"?>\n<TimeML>\u{FEFF}جاء <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2015-12-24\">اليوم</TIMEX3> &amp; ذهب.</TimeML>",
        )
        .unwrap();
        assert_eq!(d.text, "جاء اليوم & ذهب.");
        assert_eq!(d.timexes.len(), 1);
        assert_eq!(&d.text[d.timexes[0].start..d.timexes[0].end], "اليوم");
        assert_eq!(d.timexes[0].value, "2015-12-24");
        assert!(read_timeml("x", "no root").is_err());
    }
}
