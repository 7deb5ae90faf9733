//! `fake-gitlab [--fleet FILE] [--port N] [--latency-ms N]`
//!
//! Prints its URL as the first line of stdout, then serves until it is killed (SIGINT/SIGTERM)
//! or its stdin reaches end of file, so a parent process that dies takes the server with it
//! (`--ignore-stdin` turns that off for a server started with stdin at /dev/null).
//! Control endpoints for benchmarks and the demo live under `/__fake/`: `GET /__fake/requests`,
//! `DELETE /__fake/requests`, `GET /__fake/stats`, `POST /__fake/faults`, `DELETE /__fake/faults`,
//! `POST /__fake/latency` `{"ms": N}`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use fake_gitlab::{FakeGitLab, Fleet};

#[derive(Parser)]
#[command(
    name = "fake-gitlab",
    about = "A stateful fake of GitLab's REST and GraphQL APIs on 127.0.0.1"
)]
struct Args {
    /// Seed data (JSON); without it, only the users root (glpat-admin-token) and maintainer
    /// (glpat-maintainer-token).
    #[arg(long)]
    fleet: Option<PathBuf>,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Latency added before every response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Keep running when stdin closes (for running in the background with stdin at /dev/null).
    #[arg(long)]
    ignore_stdin: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let fleet = match &args.fleet {
        Some(path) => Fleet::from_file(path)?,
        None => Fleet::with_standard_users(),
    };
    let gitlab = FakeGitLab::start_on(fleet, args.port)?;
    gitlab.set_latency(Duration::from_millis(args.latency_ms));
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", gitlab.url()).context("cannot write the URL to stdout")?;
    stdout.flush()?;

    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    if !args.ignore_stdin {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut sink = [0u8; 1024];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            let _ = stop.send(());
        });
    }
    let signals = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        signals.block_on(async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                if let Ok(mut term) = signal(SignalKind::terminate()) {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                    return;
                }
            }
            let _ = tokio::signal::ctrl_c().await;
        });
        let _ = stop.send(());
    });
    let _ = stopped.recv();
    drop(gitlab);
    Ok(())
}
