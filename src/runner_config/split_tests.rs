//! The split way of editing against the whole-document way: same text, same entries, same
//! answers, for random files and random edits.

use std::path::Path;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use std::time::Duration;

use super::split::Split;
use super::{ConfigDocument, Executor, RunnerSpec, Setting, Verification};
use crate::token::RunnerToken;

const URL: &str = "https://gitlab.example.com";

#[derive(Debug, Clone)]
struct EntryText {
    comment: bool,
    indent: bool,
    docker: Option<String>,
    cache: bool,
    policy: bool,
    unknown_key: bool,
    comment_after: bool,
    blank_lines: usize,
    dotted: bool,
}

fn entry_strategy() -> impl Strategy<Value = EntryText> {
    (
        (any::<bool>(), any::<bool>()),
        proptest::option::of("[a-z]{1,8}(:[0-9]{1,2})?"),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), 0usize..3, any::<bool>()),
    )
        .prop_map(
            |(
                (comment, indent),
                docker,
                (cache, policy, unknown_key),
                (comment_after, blank_lines, dotted),
            )| {
                EntryText {
                    comment,
                    indent,
                    docker,
                    cache,
                    policy,
                    unknown_key,
                    comment_after,
                    blank_lines,
                    dotted,
                }
            },
        )
}

fn entry_text(id: i64, entry: &EntryText) -> String {
    let indent = if entry.indent { "  " } else { "" };
    let mut text = "\n".repeat(entry.blank_lines);
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
        ("token_obtained_at", "2026-01-01T00:00:00Z".to_string()),
        ("executor", format!("\"{executor}\"")),
    ] {
        text.push_str(&format!("{indent}{key} = {value}\n"));
    }
    if entry.unknown_key {
        text.push_str(&format!("{indent}hand_key = [1, 2] # kept\n"));
    }
    if entry.dotted {
        text.push_str(&format!("{indent}custom_build_dir.enabled = true\n"));
    }
    if let Some(image) = &entry.docker {
        text.push_str(&format!(
            "{indent}[runners.docker]\n{indent}{indent}image = \"{image}\"\n"
        ));
        if entry.unknown_key {
            text.push_str(&format!(
                "{indent}{indent}fancy = \"\"\"\n# not a comment\n\"\"\"\n"
            ));
        }
    }
    if entry.cache {
        text.push_str(&format!(
            "{indent}[runners.cache]\n{indent}{indent}MaxUploadedArchiveSize = 0\n"
        ));
    }
    if entry.policy {
        text.push_str(&format!(
            "{indent}[runners.autoscaler]\n{indent}{indent}plugin = \"aws\"\n\
             {indent}[[runners.autoscaler.policy]]\n{indent}{indent}idle_count = 1\n"
        ));
    }
    if entry.comment_after {
        text.push_str("# about what follows\n");
    }
    text
}

#[derive(Debug, Clone)]
enum Op {
    Add {
        executor: usize,
        image: bool,
    },
    Update {
        which: usize,
        rename: Option<String>,
        image: Option<String>,
        executor: Option<usize>,
    },
    Remove {
        which: usize,
    },
    Token {
        which: usize,
        expires: bool,
    },
    Save,
}

const EXECUTORS: [Executor; 6] = [
    Executor::Shell,
    Executor::Docker,
    Executor::Kubernetes,
    Executor::DockerAutoscaler,
    Executor::DockerMachine,
    Executor::Custom,
];

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..EXECUTORS.len(), any::<bool>())
            .prop_map(|(executor, image)| Op::Add { executor, image }),
        (
            0usize..16,
            proptest::option::of("[a-z]{1,10}"),
            proptest::option::of("[a-z]{1,8}"),
            proptest::option::of(0usize..EXECUTORS.len()),
        )
            .prop_map(|(which, rename, image, executor)| Op::Update {
                which,
                rename,
                image,
                executor
            }),
        (0usize..16).prop_map(|which| Op::Remove { which }),
        (0usize..16, any::<bool>()).prop_map(|(which, expires)| Op::Token { which, expires }),
        Just(Op::Save),
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

/// Runs `op` on both documents and checks they answer and render alike.
fn apply_both(
    split: &mut ConfigDocument,
    whole: &mut ConfigDocument,
    op: &Op,
    next_id: &mut i64,
) -> Result<(), TestCaseError> {
    let count = whole.runners().len();
    let (a, b) = match op {
        Op::Add { executor, image } => {
            *next_id += 1;
            let mut new = spec(
                *next_id,
                Setting::Default(format!("host-{next_id}")),
                Some(EXECUTORS[*executor]),
            );
            new.docker.image = image.then(|| "alpine:3".to_string());
            new.autoscaler.plugin = Some("fleeting-plugin".into());
            (
                format!("{:?}", split.add_or_update_runner(&new)),
                format!("{:?}", whole.add_or_update_runner(&new)),
            )
        }
        Op::Update {
            which,
            rename,
            image,
            executor,
        } => {
            if count == 0 {
                return Ok(());
            }
            let entry = &whole.runners()[which % count];
            let Some(id) = entry.id else { return Ok(()) };
            let name = match rename {
                Some(name) => Setting::Given(name.clone()),
                None => Setting::Default("default-name".to_string()),
            };
            let mut update = spec(id, name, executor.map(|e| EXECUTORS[e]));
            update.docker.image = image.clone();
            update.kubernetes.namespace = image.clone();
            (
                format!("{:?}", split.add_or_update_runner(&update)),
                format!("{:?}", whole.add_or_update_runner(&update)),
            )
        }
        Op::Remove { which } => {
            if count == 0 {
                return Ok(());
            }
            (
                format!("{:?}", split.remove_runner(which % count)),
                format!("{:?}", whole.remove_runner(which % count)),
            )
        }
        Op::Token { which, expires } => {
            let index = which % (count + 1);
            let token = RunnerToken::new(format!("glrt-rotated-{index}"));
            let now = Utc
                .with_ymd_and_hms(2026, 2, 1, 0, 0, 0)
                .single()
                .expect("time");
            let expiry = expires.then_some(now);
            (
                format!("{:?}", split.set_runner_token(index, &token, now, expiry)),
                format!("{:?}", whole.set_runner_token(index, &token, now, expiry)),
            )
        }
        Op::Save => {
            split.mark_saved();
            whole.mark_saved();
            (String::new(), String::new())
        }
    };
    prop_assert_eq!(a, b, "{:?}", op);
    prop_assert_eq!(split.is_changed(), whole.is_changed());
    prop_assert_eq!(split.render(), whole.render(), "{:?}", op);
    prop_assert_eq!(split.runners(), whole.runners());
    for index in 0..count + 1 {
        let a = split.entry(index).map(|table| {
            format!(
                "{:?}",
                table
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<Vec<_>>()
            )
        });
        let b = whole.entry(index).map(|table| {
            format!(
                "{:?}",
                table
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<Vec<_>>()
            )
        });
        prop_assert_eq!(a, b);
    }
    Ok(())
}

fn both(text: &str) -> (ConfigDocument, ConfigDocument) {
    let path = Path::new("config.toml");
    let split = ConfigDocument::parse(text, path).unwrap_or_else(|error| panic!("{error}\n{text}"));
    let whole = ConfigDocument::parse_as_whole(text, path).expect("the whole way parses it too");
    (split, whole)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn split_edits_render_what_whole_document_edits_render(
        header_comment in any::<bool>(),
        session in any::<bool>(),
        inline_global in any::<bool>(),
        comment_before in any::<bool>(),
        trailing in prop_oneof![Just(""), Just("\n"), Just("\n# the end\n"), Just("  \n")],
        crlf in any::<bool>(),
        bom in any::<bool>(),
        entries in proptest::collection::vec(entry_strategy(), 0..6),
        ops in proptest::collection::vec(op_strategy(), 1..12),
    ) {
        let mut text = String::new();
        if header_comment {
            text.push_str("# config.toml written by hand\n");
        }
        text.push_str("concurrent = 3\n");
        if inline_global {
            text.push_str("future_setting = { nested = \"yes\" }\n");
        }
        if session {
            text.push_str("\n[session_server]\n  session_timeout = 1800 # half an hour\n");
        }
        if comment_before {
            text.push_str("\n# the runners\n");
        }
        for (index, entry) in entries.iter().enumerate() {
            text.push_str(&entry_text(index as i64 + 1, entry));
        }
        text.push_str(trailing);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        if bom {
            text.insert(0, '\u{feff}');
        }
        let body = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        if let Some(quick) = Split::parse(&body, &mut Duration::default()) {
            let tree = Split::parse_tree(&body, &mut Duration::default()).expect("the tree cuts it too");
            prop_assert_eq!(quick.cuts(), tree.cuts());
        }
        let plain = !inline_global && entries.iter().all(|entry| !entry.dotted);
        prop_assert_eq!(super::plain::scan(&body).is_some(), plain && !entries.is_empty(), "{}", body);
        let (mut split, mut whole) = both(&text);
        prop_assert_eq!(split.is_split(), !entries.is_empty(), "{}", text);
        prop_assert_eq!(split.render(), text.clone());
        prop_assert_eq!(split.runners(), whole.runners());
        let mut next_id = 100;
        for op in &ops {
            apply_both(&mut split, &mut whole, op, &mut next_id)?;
        }
    }
}

#[test]
fn files_the_split_cannot_cut_exactly_stay_whole() {
    for text in [
        // No final newline.
        "[[runners]]\nname = \"a\"",
        // A header written with spaces, a table after the entries, tables out of order.
        "[[ runners ]]\nname = \"a\"\n",
        "[[runners]]\nname = \"a\"\n[session_server]\nsession_timeout = 1\n",
        "[[runners]]\nname = \"a\"\n[runners.docker.x]\na = 1\n[runners.cache]\n[runners.docker]\n",
        "[[runners]]\nname = \"a\"\n[[runners]]\nname = \"b\"\n[runners . docker]\nimage = \"x\"\n",
        // A number toml_edit cannot hold.
        "[[runners]]\nhand = 99999999999999999999\n",
        // No entries.
        "concurrent = 1\n",
    ] {
        let split = ConfigDocument::parse(text, Path::new("c.toml"));
        let whole = ConfigDocument::parse_as_whole(text, Path::new("c.toml"));
        assert_eq!(format!("{split:?}"), format!("{whole:?}"), "{text}");
        if let (Ok(split), Ok(whole)) = (split, whole) {
            assert!(!split.is_split(), "{text}");
            assert_eq!(split.render(), whole.render());
        }
    }
}

#[test]
fn broken_files_get_the_whole_document_errors() {
    for text in [
        "[[runners]]\nname = \"a\"\nname = \"b\"\n",
        "[[runners]]\nname = \"a\"\n[runners.docker]\n[runners.docker]\n",
        "[[runners]]\nname = 1\n",
        "[runners]\nname = \"a\"\n",
        "[[runners]]\nname = \"a\"\n[[runners]]\ntoken = [\n",
        "[[runners]]\n[runners.docker]\nprivileged = \"yes\"\n",
    ] {
        let split = ConfigDocument::parse(text, Path::new("c.toml")).expect_err(text);
        let whole = ConfigDocument::parse_as_whole(text, Path::new("c.toml")).expect_err(text);
        assert_eq!(split.to_string(), whole.to_string(), "{text}");
    }
}

#[test]
fn files_as_gitlab_runner_writes_them_take_the_quick_check() {
    let mut text = String::from(
        "concurrent = 8\ncheck_interval = 0\n\n[session_server]\n  session_timeout = 1800\n",
    );
    for id in 0..3 {
        text.push_str(&format!(
            "\n[[runners]]\n  name = \"runner-{id}\"\n  url = \"https://gitlab.example.com\"\n  id = {id}\n  \
             token = \"glrt-{id}\"\n  token_obtained_at = 2026-01-01T00:00:00Z\n  \
             token_expires_at = 0001-01-01T00:00:00Z\n  executor = \"docker\"\n  \
             [runners.custom_build_dir]\n  [runners.cache]\n    MaxUploadedArchiveSize = 0\n    \
             [runners.cache.s3]\n    [runners.cache.gcs]\n  [runners.docker]\n    image = \"alpine:3\"\n    \
             privileged = false\n    volumes = [\"/cache\"]\n  [runners.feature_flags]\n    FF_X = true\n"
        ));
    }
    let plain = super::plain::scan(&text).expect("plain");
    assert_eq!(plain.starts.len(), 3);
    let quick = Split::parse(&text, &mut Duration::default()).expect("quick");
    let tree = Split::parse_tree(&text, &mut Duration::default()).expect("tree");
    assert_eq!(quick.cuts(), tree.cuts());
    // What the quick check leaves to the tree.
    for other in [
        "[[runners]]\n\"name\" = \"a\"\n",
        "[[runners]]\ndocker.image = \"a\"\n",
        "[[runners]]\nx = { a = 1 }\n",
        "[[runners]]\nx = [[1], [2]]\n",
        "[[runners]]\n[runners.docker]\n[runners.cache]\n[runners.docker.x]\n",
        "a = 1\n[[runners]]\n[runners.a.b]\n",
    ] {
        assert!(super::plain::scan(other).is_none(), "{other}");
    }
    // And what it refuses outright, as the tree does.
    for bad in [
        "[[runners]]\nname = \"a\"\nname = \"b\"\n",
        "[[runners]]\n[runners.docker]\n[runners.docker]\n",
        "[[runners]]\nname = 1\n",
        "[[runners]]\ndocker = 1\n[runners.docker]\n",
        "[[runners]]\n[runners.docker]\nimage = 1\n",
        "[[runners]]\nhand = 99999999999999999999\n",
        "[[runners]]\nwhen = 2026-13-01T00:00:00Z\n",
        "[[runners]]\n[runners.autoscaler]\n[runners.autoscaler.policy]\n",
        "[[runners]]\n[runners.feature_flags]\nFF_X = 1\n",
        "runners = 1\n[[runners]]\n",
        "[session_server]\n[session_server]\n[[runners]]\n",
    ] {
        assert!(super::plain::scan(bad).is_none(), "{bad}");
        assert!(
            Split::parse_tree(bad, &mut Duration::default()).is_none(),
            "{bad}"
        );
    }
}
