//! The real `rasid` binary on real files: formats, batches, bad input, exit codes, schema.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn rasid() -> Command {
    Command::cargo_bin("rasid").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("output is JSON")
}

#[test]
fn analyze_text_example_gives_one_json_object() {
    let out = rasid()
        .arg("analyze")
        .arg(example("AL-internationalNews-1727-20180622.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["schema"], "rasid.analysis/4");
    assert_eq!(v["document"]["published"], "2018-06-22");
    assert_eq!(v["document"]["published_from"], "filename");
    let text = v["text"].as_str().unwrap();
    for t in v["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], t["text"].as_str().unwrap());
    }
}

#[test]
fn output_validates_against_the_documented_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/schema/analysis.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema itself is valid");
    let out = rasid()
        .arg("analyze")
        .arg(root().join("examples"))
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut n = 0;
    for line in out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v = json(line);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "schema violations: {errors:?}");
        n += 1;
    }
    // Each example ships as .txt and .json: a directory reads the .json of each pair.
    assert_eq!(n, 4, "four examples, each read once");
    // A hashtag carries `words`; check the schema accepts that shape too.
    let out = rasid()
        .args(["analyze", "-"])
        .write_stdin("عنوان\nدعم #محمود_عباس اليوم")
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert!(validator.is_valid(&v));
    let tag = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "hashtag")
        .unwrap();
    assert_eq!(tag["norm"], "محمود عباس");
    assert_eq!(tag["words"].as_array().unwrap().len(), 2);
}

#[test]
fn several_articles_in_json_format_make_an_array() {
    let out = rasid()
        .arg("analyze")
        .arg(example("AL-internationalNews-1727-20180622.json"))
        .arg(example("AL-internationalNews-167-20180223.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout).as_array().unwrap().len(), 2);
}

#[test]
fn batch_with_a_broken_line_reports_it_and_keeps_the_rest() {
    let out = rasid()
        .arg("analyze")
        .arg(fixture("batch.jsonl"))
        .args(["-f", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a failed document makes the exit code 1");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| json(l.as_bytes())["document"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["one", "three"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("batch.jsonl:2"), "{stderr}");
    // The broken line is cut short: the message says so.
    assert!(
        stderr.contains("the JSON ends before the article is complete"),
        "{stderr}"
    );
    assert!(stderr.contains("analysed 2 articles, 1 failed"), "{stderr}");
    assert_eq!(
        json(stdout.lines().next().unwrap().as_bytes())["document"]["published"],
        "2018-05-06"
    );
}

#[test]
fn bad_single_files_fail_with_location() {
    rasid()
        .arg("analyze")
        .arg(fixture("invalid-utf8.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid-utf8.txt:2 (byte 16): invalid UTF-8"));
    rasid()
        .arg("analyze")
        .arg(fixture("binary.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("binary"));
    rasid()
        .arg("analyze")
        .arg(fixture("empty.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty file"));
    rasid()
        .args(["analyze", "/nonexistent/rasid/missing.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.txt"));
}

#[test]
fn a_200_mb_file_is_refused_without_reading_it() {
    let dir = std::env::temp_dir().join(format!("rasid-cli-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("huge.txt");
    // Sparse: 200 MB on paper, no disk used.
    std::fs::File::create(&big).unwrap().set_len(200 << 20).unwrap();
    let ok = dir.join("ok.txt");
    std::fs::write(&ok, "عنوان\nنص").unwrap();
    let out = rasid().arg("analyze").arg(&dir).args(["-f", "jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("huge.txt") && stderr.contains("limit"), "{stderr}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        1,
        "ok.txt is still analysed"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stdin_text_and_date_option() {
    let out = rasid()
        .args(["analyze", "-", "--date", "2018-06-22"])
        .write_stdin("العنوان هنا\n\nوقال الوزير إن الحكومة مستعدة.")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["document"]["title"], "العنوان هنا");
    assert_eq!(v["document"]["published"], "2018-06-22");
    assert_eq!(v["document"]["published_from"], "option");
    rasid()
        .args(["analyze", "-", "--date", "22/06/2018"])
        .write_stdin("x")
        .assert()
        .code(2);
}

#[test]
fn pretty_format_is_readable() {
    rasid()
        .arg("analyze")
        .arg(example("AL-internationalNews-1727-20180622.txt"))
        .args(["--format", "pretty"])
        .assert()
        .success()
        .stdout(predicate::str::contains("الخرطوم تستضيف لقاء"))
        .stdout(predicate::str::contains("و+قال"));
}

#[test]
fn eval_segmentation_prints_scores_as_json() {
    let out = rasid()
        .args(["eval", "segmentation", "--gold"])
        .arg(fixture("pud-sample.conllu"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert!(v["words"].as_u64().unwrap() > 50);
    let acc = v["word_accuracy"].as_f64().unwrap();
    assert!((0.9..=1.0).contains(&acc), "word accuracy {acc} on the fixture");
    assert!(v["split_f1"].as_f64().unwrap() > 0.8);
}

#[test]
fn help_explains_the_commands() {
    rasid()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("analyze"))
        .stdout(predicate::str::contains("eval"));
}

#[test]
fn tag_ner_writes_one_tag_per_token_with_the_same_blank_lines() {
    let input = std::fs::read_to_string(fixture("ner-sample.conll")).unwrap();
    let out = rasid()
        .args(["tag", "ner"])
        .arg(fixture("ner-sample.conll"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let got: Vec<&str> = stdout.lines().collect();
    let want: Vec<&str> = input.lines().collect();
    assert_eq!(
        got.len(),
        want.len() + 1,
        "one line per token, blank lines kept, a final blank line"
    );
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.is_empty(), w.is_empty());
        if !w.is_empty() {
            let (tok, tag) = g.split_once('\t').expect("token<TAB>tag");
            assert_eq!(tok, w.split(' ').next().unwrap());
            assert!(tag == "O" || tag.starts_with("B-") || tag.starts_with("I-"), "{tag}");
        }
    }
    // Standard input, and extra columns ignored.
    let out = rasid()
        .args(["tag", "ner", "-"])
        .write_stdin("باريس X Y\nمدينة Z\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[test]
fn eval_ner_scores_the_shipped_tagger() {
    let out = rasid()
        .args(["eval", "ner", "--gold"])
        .arg(fixture("ner-sample.conll"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["gold_entities"], 5);
    let f1 = v["f1"].as_f64().unwrap();
    assert!(f1 > 50.0, "F1 {f1} on easy newswire sentences");
    assert!(v["per_type"].as_object().unwrap().contains_key("PER"));
    rasid()
        .args(["eval", "ner", "--gold"])
        .arg(fixture("batch.jsonl"))
        .assert()
        .code(2);
    // The same tags written by `tag ner` and scored with --pred give the same scores.
    let tagged = rasid()
        .args(["tag", "ner"])
        .arg(fixture("ner-sample.conll"))
        .output()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.conll");
    std::fs::write(&pred, &tagged.stdout).unwrap();
    let score = || {
        rasid()
            .args(["eval", "ner", "--gold"])
            .arg(fixture("ner-sample.conll"))
            .arg("--pred")
            .arg(&pred)
            .output()
            .unwrap()
    };
    let out = score();
    assert!(out.status.success());
    let w = json(&out.stdout);
    assert_eq!(w["f1"], v["f1"]);
    assert_eq!(w["per_type"], v["per_type"]);
    assert!(w.get("tokens_per_second").is_none());
    // Predictions of other text are refused, naming the predictions file.
    std::fs::write(&pred, "كلمة\tO\n").unwrap();
    let out = score();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pred.conll"));
}

#[test]
fn a_damaged_model_file_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("rasid-cli-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.rmod");
    std::fs::write(&bad, b"RASIDNER\x02\x00\x00\x00garbage").unwrap();
    rasid()
        .args(["tag", "ner", "--model"])
        .arg(&bad)
        .write_stdin("باريس\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("truncated").or(predicate::str::contains("corrupt")));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn entities_leave_out_attached_clitics() {
    let out = rasid()
        .args(["analyze", "-"])
        .write_stdin("عنوان\nوقال الرئيس الأمريكي دونالد ترامب إنه التقى بوتين وبلافروف في موسكو.")
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let text = v["text"].as_str().unwrap();
    for e in v["mentions"].as_array().unwrap() {
        let (s, en) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let surface = &text[s..en];
        assert_eq!(surface, e["text"].as_str().unwrap());
        assert!(!surface.starts_with("وب"), "clitic inside mention {surface}");
    }
}

#[test]
fn eval_time_scores_a_timeml_directory() {
    let out = rasid()
        .args(["eval", "time", "--gold"])
        .arg(fixture("timeml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["gold"], 4);
    assert_eq!(v["overlap"]["f1"], 100.0, "{v}");
    assert_eq!(v["value_accuracy"], 100.0, "{v}");
}

/// A throw-away gazetteer and events tree with the files `train ner` reads, a few lines each.
fn tiny_resources(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let gaz = dir.join("gazetteers");
    let events = dir.join("events");
    let files: [(&str, &str); 8] = [
        ("gazetteers/anergazet/AlignedPersGazetteer/data", "سمير\nخالد\n"),
        ("gazetteers/anergazet/AlignedLocGazetteer/data", "باريس\nالقاهرة\n"),
        ("gazetteers/anergazet/AlignedOrgGazetteer/data", "الأمم المتحدة\n"),
        ("gazetteers/places/mledoze_countries/countries.json", "[]"),
        (
            "gazetteers/places/world_cities_translations/world-cities.csv",
            "name,country,ar\n",
        ),
        ("gazetteers/person-names/data/Arabic_names.csv", "name\nسمير\n"),
        ("events/arabic-dictionaries/actor_dict_ar_v4.txt", "# none\n"),
        ("events/arabic-dictionaries/agents.all.ar.txt", "[GOV] وزير\n"),
    ];
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (gaz, events)
}

#[test]
fn train_priors_and_a_two_stage_tagger_end_to_end() {
    let dir = std::env::temp_dir().join(format!("rasid-cli-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (gaz, events) = tiny_resources(&dir);
    // Training sentences from templates: names in name-like contexts.
    let mut conll = String::new();
    let names = ["سمير", "خالد", "منى", "هند", "رامي", "نادر", "سلوى", "عادل"];
    for (i, n) in names.iter().cycle().take(40).enumerate() {
        let place = ["باريس", "القاهرة", "عمان", "تونس"][i % 4];
        for (w, t) in [
            ("قال", "O"),
            (n, "B-PERS"),
            ("في", "O"),
            (place, "B-LOC"),
            ("إن", "O"),
            ("الوضع", "O"),
            ("هادئ", "O"),
        ] {
            conll.push_str(&format!("{w} {t}\n"));
        }
        conll.push('\n');
    }
    let train = dir.join("train.conll");
    std::fs::write(&train, conll).unwrap();
    let clusters = root().join("data/clusters.rcl");
    let base = |out: &PathBuf| {
        let mut c = rasid();
        c.args(["train", "ner", "--epochs", "3", "--document-window", "5", "--train"])
            .arg(&train)
            .arg("--gazetteers")
            .arg(&gaz)
            .arg("--events")
            .arg(&events)
            .arg("--clusters")
            .arg(&clusters)
            .arg("--out")
            .arg(out);
        c
    };
    // 1. The context-only tagger, 2. priors from news with it.
    let ctx = dir.join("ctx.rmod");
    let out = base(&ctx)
        .args(["--without", "word", "--without", "stem", "--without", "affix"])
        .args(["--without", "priors", "--without", "genre", "--without", "document"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let priors = dir.join("priors.rpr");
    let out = rasid()
        .args(["build", "priors", "--min-count", "1", "--news"])
        .arg(fixture("stories.jsonl"))
        .arg("--tagger")
        .arg(&ctx)
        .arg("--out")
        .arg(&priors)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out.stdout);
    assert!(report["report"]["words_with_prior"].as_u64().unwrap() > 10, "{report}");
    // 3. The two-stage tagger with the priors; its file loads and tags.
    let full = dir.join("full.rmod");
    let out = base(&full)
        .arg("--priors")
        .arg(&priors)
        .arg("--refit")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta = json(&out.stdout);
    assert!(meta["stage1_dev_f1"].is_number(), "{meta}");
    assert_eq!(meta["document_window"], 5);
    // Refit: trained again on everything for the epochs chosen with the dev part held out.
    assert_eq!(meta["refit"], true, "{meta}");
    assert_eq!(meta["epochs"], meta["stage1_best_epoch"], "{meta}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refit stage 2"), "{stderr}");
    let tagged = rasid()
        .args(["tag", "ner", "--model"])
        .arg(&full)
        .arg(fixture("ner-sample.conll"))
        .output()
        .unwrap();
    assert!(tagged.status.success(), "{}", String::from_utf8_lossy(&tagged.stderr));
    let tokens = |s: &str| s.lines().filter(|l| !l.trim().is_empty()).count();
    let gold = std::fs::read_to_string(fixture("ner-sample.conll")).unwrap();
    assert_eq!(tokens(&String::from_utf8_lossy(&tagged.stdout)), tokens(&gold));
    // 4. Silver data: sentences both taggers tag alike, with a name; then a tagger trained
    // with them. The same tagger twice always agrees; the context-only one less often.
    let silver = |taggers: &[&PathBuf], out: &PathBuf| {
        let mut c = rasid();
        c.args(["build", "silver", "--sentences", "50", "--news"])
            .arg(fixture("stories.jsonl"));
        for t in taggers {
            c.arg("--tagger").arg(t);
        }
        let o = c.arg("--out").arg(out).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        json(&o.stdout)["report"].clone()
    };
    let (same, mixed) = (dir.join("same.conll"), dir.join("mixed.conll"));
    let r_same = silver(&[&full, &full], &same);
    let r_mixed = silver(&[&full, &ctx], &mixed);
    assert_eq!(r_same["sentences_agreed"], r_same["candidate_sentences"], "{r_same}");
    assert!(r_same["sentences_kept"].as_u64().unwrap() >= 1, "{r_same}");
    assert!(r_mixed["sentences_agreed"].as_u64() <= r_same["sentences_agreed"].as_u64());
    let text = std::fs::read_to_string(&same).unwrap();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 2, "{line}");
        assert!(rasid_ner::TAGS.contains(&cols[1]), "{line}");
    }
    for sentence in text.split("\n\n").filter(|s| !s.trim().is_empty()) {
        assert!(
            sentence.lines().any(|l| !l.ends_with(" O")),
            "a kept sentence has a name: {sentence}"
        );
    }
    assert_eq!(
        text,
        {
            silver(&[&full, &full], &mixed);
            std::fs::read_to_string(&mixed).unwrap()
        },
        "deterministic"
    );
    let with_silver = dir.join("silver.rmod");
    let out = base(&with_silver)
        .arg("--priors")
        .arg(&priors)
        .arg("--silver")
        .arg(&same)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out.stdout)["silver"][0], same.display().to_string());
    // A tagger that sees the words themselves cannot make priors.
    rasid()
        .args(["build", "priors", "--news"])
        .arg(fixture("stories.jsonl"))
        .arg("--tagger")
        .arg(&full)
        .arg("--out")
        .arg(dir.join("bad.rpr"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("context-only"));
    std::fs::remove_dir_all(&dir).ok();
}
