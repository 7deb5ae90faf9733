//! Random configs and random register/update/remove sequences: the result always parses and
//! validates, gitlab-runner's library reads it, entries nobody touched stay byte-identical,
//! and registering the same spec twice is Unchanged.

#[path = "support/go_decode.rs"]
mod go_decode;

use std::path::Path;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use runnerctl::runner_config::{
    Action, ConfigDocument, Executor, RunnerSpec, Setting, Verification,
};
use runnerctl::token::RunnerToken;

const URL: &str = "https://gitlab.example.com";

#[derive(Debug, Clone)]
struct EntryText {
    comment: bool,
    indent: bool,
    docker: Option<String>,
    unknown_key: bool,
}

#[derive(Debug, Clone)]
enum Op {
    Add {
        docker: bool,
    },
    Update {
        which: usize,
        rename: Option<String>,
        image: Option<String>,
    },
    Remove {
        which: usize,
    },
}

fn entry_text(id: i64, entry: &EntryText) -> String {
    let indent = if entry.indent { "  " } else { "" };
    let mut text = String::from("\n");
    if entry.comment {
        text.push_str(&format!("# runner {id}, set up by hand\n"));
    }
    text.push_str("[[runners]]\n");
    let executor = if entry.docker.is_some() {
        "docker"
    } else {
        "shell"
    };
    for (key, value) in [
        ("name", format!("\"hand-{id}\"")),
        ("url", format!("\"{URL}\"")),
        ("id", id.to_string()),
        ("token", format!("\"glrt-{id}\"")),
        ("executor", format!("\"{executor}\"")),
    ] {
        text.push_str(&format!("{indent}{key} = {value}\n"));
    }
    if entry.unknown_key {
        text.push_str(&format!("{indent}hand_key = [1, 2] # kept\n"));
    }
    if let Some(image) = &entry.docker {
        text.push_str(&format!(
            "{indent}[runners.docker]\n{indent}{indent}image = \"{image}\"\n"
        ));
        if entry.unknown_key {
            text.push_str(&format!("{indent}{indent}fancy = true\n"));
        }
    }
    text
}

fn entry_strategy() -> impl Strategy<Value = EntryText> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::option::of("[a-z]{1,8}(:[0-9]{1,2})?"),
        any::<bool>(),
    )
        .prop_map(|(comment, indent, docker, unknown_key)| EntryText {
            comment,
            indent,
            docker,
            unknown_key,
        })
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<bool>().prop_map(|docker| Op::Add { docker }),
        (
            0usize..16,
            proptest::option::of("[a-z]{1,10}"),
            proptest::option::of("[a-z]{1,8}")
        )
            .prop_map(|(which, rename, image)| Op::Update {
                which,
                rename,
                image
            }),
        (0usize..16).prop_map(|which| Op::Remove { which }),
    ]
}

fn spec(id: i64, name: Setting<String>, executor: Option<Executor>) -> RunnerSpec {
    let mut spec = RunnerSpec::new(
        name,
        URL,
        RunnerToken::new(format!("glrt-{id}")),
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("time"),
    );
    spec.verification = Some(Verification {
        runner_id: id,
        token_expires_at: None,
    });
    spec.executor = executor;
    spec
}

fn check_valid(text: &str) -> ConfigDocument {
    ConfigDocument::parse(text, Path::new("config.toml"))
        .unwrap_or_else(|error| panic!("{error}\n{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_edits_keep_the_file_valid_and_untouched_entries_identical(
        header_comment in any::<bool>(),
        unknown_global in any::<bool>(),
        entries in proptest::collection::vec(entry_strategy(), 0..6),
        ops in proptest::collection::vec(op_strategy(), 1..12),
    ) {
        let mut text = String::new();
        if header_comment {
            text.push_str("# config.toml written by hand\n");
        }
        text.push_str("concurrent = 3\n");
        if unknown_global {
            text.push_str("future_setting = { nested = \"yes\" }\n");
        }
        let mut blocks = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let block = entry_text(index as i64 + 1, entry);
            text.push_str(&block);
            blocks.push(block);
        }
        let mut doc = check_valid(&text);
        prop_assert_eq!(doc.render(), text.clone());

        // Which original block sits at each current index (None: added here); touched blocks
        // may change, the others must stay byte-identical.
        let mut origin: Vec<Option<usize>> = (0..blocks.len()).map(Some).collect();
        let mut touched = vec![false; blocks.len()];
        let mut next_id = 100;

        for op in ops {
            match op {
                Op::Add { docker } => {
                    next_id += 1;
                    let mut new = spec(
                        next_id,
                        Setting::Default(format!("host-{next_id}")),
                        Some(if docker { Executor::Docker } else { Executor::Shell }),
                    );
                    new.docker.image = docker.then(|| "alpine:3".to_string());
                    let first = doc.add_or_update_runner(&new).expect("add");
                    prop_assert_eq!(first.action, Action::Added);
                    prop_assert_eq!(first.index, origin.len());
                    origin.push(None);
                    let again = doc.add_or_update_runner(&new).expect("add again");
                    prop_assert_eq!(again.action, Action::Unchanged);
                }
                Op::Update { which, rename, image } => {
                    let runners = doc.runners();
                    if runners.is_empty() {
                        continue;
                    }
                    let index = which % runners.len();
                    let entry = &runners[index];
                    let id = entry.id.expect("every entry here has an id");
                    let name = match rename {
                        Some(name) => Setting::Given(name),
                        None => Setting::Default("default-name".to_string()),
                    };
                    let mut update = spec(id, name.clone(), None);
                    if entry.executor.as_deref() == Some("docker") {
                        update.docker.image = image;
                    }
                    let before = doc.render();
                    let result = doc.add_or_update_runner(&update).expect("update");
                    prop_assert_eq!(result.index, index);
                    // The action tells the truth about the text.
                    prop_assert_eq!(result.action == Action::Unchanged, doc.render() == before);
                    if let Some(original) = origin[index] {
                        touched[original] = true;
                    }
                    let after = doc.runner(index).expect("still there");
                    match &name {
                        Setting::Given(name) => prop_assert_eq!(after.name.as_deref(), Some(name.as_str())),
                        // A default never replaces an existing name.
                        Setting::Default(_) => prop_assert_eq!(after.name, entry.name.clone()),
                    }
                    let again = doc.add_or_update_runner(&update).expect("update again");
                    prop_assert_eq!(again.action, Action::Unchanged);
                }
                Op::Remove { which } => {
                    let count = origin.len();
                    if count == 0 {
                        continue;
                    }
                    let index = which % count;
                    let removed = doc.remove_runner(index).expect("remove");
                    prop_assert!(removed.is_some());
                    if let Some(original) = origin.remove(index) {
                        touched[original] = true;
                    }
                }
            }
            let rendered = doc.render();
            doc = check_valid(&rendered);
            prop_assert_eq!(doc.runners().len(), origin.len());
            for (original, block) in blocks.iter().enumerate() {
                if !touched[original] {
                    prop_assert!(rendered.contains(block.as_str()), "block {} changed:\n{}", original, rendered);
                }
            }
            if header_comment {
                prop_assert!(rendered.starts_with("# config.toml written by hand\nconcurrent = 3\n"));
            }
        }

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, doc.render()).expect("write");
        if let Some(summary) = go_decode::assert_gitlab_runner_reads(&path) {
            prop_assert_eq!(summary["runners"].as_array().map(Vec::len), Some(origin.len()));
        }
    }
}
