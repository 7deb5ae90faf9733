//! `fake-gitea --flavour gitea-1.26|gitea-1.24|gitea-1.22|forgejo-15|forgejo-11 [--fleet FILE]
//! [--demo] [--port N] [--latency-ms N] [--ignore-stdin]`
//!
//! Prints its URL as the first line of stdout, then serves until it is killed (SIGINT/SIGTERM)
//! or its stdin reaches end of file, so a parent process that dies takes the server with it
//! (`--ignore-stdin` turns that off for a server started with stdin at /dev/null).
//! Control endpoints live under `/__fake/`: `GET /__fake/requests`, `DELETE /__fake/requests`,
//! `GET /__fake/stats`, `GET /__fake/runners`, `POST /__fake/faults`, `DELETE /__fake/faults`,
//! `POST /__fake/latency` `{"ms": N}`, `POST /__fake/reset-registration-token`
//! `{"scope": "instance" | {"org": NAME} | {"user": LOGIN} | {"repo": "o/r"}}`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use fake_gitea::{FakeGitea, Flavour, Fleet, JobSeed, ORG, REPO, RunnerSeed};

#[derive(Parser)]
#[command(
    name = "fake-gitea",
    about = "A stateful fake of Gitea's and Forgejo's Actions runner APIs on 127.0.0.1"
)]
struct Args {
    /// gitea-1.22 … gitea-1.26, forgejo-11 … forgejo-15.
    #[arg(long, default_value = "gitea-1.26")]
    flavour: String,
    /// Seed data (JSON, the `Fleet` type); its own `flavour` is replaced by --flavour. Without
    /// it, the standard users: root (gitea-admin-token), owner (gitea-owner-token) of org team
    /// with repo team/app, outsider (gitea-outsider-token).
    #[arg(long)]
    fleet: Option<PathBuf>,
    /// Add a few runners and queued jobs to the standard users, for trying commands by hand.
    #[arg(long)]
    demo: bool,
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

fn demo(fleet: &mut Fleet) {
    fleet.runner(
        RunnerSeed::org(ORG)
            .name("build-1")
            .labels(&["ubuntu-latest", "docker"]),
    );
    fleet.runner(
        RunnerSeed::org(ORG)
            .name("build-2")
            .labels(&["ubuntu-latest"])
            .offline(),
    );
    fleet.runner(
        RunnerSeed::repo(REPO)
            .name("gpu-box")
            .labels(&["gpu"])
            .disabled(),
    );
    fleet.runner(
        RunnerSeed::instance()
            .name("shared")
            .labels(&["arm64"])
            .busy(),
    );
    fleet.job(JobSeed::queued(REPO, &["ubuntu-latest"]));
    fleet.job(JobSeed::queued(REPO, &["windows-latest"]).name("test-windows"));
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let Some(flavour) = Flavour::parse(&args.flavour) else {
        bail!(
            "unknown flavour {:?}: use gitea-1.22 … gitea-1.26 or forgejo-11 … forgejo-15",
            args.flavour
        );
    };
    let mut fleet = match &args.fleet {
        Some(path) => Fleet::from_file(path)?,
        None => Fleet::standard(flavour),
    };
    fleet.flavour = flavour;
    if args.demo {
        demo(&mut fleet);
    }
    let gitea = FakeGitea::start_on(fleet, args.port)?;
    gitea.set_latency(Duration::from_millis(args.latency_ms));
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", gitea.url()).context("cannot write the URL to stdout")?;
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
    drop(gitea);
    Ok(())
}
