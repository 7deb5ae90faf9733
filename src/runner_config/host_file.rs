//! config.toml as a [`HostFile`]: the lifecycle's view of it, an entry by its identity.

use crate::runner_id::RunnerId;
use std::path::Path;

use super::document::EntryView;
use super::error::ConfigError;
use super::file::{ConfigFile, EditOptions, Notice};
use super::spec::RunnerSpec;
use crate::host_file::{HostEntry, HostFile, Saved, Upserted};
use crate::token::RunnerToken;

impl From<EntryView> for HostEntry {
    fn from(entry: EntryView) -> HostEntry {
        HostEntry {
            index: entry.index,
            runner_id: entry.runner_id().map(RunnerId::get),
            name: entry.name,
            url: entry.url,
        }
    }
}

impl HostFile for ConfigFile {
    type Options = EditOptions;
    type Entry = RunnerSpec;
    type Notice = Notice;
    type Error = ConfigError;

    fn load(path: &Path, options: &EditOptions) -> Result<ConfigFile, ConfigError> {
        ConfigFile::open_with(path, options)
    }

    fn path(&self) -> &Path {
        self.requested_path()
    }

    fn load_notices(&self) -> &[Notice] {
        self.notices()
    }

    fn entry(&self, index: usize) -> Option<HostEntry> {
        self.document().runner(index).map(HostEntry::from)
    }

    fn find_entry(&self, token: Option<&RunnerToken>, runner_id: Option<u64>) -> Option<HostEntry> {
        let document = self.document();
        let index = token
            .and_then(|token| document.find_by_token(token).first().copied())
            .or_else(|| {
                runner_id.and_then(|id| {
                    document
                        .find_runner(RunnerId::new(id), None)
                        .first()
                        .copied()
                })
            })?;
        HostFile::entry(self, index)
    }

    fn upsert(&mut self, spec: &RunnerSpec) -> Result<Saved<Upserted, Notice>, ConfigError> {
        let edit = self.edit(|document| document.add_or_update_runner(spec))?;
        Ok(Saved {
            value: Upserted {
                index: edit.value.index,
                action: edit.value.action,
            },
            written: edit.written,
            notices: edit.notices,
        })
    }

    fn remove(&mut self, indexes: &[usize]) -> Result<Saved<Vec<HostEntry>, Notice>, ConfigError> {
        let mut indexes = indexes.to_vec();
        // From the last, so that each index still names the entry it named before the change.
        indexes.sort_unstable_by(|a, b| b.cmp(a));
        indexes.dedup();
        let edit = self.edit(|document| {
            let mut removed = Vec::new();
            for index in indexes {
                if let Some(entry) = document.remove_runner(index)? {
                    removed.push(HostEntry::from(entry));
                }
            }
            removed.reverse();
            Ok::<_, ConfigError>(removed)
        })?;
        Ok(Saved {
            value: edit.value,
            written: edit.written,
            notices: edit.notices,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host_file::Action;
    use crate::runner_config::Setting;

    fn spec(name: &str, token: &str) -> RunnerSpec {
        let mut spec = RunnerSpec::new(
            Setting::Given(name.to_string()),
            "https://gitlab.example.com",
            RunnerToken::new(token),
            chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        );
        spec.executor = Some(crate::runner_config::Executor::Shell);
        spec
    }

    #[test]
    fn config_toml_upserts_finds_and_removes_through_the_seam() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mut file = <ConfigFile as HostFile>::load(&path, &EditOptions::default()).unwrap();
        assert_eq!(HostFile::path(&file), path);
        let first = file.upsert(&spec("one", "glrt-one")).unwrap();
        assert_eq!(first.value.action, Action::Added);
        assert!(first.written);
        assert_eq!(
            file.upsert(&spec("two", "glrt-two")).unwrap().value.index,
            1
        );
        let again = file.upsert(&spec("two", "glrt-two")).unwrap();
        assert_eq!(again.value.action, Action::Unchanged);
        assert!(!again.written);
        assert_eq!(
            file.upsert(&spec("two-renamed", "glrt-two"))
                .unwrap()
                .value
                .action,
            Action::Updated
        );

        let found = file
            .find_entry(Some(&RunnerToken::new("glrt-two")), None)
            .unwrap();
        assert_eq!(
            (found.index, found.name.as_deref()),
            (1, Some("two-renamed"))
        );
        assert_eq!(
            file.find_entry(Some(&RunnerToken::new("glrt-none")), None),
            None
        );

        let removed = file.remove(&[1, 0, 7]).unwrap();
        let names: Vec<_> = removed.value.iter().map(|e| e.name.clone()).collect();
        assert_eq!(
            names,
            [Some("one".to_string()), Some("two-renamed".to_string())]
        );
        assert!(ConfigFile::read(&path).unwrap().runners().is_empty());
    }
}
