//! A runner's id on its forge. The APIs take and return it as a positive integer;
//! gitlab-runner's config.toml holds it as a TOML integer (`id = 42`, an `int64` in
//! `common/config.go`), so the one conversion between the two lives here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A runner's id: what `GET /runners/:id` takes and config.toml's `id` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunnerId(u64);

impl RunnerId {
    pub const fn new(id: u64) -> RunnerId {
        RunnerId(id)
    }

    /// The number, for an API path or a JSON document.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// config.toml's `id`; `None` for a negative value, which a hand edit may leave and no
    /// runner has.
    pub fn from_config(id: i64) -> Option<RunnerId> {
        u64::try_from(id).ok().map(RunnerId)
    }

    /// The value config.toml's `id` holds for this runner; `None` beyond `i64::MAX`, which
    /// no forge hands out.
    pub fn to_config(self) -> Option<i64> {
        i64::try_from(self.0).ok()
    }
}

impl From<u64> for RunnerId {
    fn from(id: u64) -> RunnerId {
        RunnerId(id)
    }
}

impl From<RunnerId> for u64 {
    fn from(id: RunnerId) -> u64 {
        id.0
    }
}

impl fmt::Display for RunnerId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, formatter)
    }
}

impl FromStr for RunnerId {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<RunnerId, Self::Err> {
        text.parse().map(RunnerId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_ids_convert_only_when_a_runner_can_have_them() {
        assert_eq!(RunnerId::from_config(42), Some(RunnerId::new(42)));
        assert_eq!(RunnerId::from_config(-3), None);
        assert_eq!(RunnerId::new(42).to_config(), Some(42));
        assert_eq!(RunnerId::new(u64::MAX).to_config(), None);
    }

    #[test]
    fn it_reads_and_prints_as_the_number() {
        let id: RunnerId = "42".parse().unwrap();
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(
            serde_json::from_str::<RunnerId>("7").unwrap(),
            RunnerId::new(7)
        );
        assert!("-1".parse::<RunnerId>().is_err());
    }
}
