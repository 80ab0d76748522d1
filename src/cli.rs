//! The command line: `chloromaster [serve]`, `chloromaster config`,
//! `chloromaster admin ...`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::App;
use crate::config::{Config, VARIABLES};
use crate::service::{self, Signal, Signals};

#[derive(Parser)]
#[command(
    name = "chloromaster",
    version,
    about = "The ChloroMaster web appliance: HTTPS edge, website, JSON API and Redis-protocol cache in one process",
    after_long_help = variables_help()
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the appliance (the default).
    Serve,
    /// Print the effective configuration (secrets redacted) and check it.
    #[command(after_long_help = variables_help())]
    Config,
    /// Manage admin accounts (directly, or through the running appliance).
    #[command(subcommand)]
    Admin(crate::admin_cli::AdminCommand),
    /// Write a backup (database and cache snapshot, one tar file); works
    /// while the appliance runs.
    Backup { file: std::path::PathBuf },
    /// Restore a backup into the data directory; the appliance must be
    /// stopped. The previous data is kept as `*.before-restore`.
    Restore { file: std::path::PathBuf },
}

fn variables_help() -> String {
    let mut s = String::from("Configuration comes from environment variables:\n");
    for var in VARIABLES {
        let name = var.name;
        let help = var.help;
        if var.default.is_empty() || help.contains("default") {
            s.push_str(&format!("  {name:<33} {help}\n"));
        } else {
            s.push_str(&format!("  {name:<33} {help} (default: {})\n", var.default));
        }
    }
    s
}

/// Exit code for an invalid configuration (as `EX_USAGE`-like tools use 2).
const EXIT_CONFIG: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("chloromaster: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Config => {
            print!("{config}");
            ExitCode::SUCCESS
        }
        Command::Serve => serve(config),
        Command::Admin(cmd) => crate::admin_cli::run(&config, cmd),
        Command::Backup { file } => crate::backup::cli::backup(&config, &file),
        Command::Restore { file } => crate::backup::cli::restore_cmd(&config, &file),
    }
}

fn serve(config: Config) -> ExitCode {
    crate::logging::init(&config.log, config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("chloromaster")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let mut signals = match Signals::new() {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot install signal handlers");
                return ExitCode::FAILURE;
            }
        };
        let app = match App::start(config).await {
            Ok(app) => app,
            Err(e) => {
                tracing::error!("cannot start: {e:#}");
                eprintln!("chloromaster: cannot start: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let shutdown = app.shutdown_token();
        tokio::spawn(service::watchdog(shutdown.clone()));
        service::ready(&format!("serving on http://{}", app.http_addr()));
        loop {
            match signals.next().await {
                Signal::Reload => {
                    service::reloading();
                    app.reload().await;
                    service::ready(&format!("serving on http://{}", app.http_addr()));
                }
                Signal::Stop(name) => {
                    tracing::info!(signal = name, "shutting down");
                    service::stopping();
                    break;
                }
            }
        }
        app.shutdown().await;
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_variable_with_its_default() {
        let help = variables_help();
        for var in VARIABLES {
            let line = help
                .lines()
                .find(|l| l.split_whitespace().next() == Some(var.name))
                .unwrap_or_else(|| panic!("--help does not list {}", var.name));
            assert!(line.contains(var.help), "{line}");
        }
        assert!(help.contains("CHLORO_RATE_API                   requests per second per client IP under /api (default: 10)\n"), "{help}");
    }
}
