//! Placeholder until the install test lands.

pub fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("install-test is not implemented yet")
}
