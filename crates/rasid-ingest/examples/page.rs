//! Prints what the extractor makes of a saved page: `cargo run -p rasid-ingest --example page -- FILE`.
fn main() {
    let Some(p) = std::env::args().nth(1) else {
        eprintln!("usage: page FILE.html");
        std::process::exit(2);
    };
    let b = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{p}: {e}");
            std::process::exit(2);
        }
    };
    match rasid_ingest::page_article(&b, None, "page", &p, None) {
        Ok(a) => println!(
            "title: {}\npublished: {:?}\nauthor: {:?}\nurl: {:?}\n\n{}",
            a.title, a.published_raw, a.author, a.url, a.body
        ),
        Err(e) => println!("{e}"),
    }
}
