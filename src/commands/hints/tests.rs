//! The catalogue's advice, pinned per error.

use super::*;
use crate::ops::gitea::credentials::CredentialsError;
use crate::runner_file::RunnerFileError;

#[test]
fn the_advice_travels_beside_the_error_it_is_for() {
    let error = anyhow::Error::new(ApiError::Unauthorized {
        url: "https://gitlab.example.com".to_string(),
    })
    .context("cannot list runners");
    let error = attach(error);
    assert_eq!(
        crate::error::hints(&error),
        ["check GITLAB_TOKEN, or run `runnerctl auth login --url https://gitlab.example.com`"]
    );
    assert_eq!(
        crate::error::messages(&error)[0],
        "cannot list runners",
        "the message is unchanged"
    );
    let again = attach(error);
    assert_eq!(crate::error::hints(&again).len(), 1, "each hint once");
}

fn hints_of(error: impl std::error::Error + Send + Sync + 'static) -> Vec<String> {
    hints_for(&anyhow::Error::new(error))
}

#[test]
fn a_redirect_to_another_origin_names_the_new_address() {
    let hints = hints_of(ApiError::Redirect {
        status: 301,
        method: "GET".to_string(),
        base: "https://gitlab.example.com".to_string(),
        from: "https://gitlab.example.com/api/v4/user".to_string(),
        to: "http://gitlab.example.com/api/v4/user".to_string(),
        refusal: RedirectRefusal::OtherOrigin {
            new_url: "http://gitlab.example.com".to_string(),
        },
    });
    assert!(
        hints[0].contains("--url http://gitlab.example.com "),
        "{hints:?}"
    );
}

#[test]
fn a_new_entry_without_an_executor_asks_for_the_flag() {
    let hints = hints_of(ConfigError::NoExecutor {
        path: "config.toml".into(),
    });
    assert_eq!(hints, ["pass --executor"]);
    let hints = hints_of(crate::error::UsageError::caused_by(
        InvalidSpec::IdleTimeNotADuration("soon".to_string()),
    ));
    assert!(hints[0].contains("--autoscaler-idle-time"), "{hints:?}");
}

#[test]
fn advice_for_the_host_and_the_service() {
    let hints = hints_of(ConfigError::OtherOwner {
        path: "config.toml".into(),
        problem: "is owned by nobody".to_string(),
        fix: "Run as its owner".to_string(),
    });
    assert_eq!(
        hints,
        ["run as its owner, or pass --allow-other-owner if this is intended"]
    );
    let hints = hints_of(ServiceError::NeedsRoot { action: "restart" });
    assert_eq!(hints, ["run `sudo runnerctl restart`"]);
}

#[test]
fn an_api_address_pasted_as_the_url_is_told_to_drop_its_suffix() {
    let hints = hints_of(ApiError::NotGitlab {
        url: "https://gitlab.example.com/api/v4/api/v4/user".to_string(),
        status: 404,
        what: "an HTML page".to_string(),
        base_hint: Some("https://gitlab.example.com".to_string()),
    });
    assert_eq!(hints.len(), 2, "{hints:?}");
    assert_eq!(
        hints[1],
        "drop the /api/v4: --url https://gitlab.example.com"
    );
}

#[test]
fn a_runner_file_in_use_names_the_service_to_stop() {
    let hints = hints_of(RunnerFileError::InUse {
        path: "/srv/runner/.runner".into(),
        lock_path: "/srv/runner/.runner.lock".into(),
    });
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(hints[0].contains("systemctl stop "), "{hints:?}");
    assert!(hints[0].contains("runnerctl stop"), "{hints:?}");
    let hints = hints_of(crate::error::UsageError::caused_by(
        CredentialsError::NotCredentials("it is not valid JSON".to_string()),
    ));
    assert!(
        hints[0].contains("token show ID --format json"),
        "{hints:?}"
    );
}
