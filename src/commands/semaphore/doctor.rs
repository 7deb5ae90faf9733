//! `doctor` on Semaphore UI: gather the facts, diagnose, print the report; exit 1 on any
//! error finding, as on the other forges.

use crate::cli::{DoctorArgs, MinSeverity};
use crate::doctor::gather_semaphore::{SemaphoreRequest, gather_semaphore};
use crate::doctor::{Severity, diagnose_semaphore};
use crate::error::{Exit, UsageError};
use crate::output;

use super::super::context::{Context, ForgeTarget};
use super::super::doctor_report::{self, Hidden};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: DoctorArgs,
) -> anyhow::Result<Exit> {
    if args.verify_tokens {
        return Err(UsageError::new(
            "--verify-tokens is not offered on Semaphore UI: its only token check hands over pending tasks and their secrets",
        )
        .into());
    }
    if !args.groups.is_empty() || args.user {
        return Err(UsageError::new(
            "Semaphore UI has no groups or user runners: -p PROJECT or --instance",
        )
        .into());
    }
    // No config to be found is an operator workstation: the API checks alone.
    let path = match context.semaphore_file_path() {
        Ok(path) => Some(path),
        Err(_) if !args.offline => None,
        Err(error) => return Err(error),
    };
    let given = context.global.runner_file.is_some();
    let local = path
        .as_ref()
        .is_some_and(|path| args.offline || given || path.symlink_metadata().is_ok());
    let client = if args.offline {
        None
    } else {
        Some(context.semaphore_client(&target)?)
    };
    let request = SemaphoreRequest {
        projects: args.projects.clone(),
        instance: args.instance,
        runner_ids: args.runners.clone(),
        runner_file: path.filter(|_| local),
        local_runner_id: super::registered_here(context),
        service_unit: args.service_unit.clone(),
        runner_log: args
            .runner_log
            .as_deref()
            .map(crate::runner_log::LogSource::from_argument),
    };
    let facts = gather_semaphore(Some(target.url.clone()), &request, client.as_ref())?;
    let mut report = diagnose_semaphore(&facts);
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
