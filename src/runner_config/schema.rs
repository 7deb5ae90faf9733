//! The keys gitlab-runner decodes and their TOML types, so that we refuse what it would refuse.
//!
//! gitlab-runner loads config.toml with BurntSushi/toml into the structs of `common/config.go`
//! (and `cache/cacheconfig`, the autoscaler and docker-machine configs). Unknown keys are
//! ignored there, so they are ignored here; a known key of the wrong TOML type is a fatal
//! `incompatible types` error there, so it is [`ConfigError::Invalid`] here. Field names with
//! or without a toml tag match case-insensitively in BurntSushi/toml, hence the fallback in
//! [`find_field`]. Only keys whose Go type was checked are listed: a missing key is merely not
//! validated, a wrong one would refuse a file gitlab-runner loads.

use std::path::Path;

use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::error::ConfigError;

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Str,
    Int,
    /// float64 fields also take a TOML integer.
    Float,
    Bool,
    /// time.Time: a TOML datetime, or an RFC 3339 string (TextUnmarshaler).
    Time,
    /// time.Duration: a Go duration string (`"10m"`) or an integer of nanoseconds.
    Duration,
    StrList,
    /// docker's `pull_policy`: one string or a list of them.
    StrOrList,
    /// `[runners.feature_flags]`: map[string]bool.
    BoolMap,
    /// Passed on as it is (`[runners.autoscaler.plugin_config]`).
    AnyTable,
    Table(&'static [Field]),
    TableArray(&'static [Field]),
}

pub(crate) struct Field {
    pub key: &'static str,
    pub kind: Kind,
}

const fn f(key: &'static str, kind: Kind) -> Field {
    Field { key, kind }
}

use Kind::*;

const SESSION_SERVER: &[Field] = &[
    f("listen_address", Str),
    f("advertise_address", Str),
    f("session_timeout", Int),
];

const CACHE_S3: &[Field] = &[
    f("ServerAddress", Str),
    f("AccessKey", Str),
    f("SecretKey", Str),
    f("BucketName", Str),
    f("BucketLocation", Str),
    f("Insecure", Bool),
    f("AuthenticationType", Str),
];

const CACHE_GCS: &[Field] = &[
    f("CredentialsFile", Str),
    f("AccessID", Str),
    f("PrivateKey", Str),
    f("BucketName", Str),
];

const CACHE_AZURE: &[Field] = &[
    f("AccountName", Str),
    f("AccountKey", Str),
    f("ContainerName", Str),
    f("StorageDomain", Str),
];

const CACHE: &[Field] = &[
    f("Type", Str),
    f("Path", Str),
    f("Shared", Bool),
    f("MaxUploadedArchiveSize", Int),
    f("s3", Table(CACHE_S3)),
    f("gcs", Table(CACHE_GCS)),
    f("azure", Table(CACHE_AZURE)),
];

const DOCKER: &[Field] = &[
    f("host", Str),
    f("tls_verify", Bool),
    f("tls_cert_path", Str),
    f("image", Str),
    f("helper_image", Str),
    f("privileged", Bool),
    f("disable_entrypoint_overwrite", Bool),
    f("oom_kill_disable", Bool),
    f("disable_cache", Bool),
    f("volumes", StrList),
    f("shm_size", Int),
    f("network_mode", Str),
    f("network_mtu", Int),
    f("cpus", Str),
    f("memory", Str),
    f("dns", StrList),
    f("extra_hosts", StrList),
    f("cap_add", StrList),
    f("cap_drop", StrList),
    f("pull_policy", StrOrList),
    f("allowed_images", StrList),
    f("allowed_services", StrList),
];

const KUBERNETES: &[Field] = &[
    f("host", Str),
    f("namespace", Str),
    f("image", Str),
    f("helper_image", Str),
    f("privileged", Bool),
    f("service_account", Str),
    f("cpu_limit", Str),
    f("memory_limit", Str),
    f("poll_timeout", Int),
    f("poll_interval", Int),
];

const AUTOSCALER_CONNECTOR: &[Field] = &[
    f("os", Str),
    f("arch", Str),
    f("protocol", Str),
    f("username", Str),
    f("key_path", Str),
];

const AUTOSCALER_POLICY: &[Field] = &[
    f("periods", StrList),
    f("timezone", Str),
    f("idle_count", Int),
    f("idle_time", Duration),
    f("scale_factor", Float),
    f("scale_factor_limit", Int),
];

const AUTOSCALER: &[Field] = &[
    f("plugin", Str),
    f("capacity_per_instance", Int),
    f("max_use_count", Int),
    f("max_instances", Int),
    f("plugin_config", AnyTable),
    f("connector_config", Table(AUTOSCALER_CONNECTOR)),
    f("policy", TableArray(AUTOSCALER_POLICY)),
];

const MACHINE_AUTOSCALING: &[Field] = &[
    f("Periods", StrList),
    f("Timezone", Str),
    f("IdleCount", Int),
    f("IdleCountMin", Int),
    f("IdleScaleFactor", Float),
    f("IdleTime", Int),
];

const MACHINE: &[Field] = &[
    f("IdleCount", Int),
    f("IdleCountMin", Int),
    f("IdleScaleFactor", Float),
    f("IdleTime", Int),
    f("MaxGrowthRate", Int),
    f("MaxBuilds", Int),
    f("MachineDriver", Str),
    f("MachineName", Str),
    f("MachineOptions", StrList),
    f("autoscaling", TableArray(MACHINE_AUTOSCALING)),
];

const CUSTOM: &[Field] = &[
    f("config_exec", Str),
    f("config_args", StrList),
    f("config_exec_timeout", Int),
    f("prepare_exec", Str),
    f("prepare_args", StrList),
    f("prepare_exec_timeout", Int),
    f("run_exec", Str),
    f("run_args", StrList),
    f("cleanup_exec", Str),
    f("cleanup_args", StrList),
    f("cleanup_exec_timeout", Int),
    f("graceful_kill_timeout", Int),
    f("force_kill_timeout", Int),
];

const SSH: &[Field] = &[
    f("user", Str),
    f("password", Str),
    f("host", Str),
    // A string in gitlab-runner (ssh.Config.Port), not an integer.
    f("port", Str),
    f("identity_file", Str),
];

const PARALLELS: &[Field] = &[
    f("base_name", Str),
    f("template_name", Str),
    f("disable_snapshots", Bool),
    f("time_server", Str),
];

const VIRTUALBOX: &[Field] = &[
    f("base_name", Str),
    f("base_snapshot", Str),
    f("base_folder", Str),
    f("disable_snapshots", Bool),
    f("start_type", Str),
];

const CUSTOM_BUILD_DIR: &[Field] = &[f("enabled", Bool)];

pub(crate) const RUNNER: &[Field] = &[
    f("name", Str),
    f("url", Str),
    f("id", Int),
    f("token", Str),
    f("token_obtained_at", Time),
    f("token_expires_at", Time),
    f("tls-ca-file", Str),
    f("tls-cert-file", Str),
    f("tls-key-file", Str),
    f("limit", Int),
    f("output_limit", Int),
    f("request_concurrency", Int),
    f("unhealthy_requests_limit", Int),
    f("unhealthy_interval", Duration),
    f("executor", Str),
    f("builds_dir", Str),
    f("cache_dir", Str),
    f("clone_url", Str),
    f("environment", StrList),
    f("pre_get_sources_script", Str),
    f("post_get_sources_script", Str),
    f("pre_build_script", Str),
    f("post_build_script", Str),
    f("debug_trace_disabled", Bool),
    f("shell", Str),
    f("custom_build_dir", Table(CUSTOM_BUILD_DIR)),
    f("feature_flags", BoolMap),
    f("cache", Table(CACHE)),
    f("docker", Table(DOCKER)),
    f("kubernetes", Table(KUBERNETES)),
    f("autoscaler", Table(AUTOSCALER)),
    f("machine", Table(MACHINE)),
    f("custom", Table(CUSTOM)),
    f("ssh", Table(SSH)),
    f("parallels", Table(PARALLELS)),
    f("virtualbox", Table(VIRTUALBOX)),
];

pub(crate) const ROOT: &[Field] = &[
    f("listen_address", Str),
    f("session_server", Table(SESSION_SERVER)),
    f("concurrent", Int),
    f("check_interval", Int),
    f("log_level", Str),
    f("log_format", Str),
    f("user", Str),
    f("shutdown_timeout", Int),
    f("sentry_dsn", Str),
    f("connection_max_age", Duration),
    f("runners", TableArray(RUNNER)),
];

/// An exact match first, then BurntSushi/toml's case-insensitive one.
pub(crate) fn find_field<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    fields.iter().find(|field| field.key == key).or_else(|| {
        fields
            .iter()
            .find(|field| field.key.eq_ignore_ascii_case(key))
    })
}

/// The first key in `doc` that gitlab-runner would fail to decode, as [`ConfigError::Invalid`].
pub fn validate(doc: &DocumentMut, path: &Path) -> Result<(), ConfigError> {
    validate_table(doc.as_table(), ROOT, &KeyPath::Root).map_err(|mismatch| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: mismatch.key,
        expected: mismatch.expected.to_string(),
        found: mismatch.found,
    })
}

/// [`validate`] for one `[[runners]]` entry, named `runners[index]`.
pub(crate) fn validate_runner(
    entry: &dyn TableLike,
    index: usize,
    path: &Path,
) -> Result<(), ConfigError> {
    let entry_path = KeyPath::Index(&KeyPath::Key(&KeyPath::Root, "runners"), index);
    validate_table(entry, RUNNER, &entry_path).map_err(|mismatch| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: mismatch.key,
        expected: mismatch.expected.to_string(),
        found: mismatch.found,
    })
}

struct Mismatch {
    key: String,
    expected: &'static str,
    found: String,
}

/// Where a value sits (`runners[3].docker.image`), spelled out only for a mismatch: a
/// large file has tens of thousands of keys, nearly all of them fine.
#[derive(Clone, Copy)]
enum KeyPath<'a> {
    Root,
    Key(&'a KeyPath<'a>, &'a str),
    Index(&'a KeyPath<'a>, usize),
}

impl KeyPath<'_> {
    fn dotted(&self) -> String {
        match self {
            KeyPath::Root => String::new(),
            KeyPath::Key(KeyPath::Root, key) => key.to_string(),
            KeyPath::Key(parent, key) => format!("{}.{key}", parent.dotted()),
            KeyPath::Index(parent, index) => format!("{}[{index}]", parent.dotted()),
        }
    }
}

fn validate_table(
    table: &dyn TableLike,
    fields: &[Field],
    prefix: &KeyPath<'_>,
) -> Result<(), Mismatch> {
    for (key, item) in table.iter() {
        if let Some(field) = find_field(fields, key) {
            validate_item(item, field.kind, &KeyPath::Key(prefix, key))?;
        }
    }
    Ok(())
}

pub(crate) fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(value) => value_type_name(value),
    }
}

fn value_type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a datetime",
        Value::Array(_) => "an array",
        Value::InlineTable(_) => "a table",
    }
}

fn validate_item(item: &Item, kind: Kind, key: &KeyPath<'_>) -> Result<(), Mismatch> {
    let mismatch = |expected: &'static str, found: String| {
        Err(Mismatch {
            key: key.dotted(),
            expected,
            found,
        })
    };
    let found = || type_name(item).to_string();
    let value = item.as_value();
    match kind {
        Str => match value {
            Some(Value::String(_)) => Ok(()),
            _ => mismatch("a string", found()),
        },
        Int => match value {
            Some(Value::Integer(_)) => Ok(()),
            _ => mismatch("an integer", found()),
        },
        Float => match value {
            Some(Value::Float(_) | Value::Integer(_)) => Ok(()),
            _ => mismatch("a number", found()),
        },
        Bool => match value {
            Some(Value::Boolean(_)) => Ok(()),
            _ => mismatch("a boolean (true or false)", found()),
        },
        Time => match value {
            Some(Value::Datetime(_)) => Ok(()),
            Some(Value::String(text)) => {
                if chrono::DateTime::parse_from_rfc3339(text.value()).is_ok() {
                    Ok(())
                } else {
                    mismatch("a datetime", "a string that is not an RFC 3339 time".into())
                }
            }
            _ => mismatch("a datetime", found()),
        },
        Duration => match value {
            Some(Value::Integer(_)) => Ok(()),
            Some(Value::String(text)) => {
                if is_go_duration(text.value()) {
                    Ok(())
                } else {
                    mismatch(
                        "a duration such as \"10m\"",
                        format!("the string {:?}", text.value()),
                    )
                }
            }
            _ => mismatch("a duration such as \"10m\"", found()),
        },
        StrList => match value {
            Some(Value::Array(array)) => {
                if array.iter().all(|element| element.is_str()) {
                    Ok(())
                } else {
                    mismatch("an array of strings", "an array with a non-string".into())
                }
            }
            _ => mismatch("an array of strings", found()),
        },
        StrOrList => match value {
            Some(Value::String(_)) => Ok(()),
            Some(Value::Array(array)) if array.iter().all(|element| element.is_str()) => Ok(()),
            _ => mismatch("a string or an array of strings", found()),
        },
        BoolMap => match item.as_table_like() {
            Some(table) => {
                for (flag, value) in table.iter() {
                    validate_item(value, Bool, &KeyPath::Key(key, flag))?;
                }
                Ok(())
            }
            None => mismatch("a table", found()),
        },
        AnyTable => match item.as_table_like() {
            Some(_) => Ok(()),
            None => mismatch("a table", found()),
        },
        Table(fields) => match item.as_table_like() {
            Some(table) => validate_table(table, fields, key),
            None => mismatch("a table", found()),
        },
        TableArray(fields) => match item {
            Item::ArrayOfTables(array) => {
                for (index, table) in array.iter().enumerate() {
                    validate_table(table, fields, &KeyPath::Index(key, index))?;
                }
                Ok(())
            }
            Item::Value(Value::Array(array)) => {
                for (index, element) in array.iter().enumerate() {
                    match element {
                        Value::InlineTable(table) => {
                            validate_table(table, fields, &KeyPath::Index(key, index))?
                        }
                        other => {
                            return mismatch(
                                "an array of tables",
                                format!("an array holding {}", value_type_name(other)),
                            );
                        }
                    }
                }
                Ok(())
            }
            _ => mismatch("an array of tables ([[...]])", found()),
        },
    }
}

/// Go's `time.ParseDuration` grammar: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
pub(crate) fn is_go_duration(text: &str) -> bool {
    let rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    if rest == "0" {
        return true;
    }
    if rest.is_empty() {
        return false;
    }
    let mut chars = rest.chars().peekable();
    while chars.peek().is_some() {
        let mut digits = 0;
        while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            chars.next();
            digits += 1;
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                chars.next();
                digits += 1;
            }
        }
        if digits == 0 {
            return false;
        }
        let mut unit = String::new();
        while chars
            .peek()
            .is_some_and(|c| !c.is_ascii_digit() && *c != '.')
        {
            unit.extend(chars.next());
        }
        if !matches!(
            unit.as_str(),
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h"
        ) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), ConfigError> {
        let doc: DocumentMut = text.parse().expect("test input parses");
        validate(&doc, Path::new("config.toml"))
    }

    fn invalid_key(text: &str) -> String {
        match check(text) {
            Err(ConfigError::Invalid { key, .. }) => key,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn wrong_types_name_the_dotted_key() {
        assert_eq!(invalid_key("concurrent = \"4\""), "concurrent");
        assert_eq!(invalid_key("[[runners]]\ntoken = 123"), "runners[0].token");
        assert_eq!(
            invalid_key("[[runners]]\nname = \"a\"\n[[runners]]\nlimit = \"x\""),
            "runners[1].limit"
        );
        assert_eq!(
            invalid_key("[[runners]]\n[runners.docker]\nprivileged = \"yes\""),
            "runners[0].docker.privileged"
        );
        assert_eq!(invalid_key("[runners]\nname = \"a\""), "runners");
        assert_eq!(
            invalid_key("[[runners]]\n[runners.feature_flags]\nFF_X = 1"),
            "runners[0].feature_flags.FF_X"
        );
        assert_eq!(
            invalid_key(
                "[[runners]]\n[runners.autoscaler]\n[[runners.autoscaler.policy]]\nidle_time = \"ten\""
            ),
            "runners[0].autoscaler.policy[0].idle_time"
        );
    }

    #[test]
    fn keys_match_case_insensitively_like_burntsushi() {
        assert_eq!(invalid_key("Concurrent = \"4\""), "Concurrent");
    }

    #[test]
    fn unknown_keys_and_good_types_pass() {
        check(
            "concurrent = 4\nwhatever = [1]\n[[runners]]\nname = \"a\"\nid = 3\n\
             token_obtained_at = 2024-01-02T03:04:05Z\ntoken_expires_at = \"0001-01-01T00:00:00Z\"\n\
             [runners.docker]\npull_policy = [\"always\"]\nfancy = 1\n[runners.machine]\nidlecount = 2\n",
        )
        .expect("valid");
    }

    #[test]
    fn go_durations() {
        for good in ["0", "10m", "1h30m", "1.5h", "300ms", "-2s", "1µs"] {
            assert!(is_go_duration(good), "{good}");
        }
        for bad in ["", "10", "ten", "1d", "m", "1h 30m", "."] {
            assert!(!is_go_duration(bad), "{bad}");
        }
    }
}
