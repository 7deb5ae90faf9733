//! `doctor` on Gitea and Forgejo: gather the facts, diagnose, print the report; exit 1 on
//! any error finding, as GitLab's doctor.

use crate::cli::{DoctorArgs, MinSeverity};
use crate::doctor::gather_gitea::{GiteaRequest, gather_gitea};
use crate::doctor::gitea_facts::ServerKind;
use crate::doctor::{Severity, diagnose_gitea};
use crate::error::Exit;
use crate::forge_kind::ForgeKind;
use crate::output;

use super::super::context::{Context, ForgeTarget};
use super::super::doctor_report::{self, Hidden};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: DoctorArgs,
) -> anyhow::Result<Exit> {
    // No `.runner` to be found is an operator workstation: the API checks alone.
    let path = match context.runner_file_path() {
        Ok(path) => Some(path),
        Err(_) if !args.offline => None,
        Err(error) => return Err(error),
    };
    let given = context.global.runner_file.is_some();
    let local = path.as_ref().is_some_and(|path| {
        args.offline || given || path.exists() || path.symlink_metadata().is_ok()
    });
    let kind = match target.kind {
        ForgeKind::Forgejo => ServerKind::Forgejo,
        _ => ServerKind::Gitea,
    };
    let client = if args.offline {
        None
    } else {
        Some(context.gitea_client(&target)?)
    };
    let request = GiteaRequest {
        orgs: args.groups.clone(),
        repos: args
            .projects
            .iter()
            .filter_map(|path| path.split_once('/'))
            .map(|(owner, name)| (owner.to_string(), name.to_string()))
            .collect(),
        user: args.user,
        instance: args.instance,
        runner_ids: args.runners.clone(),
        runner_file: path.filter(|_| local),
        service_unit: args.service_unit.clone(),
        verify_tokens: args.verify_tokens,
        concurrency: usize::from(context.global.concurrency),
        runner_log: args
            .runner_log
            .as_deref()
            .map(crate::runner_log::LogSource::from_argument),
    };
    let facts = gather_gitea(kind, Some(target.url.clone()), &request, client.as_ref())?;
    let mut report = diagnose_gitea(&facts);
    let failed = report.has_errors();
    if failed {
        output::failed_before_printing();
    }
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
        let text =
            doctor_report::render(&report, &hidden, args.ungrouped, output::stdout_colored());
        crate::out!("{text}");
    }
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
