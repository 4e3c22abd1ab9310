//! Pages and feeds from the network: any bytes, read as a saved page, a feed, and through
//! the charset decoder, must give an article or an error, never a panic; a decoded text
//! must be valid and the error's byte offset inside the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let header = if data.first().is_some_and(|b| b & 1 == 1) { Some("windows-1256") } else { None };
    match rasid_ingest::decode(data, header) {
        Ok(d) => assert!(!d.encoding.is_empty()),
        Err((_, at)) => assert!(at <= data.len()),
    }
    let _ = rasid_ingest::page_article(data, header, "fuzz", "fuzz.html", None);
    let _ = rasid_ingest::feed_articles(data, "fuzz.xml", "fuzz");
});
