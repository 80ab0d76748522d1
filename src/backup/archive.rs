//! The few parts of POSIX ustar the backup needs: regular files with short
//! names, written and read back. A backup is therefore readable with any
//! `tar` (`tar tvf backup.tar`), and restorable by hand if need be.

use std::io::{self, Read, Seek, SeekFrom};

pub const BLOCK: u64 = 512;

/// Bytes of padding after `size` bytes of member data.
pub fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}

fn octal(field: &mut [u8], value: u64) {
    // `len - 1` digits, zero-padded, then NUL.
    let digits = field.len() - 1;
    let s = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(&s.as_bytes()[s.len() - digits..]);
    field[digits] = 0;
}

/// Largest number the 12-byte octal size field holds (11 digits): 8 GiB - 1.
const MAX_OCTAL_SIZE: u64 = 0o777_7777_7777;

/// The 12-byte size field: octal when it fits, else the GNU/POSIX-2001
/// base-256 form (first byte 0x80, the number big-endian in the rest), which
/// GNU tar, bsdtar and Python's tarfile read. A size is never cut to fit.
fn size_field(field: &mut [u8], value: u64) {
    if value <= MAX_OCTAL_SIZE {
        octal(field, value);
    } else {
        field.fill(0);
        field[0] = 0x80;
        let be = value.to_be_bytes();
        let n = be.len().min(field.len() - 1);
        let len = field.len();
        field[len - n..].copy_from_slice(&be[be.len() - n..]);
    }
}

/// The header of a regular file `name` (≤ 99 bytes) of `size` bytes,
/// mode 0600, owner 0. Sizes of 8 GiB and more use the base-256 size field
/// (see [`size_field`]).
pub fn header(name: &str, size: u64, mtime: u64) -> [u8; BLOCK as usize] {
    let mut h = [0u8; BLOCK as usize];
    let n = name.len().min(99);
    h[..n].copy_from_slice(&name.as_bytes()[..n]);
    octal(&mut h[100..108], 0o600);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    size_field(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    octal(&mut h[148..155], u64::from(sum));
    h[155] = b' ';
    h
}

/// A member found in an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    /// Where its data starts.
    pub offset: u64,
    pub size: u64,
}

fn parse_octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|&b| b == 0x80) {
        // Base-256 (positive); more than 8 significant bytes do not fit.
        let (high, low) = field[1..].split_at(field.len().saturating_sub(9));
        if high.iter().any(|&b| b != 0) {
            return None;
        }
        return Some(low.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)));
    }
    let s = std::str::from_utf8(field).ok()?;
    let s = s.trim_matches(|c: char| c == '\0' || c == ' ');
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(s, 8).ok()
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Lists the regular files of the archive in `r` (`len` bytes long),
/// checking every header's checksum and that no member runs past the end.
pub fn members<R: Read + Seek>(r: &mut R, len: u64) -> io::Result<Vec<Member>> {
    let mut out = Vec::new();
    let mut pos = 0u64;
    let mut h = [0u8; BLOCK as usize];
    loop {
        if pos + BLOCK > len {
            return Err(bad("the archive ends without its end marker (truncated?)"));
        }
        r.seek(SeekFrom::Start(pos))?;
        r.read_exact(&mut h)?;
        if h.iter().all(|&b| b == 0) {
            return Ok(out);
        }
        let stored = parse_octal(&h[148..156]).ok_or_else(|| bad("bad header checksum field"))?;
        let mut sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
        sum -= h[148..156].iter().map(|&b| u64::from(b)).sum::<u64>();
        sum += 8 * u64::from(b' ');
        if sum != stored {
            return Err(bad(format!("header checksum mismatch at byte {pos}")));
        }
        let name_end = h[..100].iter().position(|&b| b == 0).unwrap_or(100);
        let name = String::from_utf8_lossy(&h[..name_end]).into_owned();
        let size = parse_octal(&h[124..136]).ok_or_else(|| bad("bad size field"))?;
        let offset = pos + BLOCK;
        let end = offset
            .checked_add(size)
            .filter(|&e| e <= len)
            .ok_or_else(|| {
                bad(format!(
                    "{name} runs past the end of the archive (truncated?)"
                ))
            })?;
        if matches!(h[156], b'0' | 0) {
            out.push(Member { name, offset, size });
        }
        pos = end + padding(size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_8_gib_and_more_use_base_256_and_read_back() {
        // The largest octal size is written in octal, as before.
        let h = header("db.redb", MAX_OCTAL_SIZE, 0);
        assert_eq!(&h[124..136], b"77777777777\0");
        assert_eq!(parse_octal(&h[124..136]), Some(MAX_OCTAL_SIZE));
        for size in [MAX_OCTAL_SIZE + 1, 9 << 30, 1 << 40, u64::MAX] {
            let h = header("db.redb", size, 1_700_000_000);
            assert_eq!(h[124], 0x80, "{size}: base-256 marker");
            assert_eq!(&h[128..136], &size.to_be_bytes(), "{size}");
            assert_eq!(parse_octal(&h[124..136]), Some(size), "{size}");
            // The header stays valid: checksum and name read back.
            let mut bytes = h.to_vec();
            bytes.resize(3 * BLOCK as usize, 0);
            let err = members(&mut io::Cursor::new(&bytes), 3 * BLOCK)
                .expect_err("member runs past the end");
            assert!(
                err.to_string().contains("db.redb runs past the end"),
                "{err}"
            );
        }
        // A base-256 number wider than 64 bits is refused, not wrapped.
        let mut field = [0u8; 12];
        field[0] = 0x80;
        field[2] = 1;
        assert_eq!(parse_octal(&field), None);
    }

    /// GNU tar reads the base-256 size: a 9 GiB member in a sparse file
    /// (no 9 GiB written) is listed with its full size.
    #[test]
    fn gnu_tar_lists_a_member_of_9_gib() {
        use std::io::Write;
        let size: u64 = 9 << 30;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.tar");
        let mut f = std::fs::File::create(&path).expect("create");
        f.write_all(&header("db.redb", size, 1_700_000_000))
            .expect("header");
        // Data (a hole), padding, then the two zero blocks of the end.
        f.set_len(BLOCK + size + padding(size) + 2 * BLOCK)
            .expect("set_len");
        drop(f);
        let len = std::fs::metadata(&path).expect("metadata").len();
        let m = members(&mut std::fs::File::open(&path).expect("open"), len).expect("members");
        assert_eq!((m[0].name.as_str(), m[0].size), ("db.redb", size));
        let out = match std::process::Command::new("tar")
            .args(["--list", "--verbose", "--file"])
            .arg(&path)
            .output()
        {
            Ok(out) => out,
            Err(e) => panic!("cannot run tar: {e}"),
        };
        let listing = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{listing}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(listing.contains(&format!(" {size} ")), "{listing}");
        assert!(listing.trim_end().ends_with("db.redb"), "{listing}");
    }

    #[test]
    fn backup_archive_round_trip_and_checks() {
        let mut bytes = Vec::new();
        for (name, data) in [("a.json", &b"{}"[..]), ("b.bin", &[7u8; 1000][..])] {
            bytes.extend_from_slice(&header(name, data.len() as u64, 1_700_000_000));
            bytes.extend_from_slice(data);
            bytes.resize(bytes.len() + padding(data.len() as u64) as usize, 0);
        }
        bytes.resize(bytes.len() + 2 * BLOCK as usize, 0);
        let len = bytes.len() as u64;
        let m = members(&mut io::Cursor::new(&bytes), len).expect("members");
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].name, "b.bin");
        assert_eq!(m[1].size, 1000);
        assert_eq!(bytes[m[1].offset as usize], 7);

        let mut broken = bytes.clone();
        broken[10] ^= 1;
        assert!(members(&mut io::Cursor::new(&broken), len).is_err());
        let cut = &bytes[..1200];
        assert!(members(&mut io::Cursor::new(cut), cut.len() as u64).is_err());
    }
}
