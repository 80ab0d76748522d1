//! `chloromaster backup FILE` and `chloromaster restore FILE`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::admin::{Target, runtime, target};
use crate::backup::{CacheSource, prepare, restore, write_file};
use crate::config::Config;
use crate::control;

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("chloromaster: {msg}");
    ExitCode::FAILURE
}

/// `file` made absolute against the current directory (the message names
/// exactly what was written).
fn absolute(file: &Path) -> Result<PathBuf, String> {
    std::path::absolute(file).map_err(|e| format!("{}: {e}", file.display()))
}

pub fn backup(config: &Config, file: &Path) -> ExitCode {
    match backup_inner(config, file) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn backup_inner(config: &Config, file: &Path) -> Result<String, String> {
    let dest = absolute(file)?;
    if dest.is_dir() {
        return Err(format!("{} is a directory; name a file", dest.display()));
    }
    let started = std::time::Instant::now();
    let runtime = runtime()?;
    let (size, summary) = match target(config, false)? {
        Target::Direct(db) => runtime.block_on(async {
            let cache = CacheSource::File(config.data_dir.join(crate::cache::SNAPSHOT_FILE));
            let result = prepare(&db, cache, &config.data_dir).await;
            db.close().await;
            let prepared = result.map_err(|e| format!("backup failed: {e:#}"))?;
            let summary = prepared.manifest.summary();
            let dest = dest.clone();
            let size =
                tokio::task::spawn_blocking(move || write_file(&dest, |w| prepared.write_to(w)))
                    .await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| format!("{e:#}"))?;
            Ok::<_, String>((size, summary))
        })?,
        Target::Running(stream) => {
            let (response, mut reader) =
                control::call(stream, control::Op::Backup).map_err(|e| format!("{e:#}"))?;
            if !response.ok {
                return Err(response
                    .error
                    .unwrap_or_else(|| "the appliance refused the backup".into()));
            }
            let expected = response
                .size
                .ok_or("the appliance announced no backup size")?;
            let size = write_file(&dest, |w| {
                let got = std::io::copy(&mut (&mut reader).take(expected), w)?;
                if got == expected {
                    Ok(())
                } else {
                    Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        format!("the appliance sent {got} of {expected} bytes"),
                    ))
                }
            })
            .map_err(|e| format!("{e:#}"))?;
            (size, response.output.unwrap_or_default())
        }
    };
    Ok(format!(
        "wrote {} ({size} bytes) in {:.1} s: {summary}",
        dest.display(),
        started.elapsed().as_secs_f64()
    ))
}

pub fn restore_cmd(config: &Config, file: &Path) -> ExitCode {
    let file = match absolute(file) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    match restore(&config.data_dir, &file) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("restore: {e:#}")),
    }
}
