//! `runnerctl doctor`: gather the facts, diagnose, print the report; exit 1 on any error
//! finding.

use chrono::Utc;

use crate::cli::{DoctorArgs, MinSeverity};
use crate::commands::context::Context;
use crate::doctor::facts::{ApiFacts, RequestedScope};
use crate::doctor::{GatherRequest, Severity, diagnose, gather};
use crate::error::{Exit, UsageError};
use crate::output;

use super::doctor_inputs::{
    api_client, distinct_ids, distinct_paths, secret_store, url_from_config,
};
use super::doctor_report::{self, Hidden};

pub(super) fn run(context: &Context, args: DoctorArgs) -> anyhow::Result<Exit> {
    let config_path = context.config_path()?;
    // A dangling symlink is a config.toml the operator meant: check it, and say it is missing.
    let config_present = config_path.exists() || config_path.symlink_metadata().is_ok();
    let local_checks = args.offline || context.config_path_given() || config_present;
    let api_scope =
        !args.groups.is_empty() || !args.projects.is_empty() || !args.runners.is_empty();
    if !local_checks && !api_scope {
        return Err(UsageError::new(format!(
            "doctor has nothing to check: there is no config.toml at {} (so no local checks), and \
             no group, project or runner was named. Name what to check in GitLab with -g GROUP, \
             -p PROJECT or --runner ID, or give the runner's config.toml with --config PATH",
            config_path.display()
        ))
        .into());
    }

    let gitlab_url = match context.gitlab_url() {
        Ok((url, _)) => Some(url),
        Err(error) => match url_from_config(&config_path) {
            Some(url) => Some(url),
            None if args.offline => None,
            None => return Err(error),
        },
    };

    let client = api_client(context, gitlab_url.as_ref(), args.offline, local_checks)?;
    let store = secret_store(context, local_checks)?;

    let request = GatherRequest {
        scope: RequestedScope {
            groups: distinct_paths(args.groups),
            projects: distinct_paths(args.projects),
            runner_ids: distinct_ids(args.runners),
        },
        config_path,
        local_checks,
        offline: args.offline,
        verify_tokens: args.verify_tokens,
        runner_log: args
            .runner_log
            .as_deref()
            .map(crate::runner_log::LogSource::from_argument),
    };
    let progress = output::GatherProgress::new();
    let gathered = gather(
        &request,
        gitlab_url.as_ref(),
        client.as_ref(),
        store.as_ref(),
        &progress,
    );
    progress.finish();
    let gathered = gathered?;
    for notice in &gathered.notices {
        output::warn(notice);
    }
    if local_checks
        && gathered.facts.local.is_none()
        && matches!(gathered.facts.api, ApiFacts::Skipped)
    {
        // An empty report would read as an all-clear about a machine nobody looked at.
        let api = match &gitlab_url {
            _ if args.offline => "--offline skipped GitLab's API".to_string(),
            Some(url) => format!(
                "GitLab's API was not read without an API token: set GITLAB_TOKEN, or run \
                 `runnerctl auth login --url {url}`"
            ),
            None => "GitLab's API was not read without a GitLab URL: pass --url".to_string(),
        };
        return Err(UsageError::new(format!(
            "nothing was checked: the local checks were skipped because {} cannot be read (see \
             the warning above), and {api}. Fix that file or give the runner's config.toml with \
             --config PATH",
            request.config_path.display()
        ))
        .into());
    }

    let mut report = diagnose(&gathered.facts, Utc::now());
    if !gathered.notices.is_empty() {
        report
            .unchecked
            .push("some parts were not checked (see the warnings above)".to_string());
    }
    let failed = report.has_errors();
    if failed {
        output::failed_before_printing();
    }
    // Errors are the highest severity: whatever the level, every one is shown.
    let level = match args.severity {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Info => Severity::Info,
    };
    let hidden = Hidden {
        level,
        warnings: report.count(Severity::Warning) * usize::from(level < Severity::Warning),
        notes: report.count(Severity::Info) * usize::from(level < Severity::Info),
    };
    report.findings.retain(|finding| finding.severity <= level);
    if context.json() {
        output::print_json(&report)?;
    } else {
        let colored = output::stdout_colored();
        let text = doctor_report::render(&report, &hidden, args.ungrouped, colored);
        crate::out!("{text}");
    }
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
