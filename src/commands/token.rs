//! `token show ID`: the only command that prints a runner token, so it can be piped into
//! `register --token-stdin` on another machine. `token list`: which runners the store holds
//! tokens for, never a token.

use serde::Serialize;

use crate::cli::TokenCommand;
use crate::commands::context::Context;
use crate::error::Exit;
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::secrets::{KEYRING_ENV, SecretStore, StoreKind};

#[derive(Serialize)]
struct ShownToken<'a> {
    runner_id: u64,
    token: &'a str,
}

pub(super) fn run(context: &Context, command: TokenCommand) -> anyhow::Result<Exit> {
    match command {
        TokenCommand::Show { id } => show(context, id),
        TokenCommand::List => list(context),
    }
}

#[derive(Serialize)]
struct Listed<'a> {
    runners: Vec<ListedRunner<'a>>,
}

#[derive(Serialize)]
struct ListedRunner<'a> {
    url: &'a str,
    forge: &'static str,
    runner_id: u64,
    name: Option<&'a str>,
}

/// Every runner in the store's index, of every URL. Only the index is read: no token leaves
/// the store.
fn list(context: &Context) -> anyhow::Result<Exit> {
    let store = context.secret_store()?;
    let stored = store.stored_runners()?;
    let runners: Vec<ListedRunner> = stored
        .iter()
        .map(|runner| ListedRunner {
            url: &runner.url,
            forge: "gitlab",
            runner_id: runner.runner_id,
            name: runner.name.as_deref(),
        })
        .collect();
    if context.json() {
        output::print_json(&Listed { runners })?;
    } else if runners.is_empty() {
        crate::outln!("No runner tokens in {}.", store.label());
    } else {
        let rows: Vec<Vec<String>> = runners
            .iter()
            .map(|runner| {
                vec![
                    runner.url.to_string(),
                    runner.forge.to_string(),
                    runner.runner_id.to_string(),
                    runner.name.unwrap_or("-").to_string(),
                ]
            })
            .collect();
        crate::out!(
            "{}",
            super::table::render(&["URL", "FORGE", "ID", "NAME"], &rows)
        );
    }
    Ok(Exit::Success)
}

fn show(context: &Context, runner_id: u64) -> anyhow::Result<Exit> {
    let (url, _) = context.gitlab_url()?;
    let store = context.secret_store()?;
    let Some(token) = store.runner_token(&url, runner_id)? else {
        for notice in store.notices() {
            output::note(&notice);
        }
        anyhow::bail!(not_found_message(&store, &url, runner_id));
    };
    if context.json() {
        output::print_json(&ShownToken {
            runner_id,
            token: token.expose(),
        })?;
    } else {
        crate::outln!("{}", token.expose());
    }
    Ok(Exit::Success)
}

/// Names the runner, the URL and the store, and points at the other instances that hold a
/// token for this id: the usual cause is a `create` run against another `--url`.
fn not_found_message(store: &SecretStore, url: &InstanceUrl, runner_id: u64) -> String {
    if store.kind() == StoreKind::None {
        return format!(
            "no token for runner {runner_id} of {url}: {KEYRING_ENV}=none stores no tokens \
             (create wrote the token to a file, ./runnerctl-runner-{runner_id}.token unless \
             --token-file said otherwise)"
        );
    }
    let mut message = format!(
        "no token for runner {runner_id} of {url} in {}",
        store.label()
    );
    // The listing only adds a hint: if it cannot be read, the message above still holds.
    let elsewhere: Vec<String> = store
        .stored_runners()
        .unwrap_or_default()
        .into_iter()
        .filter(|stored| stored.runner_id == runner_id && stored.url != url.as_str())
        .map(|stored| stored.url)
        .collect();
    if elsewhere.is_empty() {
        message.push_str(
            "; runnerctl keeps the tokens of the runners it creates (`runnerctl create`), and \
             GitLab shows a token only once: if it is lost, reset it with `runnerctl rotate ID`",
        );
    } else {
        message.push_str(&format!(
            "; a token for runner {runner_id} is stored for {}: pass --url to choose it",
            elsewhere.join(", ")
        ));
    }
    message
}
