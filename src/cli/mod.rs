//! The command line: `chloromaster [serve]`, `chloromaster config`,
//! `chloromaster admin ...`, `chloromaster backup|restore FILE`.
//!
//! The command-line clients live here (`admin`, `backup`): they speak the
//! control protocol to a running appliance, or run the operations
//! (`accounts`, `backup`) on the files when it is stopped. Running the
//! appliance itself is `app::serve`, which `main.rs` hands to [`main`], so
//! this layer never imports `app`.

pub(crate) mod admin;
pub(crate) mod backup;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, VARIABLES};

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
    Admin(admin::AdminCommand),
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

/// Parses the command line and runs the command; `serve` runs the
/// appliance (`app::serve`).
pub fn main(serve: fn(Config) -> ExitCode) -> ExitCode {
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
        Command::Admin(cmd) => admin::run(&config, cmd),
        Command::Backup { file } => backup::backup(&config, &file),
        Command::Restore { file } => backup::restore_cmd(&config, &file),
    }
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
