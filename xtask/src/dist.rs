//! Placeholder: filled in by its issue.

pub fn run() -> anyhow::Result<()> {
    anyhow::bail!("dist is not implemented yet")
}
