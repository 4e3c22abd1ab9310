//! Bytes of a web page or feed to text: the charset as declared (HTTP header, byte order
//! mark, XML declaration, HTML `<meta>`) or, when the declaration is missing or wrong,
//! as sniffed (chardetng, the detector Firefox uses). Arabic sites still serve
//! windows-1256 and ISO-8859-6, and some declare one charset and send another.

use encoding_rs::{Encoding, UTF_8};

/// Text decoded from bytes, with how its charset was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1256`, `ISO-8859-6`, ...).
    pub encoding: &'static str,
    /// `bom`, `header`, `declared`, `utf-8` (valid UTF-8 whatever the declaration said)
    /// or `sniffed`.
    pub how: &'static str,
}

/// How many bytes are searched for an in-document declaration (the HTML standard's
/// prescan looks at 1024; feeds and pages with long heads put it later).
const PRESCAN: usize = 4096;

/// Decodes `bytes`. `header` is the charset of an HTTP Content-Type, when there was one.
///
/// Valid UTF-8 with non-ASCII bytes is read as UTF-8 whatever was declared: text in a
/// legacy Arabic charset is practically never valid UTF-8, so a page that declares
/// windows-1256 and validates as UTF-8 was converted without its declaration being
/// updated. Otherwise the declaration is trusted, unless it says UTF-8 (which the bytes
/// just disproved), in which case the charset is sniffed. A decoding that still meets bytes
/// its charset has no character for is an error naming the first such byte: nothing is
/// replaced silently.
pub fn decode(bytes: &[u8], header: Option<&str>) -> Result<Decoded, (String, usize)> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom..], enc, "bom", bom);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
            how: if bytes.is_ascii() { "declared" } else { "utf-8" },
        });
    }
    let declared = header
        .and_then(|h| Encoding::for_label(h.trim().as_bytes()).map(|e| (e, "header")))
        .or_else(|| declared_in(bytes).map(|e| (e, "declared")));
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    if let Some((enc, how)) = declared {
        // UTF-8 was just disproved; a UTF-16 declaration in an ASCII-compatible document
        // is a lie by construction (the HTML standard reads it as UTF-8). A Latin
        // declaration (a server's default) over bytes that read as Arabic is overruled
        // too; any other is trusted while it decodes.
        let usable = enc != UTF_8 && enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE;
        let overruled = is_latin(enc) && is_arabic(guess);
        if usable && !overruled {
            if let Ok(d) = finish(bytes, enc, how, 0) {
                return Ok(d);
            }
            if guess == enc {
                return finish(bytes, enc, how, 0);
            }
        }
    }
    finish(bytes, guess, "sniffed", 0)
}

fn is_latin(e: &'static Encoding) -> bool {
    e == encoding_rs::WINDOWS_1252 || e == encoding_rs::ISO_8859_2 || e == encoding_rs::ISO_8859_15
}

fn is_arabic(e: &'static Encoding) -> bool {
    e == encoding_rs::WINDOWS_1256 || e == encoding_rs::ISO_8859_6
}

fn finish(bytes: &[u8], enc: &'static Encoding, how: &'static str, base: usize) -> Result<Decoded, (String, usize)> {
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            how,
        }),
        None => {
            let at = first_malformed(bytes, enc);
            Err((
                format!(
                    "bytes that are not text in {} (the charset was {}); the first is at this byte",
                    enc.name(),
                    match how {
                        "bom" => "given by a byte order mark",
                        "header" => "given by the HTTP header",
                        "declared" => "declared in the document",
                        _ => "guessed from the bytes",
                    }
                ),
                base + at,
            ))
        }
    }
}

/// The offset of the first byte `enc` cannot decode (found by decoding with replacement
/// in growing prefixes would be quadratic; the decoder reports how far it read instead).
fn first_malformed(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut dec = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let mut read = 0;
    loop {
        let (res, n) = dec.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        match res {
            encoding_rs::DecoderResult::Malformed(bad, later) => {
                // `bad` bytes ending `later` bytes before the read position.
                return (read + n).saturating_sub(bad as usize + later as usize);
            }
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(bytes.len());
                read += n;
            }
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
        }
    }
}

/// A charset declared inside the first bytes: `<?xml ... encoding="..."?>`, `<meta
/// charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">`.
/// Read from the raw bytes (every candidate charset is ASCII-compatible here).
pub fn declared_in(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>").unwrap_or(lower.len());
        if let Some(v) = attr_value(&lower[..end], b"encoding") {
            return Encoding::for_label(v);
        }
    }
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i;
        let end = start + find(&lower[start..], b">").unwrap_or(lower.len() - start);
        let tag = &lower[start..end];
        if let Some(v) = attr_value(tag, b"charset") {
            if let Some(e) = Encoding::for_label(v) {
                return Some(e);
            }
        }
        if let Some(content) = attr_value(tag, b"content") {
            if let Some(j) = find(content, b"charset=") {
                let v = &content[j + 8..];
                let v: Vec<u8> = v
                    .iter()
                    .copied()
                    .take_while(|b| !matches!(b, b';' | b'"' | b'\'' | b' '))
                    .collect();
                if let Some(e) = Encoding::for_label(&v) {
                    return Some(e);
                }
            }
        }
        at = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The value of `name=` in a tag's bytes, quoted or not. `charset=` inside a `content`
/// value is not taken for the attribute: the name must follow a space.
fn attr_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(i) = find(&tag[from..], name) {
        let at = from + i;
        from = at + name.len();
        if at == 0 || !tag[at - 1].is_ascii_whitespace() {
            continue;
        }
        let mut rest = &tag[from..];
        while rest.first().is_some_and(|b| b.is_ascii_whitespace()) {
            rest = &rest[1..];
        }
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        return Some(match rest.first() {
            Some(&q) if q == b'"' || q == b'\'' => {
                let body = &rest[1..];
                &body[..body.iter().position(|&b| b == q).unwrap_or(body.len())]
            }
            _ => {
                let n = rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/' || *b == b';')
                    .unwrap_or(rest.len());
                &rest[..n]
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str, e: &'static Encoding) -> Vec<u8> {
        let (b, _, bad) = e.encode(s);
        assert!(!bad);
        b.into_owned()
    }

    const AR: &str = "قال المتحدث باسم الحكومة إن المحادثات ستستأنف الأسبوع المقبل في العاصمة";

    #[test]
    fn declared_legacy_charsets_are_read() {
        for e in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
            let page = format!(
                "<html><head><meta charset=\"{}\"></head><body>{AR}</body></html>",
                e.name()
            );
            let d = decode(&enc(&page, e), None).unwrap();
            assert_eq!(d.encoding, e.name());
            assert_eq!(d.how, "declared");
            assert!(d.text.contains(AR));
        }
        let page = format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"><p>{AR}</p>");
        assert_eq!(
            decode(&enc(&page, encoding_rs::WINDOWS_1256), None).unwrap().encoding,
            "windows-1256"
        );
        let feed = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-6\"?><rss><title>{AR}</title></rss>");
        let d = decode(&enc(&feed, encoding_rs::ISO_8859_6), None).unwrap();
        assert_eq!(d.encoding, "ISO-8859-6");
    }

    #[test]
    fn wrong_declarations_are_overruled() {
        // Declares windows-1256, is UTF-8.
        let page = format!("<meta charset=windows-1256><p>{AR}</p>");
        let d = decode(page.as_bytes(), Some("windows-1256")).unwrap();
        assert_eq!((d.encoding, d.how), ("UTF-8", "utf-8"));
        // Declares UTF-8 (in the header and the page), is windows-1256.
        let page = format!("<meta charset=utf-8><p>{AR} {AR}</p>");
        let d = decode(&enc(&page, encoding_rs::WINDOWS_1256), Some("utf-8")).unwrap();
        assert_eq!((d.encoding, d.how), ("windows-1256", "sniffed"));
        assert!(d.text.contains(AR));
    }

    #[test]
    fn undecodable_bytes_are_located() {
        // 0xA1 has no character in ISO-8859-6.
        let mut b = b"<meta charset=iso-8859-6><p>".to_vec();
        b.extend(enc("نص", encoding_rs::ISO_8859_6));
        let at = b.len();
        b.push(0xA1);
        let (msg, byte) = finish(&b, encoding_rs::ISO_8859_6, "declared", 0).unwrap_err();
        assert_eq!(byte, at, "{msg}");
        // Through `decode`, the declaration that does not fit gives way to the sniffed
        // charset rather than to replacement characters.
        let d = decode(&b, None).unwrap();
        assert_eq!(d.how, "sniffed");
    }

    #[test]
    fn legacy_declarations_that_do_not_fit_are_overruled() {
        // Declares ISO-8859-6, is windows-1256 (غ ف ق ك are bytes ISO-8859-6 leaves
        // unassigned); and a Latin server default over Arabic bytes.
        let text = format!("<p>{AR} {AR} {AR}</p>");
        let b = enc(&format!("<meta charset=iso-8859-6>{text}"), encoding_rs::WINDOWS_1256);
        let d = decode(&b, None).unwrap();
        assert_eq!((d.encoding, d.how), ("windows-1256", "sniffed"));
        let d = decode(&enc(&text, encoding_rs::WINDOWS_1256), Some("iso-8859-1")).unwrap();
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.contains(AR));
    }

    #[test]
    fn the_header_wins_over_the_page() {
        let page = format!("<meta charset=iso-8859-6><p>{AR}</p>");
        let d = decode(&enc(&page, encoding_rs::WINDOWS_1256), Some("windows-1256")).unwrap();
        assert_eq!((d.encoding, d.how), ("windows-1256", "header"));
    }
}
