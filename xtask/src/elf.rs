//! Just enough of an ELF64 reader to tell whether an executable is static:
//! a static(-pie) binary has no `PT_INTERP` program header (no dynamic
//! loader) and no `DT_NEEDED` entry in its dynamic section (no shared
//! libraries). A static-pie is `ET_DYN` like a shared library, which is why
//! the type alone says nothing.

use anyhow::{Context, ensure};

#[derive(Debug)]
pub struct Elf {
    pub machine_x86_64: bool,
    /// The requested program interpreter, e.g. `/lib64/ld-linux-x86-64.so.2`.
    pub interpreter: Option<String>,
    /// How many shared libraries the dynamic section asks for.
    pub needed: usize,
}

const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;
const EM_X86_64: u16 = 62;

fn u16_at(b: &[u8], at: usize) -> anyhow::Result<u16> {
    let s = b.get(at..at + 2).context("ELF truncated")?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> anyhow::Result<u32> {
    let s = b.get(at..at + 4).context("ELF truncated")?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> anyhow::Result<u64> {
    let s = b.get(at..at + 8).context("ELF truncated")?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Ok(u64::from_le_bytes(a))
}

fn usize_at(b: &[u8], at: usize) -> anyhow::Result<usize> {
    usize::try_from(u64_at(b, at)?).context("ELF offset out of range")
}

pub fn inspect(b: &[u8]) -> anyhow::Result<Elf> {
    ensure!(b.get(..4) == Some(b"\x7fELF"), "not an ELF file");
    ensure!(
        b.get(4) == Some(&2) && b.get(5) == Some(&1),
        "not a little-endian 64-bit ELF"
    );
    let machine_x86_64 = u16_at(b, 18)? == EM_X86_64;
    let phoff = usize_at(b, 32)?;
    let phentsize = usize::from(u16_at(b, 54)?);
    let phnum = usize::from(u16_at(b, 56)?);

    let mut interpreter = None;
    let mut needed = 0;
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        let kind = u32_at(b, ph)?;
        let offset = usize_at(b, ph + 8)?;
        let filesz = usize_at(b, ph + 32)?;
        let data = b
            .get(offset..offset + filesz)
            .context("ELF segment outside the file")?;
        match kind {
            PT_INTERP => {
                let path = data.split(|&c| c == 0).next().unwrap_or_default();
                interpreter = Some(String::from_utf8_lossy(path).into_owned());
            }
            PT_DYNAMIC => {
                for entry in data.chunks_exact(16) {
                    let tag = u64_at(entry, 0)?;
                    if tag == DT_NULL {
                        break;
                    }
                    if tag == DT_NEEDED {
                        needed += 1;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Elf {
        machine_x86_64,
        interpreter,
        needed,
    })
}
