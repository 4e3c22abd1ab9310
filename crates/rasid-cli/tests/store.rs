//! The store as a user meets it: queries people type, arguments that cannot be right,
//! filters, the pretty views, `rasid show`, bad inputs, a damaged store and its repair,
//! and readers while an ingest runs. Each test is one of the faults of issue 14.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};

mod common;
use common::{articles, examples, ingest, rasid, spawn_ingest};

fn run(args: &[&str], store: &Path) -> Output {
    rasid().args(args).arg("--store").arg(store).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// No panic, no abort: an exit code of our own (0, 1 or 2) and no panic message.
fn no_crash(o: &Output, what: &str) {
    let code = o.status.code();
    assert!(matches!(code, Some(0..=2)), "{what}: exit {code:?}\n{}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{what}: {}", stderr(o));
}

/// A store of the four examples.
fn example_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let o = ingest(&examples(), &store);
    assert!(o.status.success(), "{}", stderr(&o));
    store
}

#[test]
fn queries_people_type_are_never_errors() {
    let d = tempfile::tempdir().unwrap();
    let store = example_store(d.path());
    let deep = "(".repeat(10_000) + "ترمب";
    let queries = [
        "ماكرون: ستنشب حرب لو انسحب ترمب من اتفاق إيران",
        "قمة ترمب - كيم؟",
        "ترامب AND",
        "AND OR NOT",
        "\"عمر البشير",
        "(الخرطوم",
        "https://www.alarabiya.net/ar/arab-and-world/2018/05/06/x.html",
        "title:ماكرون",
        "ماكرون^2 [a TO b] ~ *",
        deep.as_str(),
        "",
    ];
    for q in queries {
        let o = run(&["search", q], &store);
        no_crash(&o, q);
        assert!(o.status.success(), "{q}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v["hits"].is_array(), "{q}");
    }
    // A pasted headline finds its article first.
    let o = run(&["search", queries[0]], &store);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["hits"][0]["id"], "AL-internationalNews-1025-20180506");
    // A query that starts with - is a query, not an option: every article but the one
    // that names ماكرون.
    let o = run(&["search", "-ماكرون", "-f", "jsonl"], &store);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids = stdout(&o);
    assert_eq!(ids.lines().count(), 3, "{ids}");
    assert!(!ids.contains("1025"), "{ids}");
    // +, phrases.
    let o = run(&["search", "+الخرطوم +\"عمر البشير\"", "-f", "jsonl"], &store);
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn arguments_that_cannot_be_right_are_refused_with_a_reason() {
    let d = tempfile::tempdir().unwrap();
    let store = example_store(d.path());
    for (args, says) in [
        (vec!["search", "x", "--from", "yesterday"], "expected YYYY-MM-DD"),
        (vec!["search", "x", "--to", ""], "expected YYYY-MM-DD"),
        (vec!["search", "x", "--from", "abc"], "expected YYYY-MM-DD"),
        (vec!["search", "x", "--from", "2018-13-45"], "expected YYYY-MM-DD"),
        (vec!["search", "x", "--from", "2018-02-30"], "expected YYYY-MM-DD"),
        (
            vec!["search", "x", "--from", "2018-07-01", "--to", "2018-06-01"],
            "ends before it begins",
        ),
        (vec!["search", "x", "--limit", "0"], "between 1 and"),
        (vec!["stories", "--threshold", "NaN"], "from 0 to 1"),
        (vec!["stories", "--threshold", "5"], "from 0 to 1"),
        (
            vec!["stories", "--from", "2018-07-01", "--to", "2018-06-01"],
            "after --to",
        ),
        (vec!["entities", "--type", "PERSON"], "invalid value"),
        (vec!["show", "no-such-id"], "holds no article with the id"),
    ] {
        let o = run(&args, &store);
        no_crash(&o, &args.join(" "));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn filters_match_as_people_mean_them_and_say_when_nothing_can_match() {
    let d = tempfile::tempdir().unwrap();
    let store = example_store(d.path());
    let n = |args: &[&str]| {
        let o = run(&[&["search", "", "-f", "jsonl"], args].concat(), &store);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        (stdout(&o).lines().count(), stderr(&o))
    };
    assert_eq!(n(&["--source", "ALARABIA"]).0, 4, "sources match in any case");
    assert_eq!(n(&["--topic", "internationalnews"]).0, 4, "topics match in any case");
    let (count, err) = n(&["--source", "bbc"]);
    assert_eq!(count, 0);
    assert!(
        err.contains("no article in the store has the source 'bbc'") && err.contains("alarabia"),
        "{err}"
    );
    let (_, err) = n(&["--topic", "Sport"]);
    assert!(err.contains("the store's topics: internationalNews"), "{err}");
    // The full name, the surname alone, the name without its article.
    assert_eq!(n(&["--person", "عمر البشير"]).0, 1);
    assert_eq!(n(&["--person", "البشير"]).0, 1);
    assert_eq!(n(&["--person", "بشير"]).0, 1);
    let (count, err) = n(&["--person", "ياسر البشير"]);
    assert_eq!(count, 0);
    assert!(err.contains("mentions a person named 'ياسر البشير'"), "{err}");
    // The topics are listed in --help.
    let help = stdout(&rasid().args(["search", "--help"]).output().unwrap());
    assert!(help.contains("middleEast") && help.contains("may start"), "{help}");
}

#[test]
fn pretty_views_are_plain_when_piped_and_never_pass_control_characters() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("store");
    let input = d.path().join("escape.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"esc\\u001b[2J\", \"title\": \"عنوان \\u001b[2J \\\"مقتبس\\\" <وسم>\", \"text\": \"قال الوزير \\u001b]0;x\\u0007 في الخرطوم \\\"كلاما\\\" <مهما>.\", \"source\": \"x\\u001b[31m\"}\n",
    )
    .unwrap();
    let o = ingest(&input, &store);
    assert!(o.status.success(), "{}", stderr(&o));
    for color in ["never", "always"] {
        let o = run(&["search", "الخرطوم", "-f", "pretty", "--color", color], &store);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.starts_with("1 hit in "), "{out}");
        assert!(
            !out.contains("\x1b[2J") && !out.contains("\x1b]") && !out.contains('\x07'),
            "{out:?}"
        );
        assert!(
            !out.contains("&quot;") && !out.contains("&lt;") && out.contains("\"كلاما\""),
            "{out}"
        );
        assert_eq!(out.contains("\x1b[1m"), color == "always", "{out:?}");
    }
    // Piped, with no --color: no escape sequence at all.
    let o = run(&["search", "الخرطوم", "-f", "pretty"], &store);
    assert!(!stdout(&o).contains('\x1b'), "{:?}", stdout(&o));
    let o = run(&["show", "esc\x1b[2J", "-f", "pretty"], &store);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains('\x1b'), "{:?}", stdout(&o));
    // Zero hits still print a line.
    let o = run(&["search", "كرة", "-f", "pretty"], &store);
    assert!(stdout(&o).starts_with("0 hits in "), "{}", stdout(&o));
}

#[test]
fn the_same_id_or_url_twice_in_one_batch_is_a_duplicate_not_a_failed_batch() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("twice.jsonl");
    std::fs::write(
        &input,
        concat!(
            "{\"id\": \"x\", \"title\": \"خبر أول\", \"text\": \"نص أول عن الخرطوم\"}\n",
            "{\"id\": \"x\", \"title\": \"خبر ثان\", \"text\": \"نص آخر عن بغداد\"}\n",
            "{\"id\": \"y\", \"url\": \"https://example.invalid/u\", \"title\": \"ثالث\", \"text\": \"نص ثالث\"}\n",
            "{\"id\": \"z\", \"url\": \"https://example.invalid/u\", \"title\": \"رابع\", \"text\": \"نص رابع\"}\n",
        ),
    )
    .unwrap();
    let store = d.path().join("store");
    let o = ingest(&input, &store);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("stored 2 articles, skipped 2 duplicates"),
        "{}",
        stderr(&o)
    );
    assert!(run(&["check"], &store).status.success());
}

#[test]
fn show_prints_a_stored_article_with_its_analysis() {
    let d = tempfile::tempdir().unwrap();
    let store = example_store(d.path());
    let o = run(&["show", "AL-internationalNews-1727-20180622"], &store);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!v["tokens"].as_array().unwrap().is_empty());
    assert!(!v["sentences"].as_array().unwrap().is_empty());
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["canonical"] == "عمر البشير"));
    // The same analysis as `rasid analyze` of the same file.
    let fresh = rasid()
        .arg("analyze")
        .arg(examples().join("AL-internationalNews-1727-20180622.json"))
        .output()
        .unwrap();
    let fresh: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    assert_eq!(v, fresh);
    let o = run(&["show", "AL-internationalNews-1727-20180622", "-f", "pretty"], &store);
    assert!(stdout(&o).contains("عمر البشير"));
}

#[test]
fn bad_inputs_say_what_is_wrong() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "cut-inside.jsonl",
            "{\"id\": \"c\", \"title\": \"عنوان\", \"text\": \"نص مقطو\n{\"id\": \"d\", \"title\": \"t\", \"text\": \"x\"}\n".as_bytes(),
            "cut-inside.jsonl:1 (byte 0): the JSON ends before the article is complete",
        ),
        (
            "number.jsonl",
            b"{\"id\": \"n\", \"title\": \"t\", \"text\": 123}\n",
            "field `text` is a number",
        ),
        ("blank.jsonl", b"\n   \n\t\n", "its 3 lines are all blank"),
        (
            "cut.jsonl",
            "{\"id\": \"c\", \"title\": \"عنوان\", \"text\": \"نص مقطو".as_bytes(),
            "ends before the article is complete",
        ),
        (
            "number.json",
            b"{\"title\": [\"a\"], \"text\": \"x\"}",
            "field `title` is an array",
        ),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(p.join(name), bytes).unwrap();
        let o = rasid().arg("analyze").arg(p.join(name)).output().unwrap();
        no_crash(&o, name);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
    }
    let empty = p.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = rasid().arg("analyze").arg(&empty).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no article files in this directory"),
        "{}",
        stderr(&o)
    );
    // A numeric id is still an id.
    std::fs::write(p.join("id.jsonl"), b"{\"id\": 7, \"title\": \"t\", \"text\": \"x\"}\n").unwrap();
    let o = rasid().arg("analyze").arg(p.join("id.jsonl")).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Every file of a store with its length and contents, but SQLite's side files (-wal,
/// -shm: a reader's shared memory, not data).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.to_string_lossy().into_owned();
            if p.is_dir() {
                out.insert(p.clone(), Vec::new());
                stack.push(p);
            } else if !name.ends_with("-wal") && !name.ends_with("-shm") {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// What a user would compare before and after a repair: the count and the ids found by a
/// few searches and filters (all of them: hits of equal score may come in another order
/// from a rebuilt index).
fn fingerprint(store: &Path) -> Vec<String> {
    let mut v = Vec::new();
    let o = run(&["search", "", "--limit", "10000", "-f", "jsonl"], store);
    assert!(o.status.success(), "{}", stderr(&o));
    v.push(format!("all: {}", stdout(&o).lines().count()));
    for args in [
        vec!["search", "الخرطوم"],
        vec!["search", "رقم 17"],
        vec!["search", "\"عمر البشير\""],
        vec![
            "search",
            "",
            "--source",
            "cnn",
            "--from",
            "2018-06-03",
            "--to",
            "2018-06-05",
        ],
        vec!["search", "", "--person", "عمر البشير"],
        vec!["entities"],
    ] {
        let o = run(&[&args[..], &["-f", "jsonl", "--limit", "10000"]].concat(), store);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let mut lines: Vec<String> = stdout(&o)
            .lines()
            .map(|l| {
                let j: serde_json::Value = serde_json::from_str(l).unwrap();
                format!("{}{}", j["id"].as_str().unwrap_or(""), j["name"].as_str().unwrap_or(""))
            })
            .collect();
        lines.sort();
        v.push(format!("{args:?}: {lines:?}"));
    }
    v
}

fn largest(dir: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| (std::fs::metadata(&p).unwrap().len(), p))
        .collect();
    files.sort();
    files.pop().expect("a segment file").1
}

fn overwrite(path: &Path, at: u64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn a_damaged_store_says_so_takes_no_writes_and_repair_brings_every_article_back() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("many.jsonl");
    articles(&input, 600);
    let pristine = d.path().join("pristine");
    for src in [input.as_path(), examples().as_path()] {
        let o = rasid()
            .arg("ingest")
            .arg(src)
            .arg("--store")
            .arg(&pristine)
            .args(["--batch", "100"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let before = fingerprint(&pristine);
    assert!(before[0] == "all: 604", "{before:?}");

    type Damage = fn(&Path);
    let damages: [(&str, Damage); 7] = [
        ("index deleted", |s| std::fs::remove_dir_all(s.join("index")).unwrap()),
        ("meta.json deleted", |s| {
            std::fs::remove_file(s.join("index/meta.json")).unwrap()
        }),
        ("a segment overwritten", |s| {
            let f = largest(&s.join("index"), "idx");
            overwrite(&f, 64, &[0xff; 64]);
        }),
        ("SQLite emptied", |s| {
            std::fs::write(s.join("articles.sqlite"), b"").unwrap()
        }),
        ("SQLite deleted", |s| {
            std::fs::remove_file(s.join("articles.sqlite")).unwrap()
        }),
        ("made by an older rasid", |s| {
            let db = rusqlite::Connection::open(s.join("articles.sqlite")).unwrap();
            db.pragma_update(None, "user_version", 1).unwrap();
        }),
        ("SQLite truncated", |s| {
            let p = s.join("articles.sqlite");
            let len = std::fs::metadata(&p).unwrap().len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .unwrap()
                .set_len(len / 2)
                .unwrap();
        }),
    ];
    for (what, damage) in damages {
        let store = d.path().join(what.replace(' ', "-"));
        let o = StdCommand::new("cp")
            .arg("-a")
            .arg(&pristine)
            .arg(&store)
            .output()
            .unwrap();
        assert!(o.status.success());
        damage(&store);
        let damaged = snapshot(&store);
        // Every command: no panic, none writes into the damaged store, every one refuses
        // with the repair to run (the database-only `show` too: the store is damaged).
        for args in [
            vec!["search", "الخرطوم"],
            vec!["search", "رقم 17"],
            vec!["search", "", "--person", "عمر البشير"],
            vec!["entities"],
            vec!["stories"],
            vec!["show", "a1"],
            vec!["ingest", input.to_str().unwrap()],
        ] {
            let o = run(&args, &store);
            no_crash(&o, &format!("{what}: {args:?}"));
            assert_eq!(o.status.code(), Some(2), "{what}: {args:?} should fail");
            assert!(
                stderr(&o).contains("rasid repair --store"),
                "{what}: {args:?}: {}",
                stderr(&o)
            );
            assert!(
                snapshot(&store) == damaged,
                "{what}: {args:?} wrote into the damaged store"
            );
        }
        let o = run(&["check"], &store);
        assert_eq!(o.status.code(), Some(1), "{what}: check finds it: {}", stdout(&o));
        let o = run(&["repair"], &store);
        assert!(o.status.success(), "{what}: repair: {}", stderr(&o));
        assert!(
            stdout(&o).contains("the store holds 604 articles"),
            "{what}: {}",
            stdout(&o)
        );
        assert_eq!(fingerprint(&store), before, "{what}: after the repair");
        assert!(
            run(&["check"], &store).status.success(),
            "{what}: sound after the repair"
        );
        // And it can be written again.
        let o = run(&["ingest", input.to_str().unwrap()], &store);
        assert!(
            stderr(&o).contains("stored 0 articles, skipped 600 duplicates"),
            "{what}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn readers_work_while_an_ingest_runs() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("many.jsonl");
    articles(&input, 3000);
    let store = d.path().join("store");
    let mut writer = spawn_ingest(&input, &store, Stdio::piped());
    // Until the writer has created the store, readers are told it is being created.
    let t0 = std::time::Instant::now();
    while run(&["search", "x"], &store).status.code() != Some(0) {
        assert!(t0.elapsed().as_secs() < 60, "the store never became readable");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let (mut calls, mut failures) = (0, Vec::new());
    let mut seen_growth = (usize::MAX, 0usize);
    while writer.try_wait().unwrap().is_none() {
        for args in [
            vec!["search", "الخرطوم", "-f", "json"],
            vec!["entities"],
            vec!["stories"],
        ] {
            let o = run(&args, &store);
            calls += 1;
            if !o.status.success() {
                failures.push(format!("{args:?}: {}", stderr(&o)));
            } else if args[0] == "search" {
                let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
                let total = v["total"].as_u64().unwrap() as usize;
                seen_growth = (seen_growth.0.min(total), seen_growth.1.max(total));
            }
        }
    }
    let out = writer.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        failures.is_empty(),
        "{} of {calls} calls failed: {failures:#?}",
        failures.len()
    );
    assert!(
        calls >= 6,
        "the ingest ended before the readers could run ({calls} calls)"
    );
    assert!(
        seen_growth.0 < seen_growth.1,
        "readers saw new batches: {seen_growth:?}"
    );
    assert!(run(&["check"], &store).status.success());
}
