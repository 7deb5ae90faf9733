//! A spinner on stderr while runners are read (`list`, `prune`'s plan): shown only when
//! stderr is a terminal and the output is not JSON, so scripts see nothing of it.

use std::io::IsTerminal;
use std::time::Duration;

use crate::ops::ReadProgress;

pub(super) struct ReadSpinner {
    bar: indicatif::ProgressBar,
}

impl ReadSpinner {
    pub(super) fn new(json: bool) -> ReadSpinner {
        let bar = if std::io::stderr().is_terminal() && !json {
            indicatif::ProgressBar::new_spinner()
        } else {
            indicatif::ProgressBar::hidden()
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
            bar.set_style(style);
        }
        bar.set_message("reading runners");
        bar.enable_steady_tick(Duration::from_millis(120));
        ReadSpinner { bar }
    }

    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl ReadProgress for ReadSpinner {
    fn read(&self, count: usize) {
        self.bar
            .set_message(format!("reading runners: {count} read"));
    }
}
