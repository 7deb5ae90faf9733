//! `register`'s flags as the operation's options, and its errors in runnerctl's words: the
//! operation says what failed, this file says which flag or command to reach for.

use anyhow::anyhow;

use crate::cli::RegisterArgs;
use crate::commands::context::Context;
use crate::error::{UsageError, add_hint};
use crate::gitlab::ApiError;
use crate::instance_url::InstanceUrl;
use crate::ops::register::{RegisterError, RegisterOptions};
use crate::output;
use crate::runner_config::{AutoscalerSpec, DockerSpec, KubernetesSpec};
use crate::token::RunnerToken;

pub(super) fn options_from(
    context: &Context,
    args: &RegisterArgs,
) -> anyhow::Result<RegisterOptions> {
    Ok(RegisterOptions {
        config_path: context.config_path()?,
        edit_options: context.edit_options(),
        client_options: context.client_options(),
        name: args.name.clone(),
        executor: args.executor,
        docker: DockerSpec {
            image: args.docker_image.clone(),
        },
        kubernetes: KubernetesSpec {
            namespace: args.kubernetes_namespace.clone(),
            image: args.kubernetes_image.clone(),
        },
        autoscaler: AutoscalerSpec {
            plugin: args.autoscaler_plugin.clone(),
            capacity_per_instance: args.autoscaler_capacity_per_instance.map(i64::from),
            max_use_count: args.autoscaler_max_use_count.map(i64::from),
            max_instances: args.autoscaler_max_instances.map(i64::from),
            idle_count: args.autoscaler_idle_count.map(i64::from),
            idle_time: args.autoscaler_idle_time.as_ref().map(ToString::to_string),
        },
        template: args.template_config.clone(),
        no_verify: args.no_verify,
    })
}

/// The register operation's error, with the flag or command that helps.
pub(super) fn explain(error: anyhow::Error) -> anyhow::Error {
    match error.downcast::<RegisterError>() {
        Ok(RegisterError::EmptyName) => UsageError::new("--name must not be empty").into(),
        Ok(RegisterError::Template { source, .. }) => {
            anyhow::Error::new(source).context("cannot use --template-config")
        }
        Ok(RegisterError::Verify { url, source }) => explain_verify_failure(source, &url),
        Err(error) => error,
    }
}

fn explain_verify_failure(error: ApiError, url: &InstanceUrl) -> anyhow::Error {
    if error.is_orphaned_runner() {
        let message = anyhow!(
            "GitLab at {url} refused the runner token because its runner is orphaned: the project \
             or group that owned the runner was deleted, so the runner can take no jobs. The token \
             itself is not the problem; config.toml was left as it was"
        );
        return add_hint(
            message,
            "create a new runner (`runnerctl create -g GROUP` or `-p PROJECT`) and register that \
             one"
            .to_string(),
        );
    }
    match error.status() {
        Some(403) => {
            let message = anyhow!(
                "GitLab at {url} refused the runner token (403 Forbidden): it is not valid there. \
                 It may have been reset or its runner deleted, or it belongs to another GitLab; \
                 config.toml was left as it was"
            );
            add_hint(
                message,
                "check --url; get a current token with `runnerctl rotate ID`, or create a new \
                 runner"
                    .to_string(),
            )
        }
        Some(422) => {
            let message = anyhow!(
                "GitLab at {url} answered 422 to the runner token: the runner is orphaned (its \
                 project or group is gone); config.toml was left as it was"
            );
            add_hint(message, "delete it and create a new one".to_string())
        }
        _ => add_hint(
            anyhow::Error::new(error).context(format!(
                "cannot verify the runner token with {url}; config.toml was left as it was"
            )),
            "--no-verify writes the entry without asking GitLab".to_string(),
        ),
    }
}

/// Registration tokens belong to the deprecated workflow; runnerctl never uses one.
pub(super) fn check_token(token: &RunnerToken) -> anyhow::Result<()> {
    if token.expose().is_empty() {
        return Err(UsageError::new("the runner token is empty").into());
    }
    if token.expose().chars().any(char::is_whitespace) {
        return Err(UsageError::new(
            "the runner token contains whitespace: pass exactly one token on standard input",
        )
        .into());
    }
    if token.is_registration_token() {
        return Err(UsageError::new(
            "this is a registration token (GR1348941…), from GitLab's deprecated registration \
             workflow, disabled by default since GitLab 17.0: create the runner first with \
             `runnerctl create -g GROUP` (or -p PROJECT, --instance), which keeps its glrt- token, \
             then register it with `runnerctl register --runner ID`, or do both at once with \
             `runnerctl create --register`",
        )
        .into());
    }
    if !token.is_authentication_token() {
        output::warn(
            "the runner token is not a glrt- runner authentication token: it is a legacy runner \
             token from the registration-token era; it still works, but GitLab is removing that workflow, so \
             consider creating a new runner with `runnerctl create`",
        );
    }
    Ok(())
}
