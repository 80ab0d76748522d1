//! Placeholder: filled in by its issue.

pub fn run() -> anyhow::Result<()> {
    anyhow::bail!("bench_http is not implemented yet")
}
