//! Operations: what a command does, as functions that take plain options and return values
//! (`Created`, `Registered`, `Rotated`, plans and results). They never parse arguments, prompt
//! or print; `commands/` maps arguments to options, calls one operation and renders its value.

pub mod auth;
pub mod config_diff;
pub mod create;
pub mod detect;
pub mod gitea;
pub mod list;
pub mod prune;
pub mod register;
pub mod results;
pub mod rotate;
pub mod semaphore;
pub mod unregister;
pub mod update;

/// How a long read reports its progress (the command draws a spinner on a terminal).
pub trait ReadProgress: Sync {
    /// `count` runners have been read so far.
    fn read(&self, count: usize);
}

/// Progress nobody watches.
pub struct NoProgress;

impl ReadProgress for NoProgress {
    fn read(&self, _count: usize) {}
}
