//! A booted systemd-nspawn container and the commands run in it.

use std::fs::{self, File};
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};

use super::{MACHINE, UNIT};

/// A booted container with its own network namespace (only a loopback
/// interface): the service's ports 80, 443 and 6379 never meet the host's.
/// Commands run in it through `nsenter`; the test's own connections are made
/// from a thread moved into its network namespace.
pub(super) struct Container {
    nspawn: Child,
    /// The container's root directory as the host sees it.
    pub(super) rootfs: PathBuf,
    /// The container's PID 1 as the host sees it.
    init: u32,
    /// `/proc/<init>/ns/net`, once init is there.
    netns: Option<File>,
}

impl Container {
    pub(super) fn boot(rootfs: &Path) -> anyhow::Result<Self> {
        // `--register=no --keep-unit`: there is no host systemd/machined to
        // register with ("Failed to open system bus" otherwise).
        let nspawn = Command::new("systemd-nspawn")
            .arg("--directory")
            .arg(rootfs)
            .args([
                "--boot",
                "--register=no",
                "--keep-unit",
                "--console=pipe",
                "--private-network",
                "--machine",
                MACHINE,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting systemd-nspawn")?;
        let pid = nspawn.id();
        let mut container = Container {
            nspawn,
            rootfs: rootfs.to_path_buf(),
            init: 0,
            netns: None,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while container.init == 0 {
            ensure!(
                Instant::now() < deadline,
                "the container's init did not appear"
            );
            // nspawn's first child starts as its "outer child", still in
            // the host's PID and network namespaces; init is that PID once
            // it has moved into a namespace of its own.
            if let Ok(children) = fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
                && let Some(first) = children.split_whitespace().next()
                && let Ok(candidate) = first.parse::<u32>()
                && namespace_id(&format!("/proc/{candidate}/ns/pid"))?
                    != namespace_id("/proc/self/ns/pid")?
            {
                container.init = candidate;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let netns = format!("/proc/{}/ns/net", container.init);
        ensure!(
            namespace_id(&netns)? != namespace_id("/proc/self/ns/net")?,
            "the container's init shares the host's network namespace"
        );
        container.netns = Some(File::open(&netns).context("the container's network namespace")?);
        let state = loop {
            let state = container
                .sh("systemctl is-system-running --wait 2>/dev/null || true")
                .unwrap_or_default();
            let state = state.trim().to_owned();
            if state == "running" || state == "degraded" {
                break state;
            }
            ensure!(
                Instant::now() < deadline,
                "the container did not finish booting ({state:?})"
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        if state == "degraded" {
            println!(
                "install-test: container booted degraded: {}",
                container
                    .sh("systemctl --failed --no-legend --plain")
                    .unwrap_or_default()
                    .trim()
            );
        }
        Ok(container)
    }

    /// Runs `script` with `sh -c` inside the container; its stdout, or an
    /// error with both streams.
    pub(super) fn sh(&self, script: &str) -> anyhow::Result<String> {
        let out = Command::new("nsenter")
            .args(["--target", &self.init.to_string(), "--all", "--"])
            .args(["/bin/sh", "-c", script])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null())
            .output()
            .context("nsenter")?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        ensure!(
            out.status.success(),
            "`{script}` failed ({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(stdout)
    }

    /// Moves the calling thread into the container's network namespace
    /// (setns moves only the calling thread), for good.
    pub(super) fn enter_network(&self) -> io::Result<()> {
        rustix::thread::move_into_link_name_space(
            self.netns_fd()?,
            Some(rustix::thread::LinkNameSpaceType::Network),
        )?;
        Ok(())
    }

    fn netns_fd(&self) -> io::Result<std::os::fd::BorrowedFd<'_>> {
        Ok(self
            .netns
            .as_ref()
            .ok_or_else(|| io::Error::other("the container has not booted"))?
            .as_fd())
    }

    /// A TCP connection to 127.0.0.1:`port` inside the container: made from
    /// a scoped thread that joins the container's network namespace (setns
    /// moves only the calling thread) and ends once the socket exists.
    pub(super) fn connect(&self, port: u16, timeout: Duration) -> io::Result<TcpStream> {
        let netns = self.netns_fd()?;
        std::thread::scope(|s| {
            s.spawn(move || {
                rustix::thread::move_into_link_name_space(
                    netns,
                    Some(rustix::thread::LinkNameSpaceType::Network),
                )?;
                TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), timeout)
            })
            .join()
            .map_err(|_| io::Error::other("the connecting thread panicked"))?
        })
    }

    /// A host program (with the host's files) run in the container's network
    /// namespace only, such as curl against the service's ports.
    pub(super) fn host_command_in_network(&self, program: &str) -> Command {
        let mut command = Command::new("nsenter");
        command
            .args(["--target", &self.init.to_string(), "--net", "--"])
            .arg(program);
        command
    }

    pub(super) fn show(&self, property: &str) -> anyhow::Result<String> {
        Ok(self
            .sh(&format!("systemctl show --value -p {property} {UNIT}"))?
            .trim()
            .to_owned())
    }

    pub(super) fn main_pid(&self) -> anyhow::Result<u32> {
        Ok(self.show("MainPID")?.parse()?)
    }

    /// Polls until the service is active with a main process other than
    /// `not`, within `timeout`.
    pub(super) fn wait_active(&self, not: Option<u32>, timeout: Duration) -> anyhow::Result<u32> {
        let deadline = Instant::now() + timeout;
        loop {
            let state = self.show("ActiveState")?;
            let pid = self.main_pid()?;
            if state == "active" && pid != 0 && Some(pid) != not {
                return Ok(pid);
            }
            ensure!(
                Instant::now() < deadline,
                "{UNIT} not active again within {timeout:?} (ActiveState={state}, MainPID={pid})"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub(super) fn shutdown(&mut self) {
        // nspawn turns SIGTERM into an orderly poweroff of the container.
        let pid = self.nspawn.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.nspawn.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.nspawn.kill();
        let _ = self.nspawn.wait();
    }
}

/// A namespace's identity: the target of its `/proc/<pid>/ns/<kind>` link,
/// e.g. `net:[4026531840]`.
fn namespace_id(link: &str) -> anyhow::Result<PathBuf> {
    fs::read_link(link).with_context(|| format!("reading {link}"))
}
