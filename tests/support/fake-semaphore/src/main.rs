//! `fake-semaphore [--demo] [--pro] [--port N] [--latency-ms N] [--ignore-stdin]`
//!
//! Prints its URL as the first line of stdout, then serves until it is killed (SIGINT/SIGTERM)
//! or its stdin reaches end of file, so a parent process that dies takes the server with it
//! (`--ignore-stdin` turns that off for a server started with stdin at /dev/null).
//! Control endpoints live under `/__fake/`: `GET /__fake/requests`, `DELETE /__fake/requests`,
//! `GET /__fake/runners`, `POST /__fake/faults`, `DELETE /__fake/faults`,
//! `POST /__fake/latency` `{"ms": N}`, `POST /__fake/touch/{id}`.

use std::io::{Read, Write};
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use fake_semaphore::{FakeSemaphore, Fleet};

#[derive(Parser)]
#[command(
    name = "fake-semaphore",
    about = "A stateful fake of Semaphore UI's HTTP API on 127.0.0.1"
)]
struct Args {
    /// Add a few runners, templates and tasks to the standard users (admin:
    /// semaphore-admin-token, dev: semaphore-user-token) and project 1 "infra".
    #[arg(long)]
    demo: bool,
    /// Behave as Semaphore Pro: project runners can be created, changed and deleted.
    #[arg(long)]
    pro: bool,
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
    let fleet = if args.demo {
        Fleet::demo()
    } else {
        Fleet::standard()
    };
    let fleet = fleet.pro(args.pro);
    let semaphore = FakeSemaphore::start_on(fleet, args.port)?;
    semaphore.set_latency(Duration::from_millis(args.latency_ms));
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", semaphore.url()).context("cannot write the URL to stdout")?;
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
    drop(semaphore);
    Ok(())
}
