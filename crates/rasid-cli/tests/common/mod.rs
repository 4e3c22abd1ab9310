//! Helpers shared by the CLI test files.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};

pub fn rasid() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("rasid").unwrap()
}

pub fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// `rasid ingest INPUT --store STORE`, run to its end.
pub fn ingest(input: &Path, store: &Path) -> std::process::Output {
    rasid()
        .arg("ingest")
        .arg(input)
        .arg("--store")
        .arg(store)
        .output()
        .unwrap()
}

/// `n` small distinct articles as JSON lines, from three outlets over June 2018.
pub fn articles(path: &Path, n: usize) {
    let mut f = std::fs::File::create(path).unwrap();
    for i in 0..n {
        writeln!(
            f,
            r#"{{"id": "a{i}", "url": "https://example.invalid/{i}", "source": "{}", "title": "خبر رقم {i} عن الخرطوم", "text": "قال الوزير في العاصمة إن الاجتماع رقم {i} سيعقد غدا في الخرطوم مع وفد من {} دول.", "published": "2018-06-{:02}"}}"#,
            ["BBC", "alarabia", "CNN"][i % 3],
            i % 7,
            1 + i % 28
        )
        .unwrap();
    }
}

/// `rasid ingest INPUT --store STORE --batch 50` started in the background.
pub fn spawn_ingest(input: &Path, store: &Path, stderr: Stdio) -> Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("rasid"))
        .arg("ingest")
        .arg(input)
        .arg("--store")
        .arg(store)
        .args(["--batch", "50"])
        .stderr(stderr)
        .spawn()
        .unwrap()
}
