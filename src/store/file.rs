//! A cache file on disk: its directory, its header and its checked sections.
//!
//! Treat the directory and every file in it as hostile:
//! - the directory is opened once and checked through that handle (a directory, owned by this
//!   user, writable by nobody else; created 0700); every file is then opened relative to the
//!   handle, so a path swapped after the check changes nothing;
//! - a file is opened without following a symlink and without blocking, and used only if it is
//!   a regular file: a FIFO or a device at the cache path is skipped at once;
//! - the header carries a format version, the key (the BLAKE3 hash of the catalogue bytes it
//!   was made from) and each section's place, length and XXH3 checksum, and has a checksum of
//!   its own; every section is checked against its checksum before it is used;
//! - a file is written under a new name (create-new, no-follow, 0600), then renamed into
//!   place: a reader sees the old file or the new one, never half of one, and concurrent
//!   writers each rename a whole file. It is not fsynced: a file torn by a crash fails its
//!   checksums, and is then rewritten like any other unsound cache.
//!
//! Beside the cache files, small *stamp memos* (as git's index) map what `stat` says of a
//! catalogue file to the hash of its bytes, so an unchanged file is not read at all. See
//! [`Stamp`] for why a memo can be trusted.
//!
//! Nothing here fails a load: a cache that cannot be read or written is no cache.

use std::fs::File;
use std::io::Write;
use std::ops::Range;
use std::os::fd::OwnedFd;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::mapped::Mapped;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use xxhash_rust::xxh3::xxh3_64;

/// Changes whenever the layout of the file or of a section changes.
const MAGIC: &[u8; 8] = b"ITIBSTOR";
const VERSION: u32 = 9;
/// The sections: the catalogue (`super::entries`) and the search index.
pub(crate) const SECTIONS: usize = 2;
pub(crate) const CATALOGUE: usize = 0;
pub(crate) const INDEX: usize = 1;
/// magic, version, section count, key, (offset, length, checksum) per section, checksum.
const HEADER: usize = 8 + 4 + 4 + 32 + 24 * SECTIONS + 8;

/// A cache directory that passed the checks, held open.
pub(crate) struct CacheDir {
    fd: OwnedFd,
}

impl CacheDir {
    /// Creates the directory (0700) if need be and checks it; `Err` says why it is not used.
    pub(crate) fn open(path: &Path) -> Result<CacheDir, String> {
        use std::os::unix::fs::DirBuilderExt;
        // A failure here shows up as a failure to open, just below.
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path);
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| format!("cannot open it ({e})"))?;
        let st = rustix::fs::fstat(&fd).map_err(|e| format!("cannot read it ({e})"))?;
        let me = rustix::process::geteuid().as_raw();
        if st.st_uid != me {
            return Err(format!(
                "it is owned by another user (uid {}, not {me})",
                st.st_uid
            ));
        }
        let mode = st.st_mode & 0o7777;
        if mode & 0o022 != 0 {
            return Err(format!(
                "it is writable by group or others (mode {mode:04o}); `chmod 700` it to use it"
            ));
        }
        Ok(CacheDir { fd })
    }

    /// A regular file in the directory, opened without following a symlink or blocking on a
    /// FIFO; `None` for anything else.
    fn open_regular(&self, name: &str) -> Option<(File, u64)> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()?;
        let st = rustix::fs::fstat(&fd).ok()?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return None;
        }
        Some((File::from(fd), u64::try_from(st.st_size).ok()?))
    }

    /// The cache file for `key`, mapped, if one is there with a sound header for exactly that key.
    pub(crate) fn find(&self, key: &blake3::Hash) -> Option<CacheFile> {
        let (file, size) = self.open_regular(&name(key))?;
        let mut head = [0u8; HEADER];
        file.read_exact_at(&mut head, 0).ok()?;
        let sections = parse_header(&head, key, size)?;
        // Used now: the last to be pruned (its owner may set its times; the bytes stay).
        let _ = file.set_modified(SystemTime::now());
        let map = Mapped::new(&file).ok()?;
        // The header described a file of `size` bytes; the mapping must be that file.
        (map.bytes().len() as u64 == size).then(|| CacheFile {
            map: Arc::new(map),
            sections,
        })
    }

    /// Writes the cache file for `key`, best effort, then [`CacheDir::prune`]s.
    pub(crate) fn write(&self, key: &blake3::Hash, sections: [&[u8]; SECTIONS]) {
        let head = header(key, sections);
        let mut parts = vec![head.as_slice()];
        parts.extend(sections);
        self.write_file(&name(key), &parts);
        self.prune(SystemTime::now());
    }

    /// Keeps the directory from growing without end, best effort: every edit of a large
    /// catalogue makes a new cache file (named by its new hash) and leaves the old one, and a
    /// writer killed mid-write leaves its temporary file. So only the [`KEEP`] most recently
    /// used cache files stay (a lookup refreshes a file's mtime), and temporary files older than [`STALE`] go (a younger one may be another
    /// writer's, still being written). A reader that has a removed file mapped keeps it until
    /// it is done; one that has not yet opened it parses the TOML instead.
    pub(crate) fn prune(&self, now: SystemTime) {
        let Ok(dir) = rustix::fs::Dir::read_from(&self.fd) else {
            return;
        };
        let mut caches: Vec<(SystemTime, std::ffi::CString)> = Vec::new();
        for entry in dir.flatten() {
            let name = entry.file_name();
            let bytes = name.to_bytes();
            let (is_cache, is_tmp) = (bytes.ends_with(b".itib"), bytes.ends_with(b".tmp"));
            if !(is_cache || is_tmp) || entry.file_type() != FileType::RegularFile {
                continue;
            }
            let Ok(st) = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) else {
                continue;
            };
            let modified = SystemTime::UNIX_EPOCH
                + Duration::new(
                    u64::try_from(st.st_mtime).unwrap_or(0),
                    u32::try_from(st.st_mtime_nsec).unwrap_or(0),
                );
            if is_cache {
                caches.push((modified, name.to_owned()));
            } else if now.duration_since(modified).is_ok_and(|age| age > STALE) {
                let _ = rustix::fs::unlinkat(&self.fd, name, AtFlags::empty());
            }
        }
        caches.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (_, name) in caches.iter().skip(KEEP) {
            let _ = rustix::fs::unlinkat(&self.fd, name.as_c_str(), AtFlags::empty());
        }
    }

    /// The hash a memo gives for a file with this stamp, if there is a sound memo for it.
    pub(crate) fn memo(&self, stamp: &Stamp) -> Option<blake3::Hash> {
        let (file, size) = self.open_regular(&memo_name(stamp))?;
        if size != MEMO as u64 {
            return None;
        }
        let mut b = [0u8; MEMO];
        file.read_exact_at(&mut b, 0).ok()?;
        let sum = u64::from_le_bytes(b[MEMO - 8..].try_into().ok()?);
        if &b[..8] != MEMO_MAGIC || sum != xxh3_64(&b[..MEMO - 8]) || b[8..64] != stamp.bytes() {
            return None;
        }
        let key: [u8; 32] = b[64..96].try_into().ok()?;
        Some(blake3::Hash::from_bytes(key))
    }

    /// Remembers that a file with this stamp holds bytes hashing to `key`, best effort. Only
    /// call it with a stamp that [`Stamp::settled`] accepts.
    pub(crate) fn remember(&self, stamp: &Stamp, key: &blake3::Hash) {
        let mut b = Vec::with_capacity(MEMO);
        b.extend_from_slice(MEMO_MAGIC);
        b.extend_from_slice(&stamp.bytes());
        b.extend_from_slice(key.as_bytes());
        let sum = xxh3_64(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        self.write_file(&memo_name(stamp), &[&b]);
    }

    /// Writes `parts` to a new temporary file and renames it to `name`; best effort.
    fn write_file(&self, name: &str, parts: &[&[u8]]) {
        let tmp = format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let written = self.write_new(&tmp, parts).and_then(|()| {
            rustix::fs::renameat(&self.fd, tmp.as_str(), &self.fd, name).map_err(Into::into)
        });
        if written.is_err() {
            let _ = rustix::fs::unlinkat(&self.fd, tmp.as_str(), AtFlags::empty());
        }
    }

    fn write_new(&self, tmp: &str, parts: &[&[u8]]) -> std::io::Result<()> {
        let fd = rustix::fs::openat(
            &self.fd,
            tmp,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::RUSR | Mode::WUSR,
        )?;
        let mut file = File::from(fd);
        for p in parts {
            file.write_all(p)?;
        }
        // No fsync: after a crash a torn or empty file fails its checksums and is rewritten.
        Ok(())
    }
}

/// How many cache files a directory keeps (see [`CacheDir::prune`]).
pub(crate) const KEEP: usize = 4;
/// How old a temporary file must be to count as left behind by a writer that died.
pub(crate) const STALE: Duration = Duration::from_secs(3600);

/// The file name for a key: its hex form, so a file can only ever be found for its own key.
fn name(key: &blake3::Hash) -> String {
    format!("{}.itib", key.to_hex())
}

/// The memo's name: the file's device and inode, so a memo is only ever looked at for the
/// file it was made for (its stamp, compared whole, decides the rest).
fn memo_name(stamp: &Stamp) -> String {
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&stamp.dev.to_le_bytes());
    id[8..].copy_from_slice(&stamp.ino.to_le_bytes());
    format!("{}.stamp", &blake3::hash(&id).to_hex()[..32])
}

const MEMO_MAGIC: &[u8; 8] = b"ITIBSTMP";
/// magic, stamp, key, checksum.
const MEMO: usize = 8 + 56 + 32 + 8;

/// How long after a file's last change a stamp of it may be trusted: more than the coarsest
/// timestamp granularity of a common file system (2 s, FAT) plus the kernel's clock tick.
pub(crate) const SETTLE: Duration = Duration::from_secs(3);

/// What `stat` says of a catalogue file: device, inode, size, and the modification and change
/// times to the nanosecond.
///
/// Why a memo `stamp → hash` is sound when `stamp` was taken at time T, before the file's bytes
/// were read and hashed, was the same again after, and [`Stamp::settled`] at T (the file's mtime
/// and ctime both older than T − [`SETTLE`]): every change to a file's bytes sets its ctime to
/// the time of the change (the kernel's coarse clock, cut to the file system's granularity:
/// at most a tick plus 2 s early), and no call sets a ctime to any other time. A change after T
/// therefore gives a ctime later than T − SETTLE, unlike the stamp's, so the stamp no longer
/// matches; a change during the read does the same before the second stat. So when a file's
/// stamp equals a memo's, its bytes are those that were hashed. This is git's "racy clean"
/// rule. It assumes the clock is not set back by more than SETTLE, and that the bytes change
/// through the file system (a process writing through its own shared mapping of the file
/// updates the times only when the pages are next faulted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    pub(crate) fn of(m: &std::fs::Metadata) -> Stamp {
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }

    fn bytes(&self) -> [u8; 56] {
        let mut b = [0u8; 56];
        let words = [
            self.dev,
            self.ino,
            self.size,
            self.mtime.0 as u64,
            self.mtime.1 as u64,
            self.ctime.0 as u64,
            self.ctime.1 as u64,
        ];
        for (k, w) in words.iter().enumerate() {
            b[8 * k..8 * k + 8].copy_from_slice(&w.to_le_bytes());
        }
        b
    }

    /// Whether the file had not changed for `settle` before `started` (see the type's docs).
    pub(crate) fn settled(&self, started: SystemTime, settle: Duration) -> bool {
        let Ok(t) = started.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let at = |(s, ns): (i64, i64)| -> Option<Duration> {
            Some(Duration::new(
                u64::try_from(s).ok()?,
                u32::try_from(ns).ok()?,
            ))
        };
        match (at(self.mtime), at(self.ctime)) {
            (Some(m), Some(c)) => m + settle < t && c + settle < t,
            _ => false,
        }
    }
}

fn header(key: &blake3::Hash, sections: [&[u8]; SECTIONS]) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&VERSION.to_le_bytes());
    h.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
    h.extend_from_slice(key.as_bytes());
    let mut offset = HEADER as u64;
    for s in sections {
        h.extend_from_slice(&offset.to_le_bytes());
        h.extend_from_slice(&(s.len() as u64).to_le_bytes());
        h.extend_from_slice(&xxh3_64(s).to_le_bytes());
        offset += s.len() as u64;
    }
    let sum = xxh3_64(&h);
    h.extend_from_slice(&sum.to_le_bytes());
    h
}

/// Each section's (offset, length, checksum), if the header is sound, for `key`, and describes
/// a file of exactly `size` bytes whose sections follow each other without gap or overlap.
fn parse_header(
    h: &[u8; HEADER],
    key: &blake3::Hash,
    size: u64,
) -> Option<[(u64, u64, u64); SECTIONS]> {
    let u32_at = |at: usize| h.get(at..at + 4)?.try_into().ok().map(u32::from_le_bytes);
    let u64_at = |at: usize| h.get(at..at + 8)?.try_into().ok().map(u64::from_le_bytes);
    if &h[..8] != MAGIC
        || u32_at(8)? != VERSION
        || u32_at(12)? as usize != SECTIONS
        || h[16..48] != key.as_bytes()[..]
        || u64_at(HEADER - 8)? != xxh3_64(&h[..HEADER - 8])
    {
        return None;
    }
    let mut out = [(0, 0, 0); SECTIONS];
    let mut expected = HEADER as u64;
    for (k, slot) in out.iter_mut().enumerate() {
        let at = 48 + 24 * k;
        let (offset, len, sum) = (u64_at(at)?, u64_at(at + 8)?, u64_at(at + 16)?);
        if offset != expected {
            return None;
        }
        expected = offset.checked_add(len)?;
        *slot = (offset, len, sum);
    }
    (expected == size).then_some(out)
}

/// A mapped cache file whose header is sound.
pub(crate) struct CacheFile {
    map: Arc<Mapped>,
    sections: [(u64, u64, u64); SECTIONS],
}

impl CacheFile {
    /// Where section `k` is in the file, if its bytes match their checksum.
    pub(crate) fn section(&self, k: usize) -> Option<Range<usize>> {
        let &(offset, len, sum) = self.sections.get(k)?;
        let start = usize::try_from(offset).ok()?;
        let range = start..start.checked_add(usize::try_from(len).ok()?)?;
        let bytes = self.map.bytes().get(range.clone())?;
        (xxh3_64(bytes) == sum).then_some(range)
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        self.map.bytes()
    }

    /// The mapping, for an index that keeps it alive.
    pub(crate) fn map(&self) -> Arc<Mapped> {
        self.map.clone()
    }
}

/// Where caches live: `$ITIB_CACHE_DIR`, else `$XDG_CACHE_HOME/itib`, else `~/.cache/itib`;
/// `None` when `ITIB_NO_CACHE` is set (to anything but the empty string) or there is no home.
pub(crate) fn default_dir() -> Option<PathBuf> {
    if std::env::var_os("ITIB_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    if let Some(d) = std::env::var_os("ITIB_CACHE_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(d));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("itib"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_settled_only_when_both_times_are_old_enough() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let stamp = |m: i64, c: i64| Stamp {
            dev: 1,
            ino: 2,
            size: 3,
            mtime: (m, 0),
            ctime: (c, 0),
        };
        assert!(stamp(1_000_000 - 10, 1_000_000 - 10).settled(t, SETTLE));
        // Written in the same second as the read began (or a coarse clock later): racy.
        assert!(!stamp(1_000_000, 1_000_000).settled(t, SETTLE));
        assert!(!stamp(1_000_000 - 10, 1_000_000 - 2).settled(t, SETTLE));
        assert!(!stamp(1_000_000 - 2, 1_000_000 - 10).settled(t, SETTLE));
        // mtime set back by `touch -d`: the ctime still tells.
        assert!(!stamp(0, 1_000_000 - 1).settled(t, SETTLE));
        assert!(!stamp(-5, 1_000_000 - 10).settled(t, SETTLE), "before 1970");
    }

    #[test]
    fn pruning_keeps_the_newest_caches_and_young_temporary_files() {
        let path = std::env::temp_dir().join(format!("itib-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        let dir = CacheDir::open(&path).unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
        let file = |name: &str, age: u64| {
            let f = std::fs::File::create(path.join(name)).unwrap();
            f.set_modified(t0 - Duration::from_secs(age)).unwrap();
        };
        for k in 0..7 {
            file(&format!("{k}.itib"), 100 * k);
        }
        file("x.stamp", 10_000);
        file(".old.tmp", STALE.as_secs() + 1);
        file(".young.tmp", 60);
        std::os::unix::fs::symlink("/etc/hostname", path.join("link.itib")).unwrap();
        dir.prune(t0);
        let mut left: Vec<String> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".young.tmp",
                "0.itib",
                "1.itib",
                "2.itib",
                "3.itib",
                "link.itib",
                "x.stamp"
            ]
        );
        std::fs::remove_dir_all(&path).unwrap();
    }

    #[test]
    fn a_header_is_sound_only_for_its_key_size_and_bytes() {
        let key = blake3::hash(b"catalogue");
        let sections: [&[u8]; SECTIONS] = [b"abc", b"defg"];
        let h: [u8; HEADER] = header(&key, sections).try_into().unwrap();
        let size = (HEADER + 7) as u64;
        assert!(parse_header(&h, &key, size).is_some());
        assert!(parse_header(&h, &blake3::hash(b"other"), size).is_none());
        assert!(parse_header(&h, &key, size + 1).is_none());
        for at in 0..HEADER {
            let mut bad = h;
            bad[at] ^= 1;
            assert!(parse_header(&bad, &key, size).is_none(), "byte {at}");
        }
    }
}
