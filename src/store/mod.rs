//! The verified load path: a catalogue file, through its cache when a sound one exists, giving
//! exactly what parsing the file gives.
//!
//! The slow path is [`catalogue::read_path`]: parse and validate the TOML, and hash the very
//! bytes parsed (BLAKE3). The fast path looks a cache file up by the BLAKE3 hash of the file's
//! bytes as they are now, and uses it only if every check holds (see [`file`]): the header is
//! for that hash, each section matches its checksum, and what is decoded passes the loader's
//! own rules ([`Catalogue::from_parts`], [`Index::from_bytes`]). So a cache serves only what
//! parsing the same bytes gave, and anything else falls back to the slow path, which then
//! writes a sound cache.
//!
//! A cold `itib search` (no sound cache) never holds the decoded catalogue either: the file is
//! read with [`catalogue::read_path_folded`], each share of entries turned into its part of the
//! index (and of the cache) on the thread that parsed it, under the same rules.
//!
//! A warm `itib search` reads only the index section: no entry is decoded. Catalogues smaller
//! than [`CACHE_MIN`], the embedded one, and files that are not regular files (pipes) are never
//! cached.

mod entries;
mod file;

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::catalogue::{self, Catalogue, LoadError, Progress};
use crate::search::Index;
use file::{CATALOGUE, CacheDir, INDEX, Stamp};

/// Catalogue files at least this large are cached: below it, parsing is about as fast.
pub const CACHE_MIN: u64 = 1 << 20;

/// Where the caches are, or that there are none.
#[derive(Debug, Clone, Copy)]
pub enum Cache<'p> {
    /// `$ITIB_CACHE_DIR`, `$XDG_CACHE_HOME/itib` or `~/.cache/itib`; none with `ITIB_NO_CACHE`.
    Default,
    At(&'p Path),
    Off,
}

/// What a command needs of a catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Catalogue,
    Index,
    Both,
}

/// The catalogue in `path` (`None`: the embedded one), through the cache.
pub fn catalogue(path: Option<&Path>, cache: Cache<'_>) -> Result<Catalogue, LoadError> {
    let (cat, _) = load(path, cache, Want::Catalogue)?;
    cat.ok_or_else(|| unreachable_load(path))
}

/// The search index of the catalogue in `path` alone: all `itib search` needs.
pub fn index(path: Option<&Path>, cache: Cache<'_>) -> Result<Index, LoadError> {
    let (_, index) = load(path, cache, Want::Index)?;
    index.ok_or_else(|| unreachable_load(path))
}

/// The catalogue and its search index, for the explorer.
pub fn catalogue_and_index(
    path: Option<&Path>,
    cache: Cache<'_>,
) -> Result<(Catalogue, Index), LoadError> {
    catalogue_and_index_counting(path, cache, &Progress::default(), &|_| {})
}

/// [`catalogue_and_index`], counting the bytes and entries of a parse in `progress`, and
/// handing a cached index to `early` as soon as it has passed its checks, before the entries
/// are read (for the explorer's first frames).
pub fn catalogue_and_index_counting(
    path: Option<&Path>,
    cache: Cache<'_>,
    progress: &Progress,
    early: &dyn Fn(&Index),
) -> Result<(Catalogue, Index), LoadError> {
    match load_early(path, cache, Want::Both, file::SETTLE, progress, early)?.0 {
        (Some(cat), Some(index)) => Ok((cat, index)),
        _ => Err(unreachable_load(path)),
    }
}

/// `load` always gives what was wanted; this error exists so that no path can panic.
fn unreachable_load(path: Option<&Path>) -> LoadError {
    LoadError::Unreadable {
        path: path.unwrap_or(Path::new(catalogue::SHIPPED_ORIGIN)).into(),
        source: std::io::Error::other("internal error: the load gave less than was asked"),
    }
}

/// How a load was served, for tests that must tell the paths apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Served {
    /// The file's stamp matched a memo: the file was not read.
    Memo,
    /// The file was read and hashed, and its cache used.
    Hashed,
    /// The TOML was parsed (and a cache written, where there is a cache).
    Parsed,
}

type Found = (Option<Catalogue>, Option<Index>);

fn load(path: Option<&Path>, cache: Cache<'_>, want: Want) -> Result<Found, LoadError> {
    load_settling(path, cache, want, file::SETTLE, &Progress::default()).map(|(found, _)| found)
}

/// [`load`], with how long a file must be unchanged before its stamp is trusted, and where to
/// count progress.
pub(crate) fn load_settling(
    path: Option<&Path>,
    cache: Cache<'_>,
    want: Want,
    settle: Duration,
    progress: &Progress,
) -> Result<(Found, Served), LoadError> {
    load_early(path, cache, want, settle, progress, &|_| {})
}

/// [`load_settling`], handing a cached index to `early` before the entries are read.
fn load_early(
    path: Option<&Path>,
    cache: Cache<'_>,
    want: Want,
    settle: Duration,
    progress: &Progress,
    early: &dyn Fn(&Index),
) -> Result<(Found, Served), LoadError> {
    let Some(path) = path else {
        return Ok((build(catalogue::shipped()?, want), Served::Parsed));
    };
    let dir = cache_dir(path, cache);
    if let Some(found) = dir
        .as_ref()
        .and_then(|dir| with_cache(path, dir, settle, |file| read(file, want, early)))
    {
        return Ok(found);
    }
    let started = SystemTime::now();
    let before = stamp(path);
    if want == Want::Index
        && let Some(index) = index_alone(path, dir.as_ref(), progress, before, started, settle)?
    {
        return Ok(((None, Some(index)), Served::Parsed));
    }
    let (cat, key) = catalogue::read_path(path, progress)?;
    let Some(dir) = &dir else {
        return Ok((build(cat, want), Served::Parsed));
    };
    progress.set_stage(Progress::INDEXING);
    let index = Index::build(&cat);
    progress.set_stage(Progress::SAVING);
    dir.write(&key, [&entries::encode(&cat), index.as_bytes()]);
    remember(dir, before, stamp(path), started, settle, &key);
    Ok((keep(cat, index, want), Served::Parsed))
}

/// What `use_file` makes of the sound cache file for `path`: found by the memo of the file's
/// stamp when it has one (the file is not read; see `file::Stamp` for why that is sound), else
/// by the hash of the file's bytes as they are now, which names the only cache that may serve
/// them (and the stamp is remembered when it has settled). `None` when there is no such file
/// or `use_file` finds it unsound.
fn with_cache<T>(
    path: &Path,
    dir: &CacheDir,
    settle: Duration,
    use_file: impl Fn(&file::CacheFile) -> Option<T>,
) -> Option<(T, Served)> {
    let started = SystemTime::now();
    let before = stamp(path);
    if let Some(found) = before
        .and_then(|s| dir.memo(&s))
        .and_then(|key| dir.find(&key))
        .and_then(|f| use_file(&f))
    {
        return Some((found, Served::Memo));
    }
    let key = hash_file(path)?;
    let found = use_file(&dir.find(&key)?)?;
    remember(dir, before, stamp(path), started, settle, &key);
    Some((found, Served::Hashed))
}

/// Entry `id` of the catalogue in `path`, with the entries its card names (its parent and
/// related entries), read alone from a sound cache: for `itib show`, without decoding the
/// other entries. `None` when there is no sound cache, `id` is not in it, or a link does not
/// resolve in its index: the caller then loads the whole catalogue, which says why.
pub fn excerpt(path: Option<&Path>, cache: Cache<'_>, id: &str) -> Option<Catalogue> {
    let path = path?;
    let dir = cache_dir(path, cache)?;
    with_cache(path, &dir, file::SETTLE, |file| excerpt_of(file, id)).map(|(cat, _)| cat)
}

fn excerpt_of(file: &file::CacheFile, id: &str) -> Option<Catalogue> {
    let index = Index::from_mapped(file.map(), file.section(INDEX)?).ok()?;
    let section = entries::Section::parse(file.bytes().get(file.section(CATALOGUE)?)?)?;
    if section.len() != index.len() {
        return None;
    }
    let i = index.find(id)?;
    let shown = section.entry(i)?;
    let mut numbers = vec![i];
    for link in shown.parent.iter().chain(&shown.related) {
        let j = index.find(link)?;
        if !numbers.contains(&j) {
            numbers.push(j);
        }
    }
    let mut entries = vec![shown];
    for &j in &numbers[1..] {
        entries.push(section.entry(j)?);
    }
    // Each entry is the one the index has under its number (as for a whole load).
    if !numbers
        .iter()
        .zip(&entries)
        .all(|(&j, e)| index_has(&index, j, e))
    {
        return None;
    }
    Catalogue::excerpt(section.meta().clone(), entries)
}

/// The index alone of the catalogue in `path`, built as its entries are read, share by share,
/// so that they are never all held (and the cache written from the same shares, where there is
/// a cache): what a search needs. `None` when the file must be read whole (see
/// [`catalogue::read_path_folded`]).
fn index_alone(
    path: &Path,
    dir: Option<&CacheDir>,
    progress: &Progress,
    before: Option<Stamp>,
    started: SystemTime,
    settle: Duration,
) -> Result<Option<Index>, LoadError> {
    let cache = dir.is_some();
    let built = catalogue::read_path_folded(
        path,
        progress,
        |entries| {
            let cached = cache.then(|| entries::encode_share(entries));
            (crate::search::encode_part(entries), cached)
        },
        |meta, shares, ids| {
            let (shares, cached): (Vec<_>, Vec<_>) = shares.into_iter().unzip();
            let index = Index::from_shares(shares, |i| ids.get(i));
            let section = cached
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(|cached| entries::join(meta, cached));
            (index, section)
        },
    )?;
    let Some(((index, section), key)) = built else {
        return Ok(None);
    };
    if let (Some(dir), Some(section)) = (dir, section) {
        progress.set_stage(Progress::SAVING);
        dir.write(&key, [&section, index.as_bytes()]);
        remember(dir, before, stamp(path), started, settle, &key);
    }
    Ok(Some(index))
}

/// Writes a memo when the file's stamp was the same before and after its bytes were hashed, and
/// the file had settled when that began.
fn remember(
    dir: &CacheDir,
    before: Option<Stamp>,
    after: Option<Stamp>,
    started: SystemTime,
    settle: Duration,
    key: &blake3::Hash,
) {
    if let (Some(b), Some(a)) = (before, after)
        && a == b
        && b.settled(started, settle)
    {
        dir.remember(&b, key);
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
}

/// What was wanted of a parsed catalogue, its index built only if wanted.
fn build(cat: Catalogue, want: Want) -> Found {
    match want {
        Want::Catalogue => (Some(cat), None),
        _ => {
            let index = Index::build(&cat);
            keep(cat, index, want)
        }
    }
}

fn keep(cat: Catalogue, index: Index, want: Want) -> Found {
    match want {
        Want::Catalogue => (Some(cat), None),
        Want::Index => (None, Some(index)),
        Want::Both => (Some(cat), Some(index)),
    }
}

/// The cache directory to use for `path`: none for small or special files, or when caching is
/// off; a directory that fails its checks is not used, and the user is told once.
fn cache_dir(path: &Path, cache: Cache<'_>) -> Option<CacheDir> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() < CACHE_MIN {
        return None;
    }
    let dir = match cache {
        Cache::Off => return None,
        Cache::At(dir) => dir.to_path_buf(),
        Cache::Default => file::default_dir()?,
    };
    match CacheDir::open(&dir) {
        Ok(d) => Some(d),
        Err(why) => {
            if let Ok(mut notice) = NOTICE.lock() {
                *notice = Some(format!(
                    "itib: not using the cache directory {}: {why}; loading without a cache",
                    catalogue::escape(&dir.display().to_string())
                ));
            }
            None
        }
    }
}

/// What the user should be told about the cache, kept until [`take_notice`]: a load may run
/// while the explorer has the terminal, where a line on stderr would land in the interface.
static NOTICE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// The notice about the cache of this run's load (a directory that was not used), once.
pub fn take_notice() -> Option<String> {
    NOTICE.lock().ok().and_then(|mut n| n.take())
}

/// BLAKE3 of the file's bytes, read in 1 MiB blocks (never held whole).
fn hash_file(path: &Path) -> Option<blake3::Hash> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = blake3::Hasher::new();
    let mut block = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut block) {
            Ok(0) => return Some(hasher.finalize()),
            Ok(n) => {
                hasher.update(&block[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// What a cache file holds, if every check holds. The index, read first, is handed to `early`
/// before the entries are decoded.
fn read(file: &file::CacheFile, want: Want, early: &dyn Fn(&Index)) -> Option<Found> {
    let index = match want {
        Want::Catalogue => None,
        _ => Some(Index::from_mapped(file.map(), file.section(INDEX)?).ok()?),
    };
    if let Some(index) = &index {
        early(index);
    }
    let cat = match want {
        Want::Index => None,
        _ => {
            let range = file.section(CATALOGUE)?;
            Some(entries::decode(file.bytes().get(range)?)?)
        }
    };
    // Each section passed its own checks; together they must describe the same entries, in
    // the same order (the explorer reads an index hit's entry from the catalogue).
    if let (Some(cat), Some(index)) = (&cat, &index)
        && !describe_the_same(cat, index)
    {
        return None;
    }
    Some((cat, index))
}

/// Same count, and entry by entry the same id, kind and names.
fn describe_the_same(cat: &Catalogue, index: &Index) -> bool {
    index.len() == cat.len()
        && cat
            .entries()
            .iter()
            .enumerate()
            .all(|(i, e)| index_has(index, i, e))
}

/// Whether the index's entry `i` is `e`: the same id, kind and names.
fn index_has(index: &Index, i: usize, e: &crate::catalogue::Entry) -> bool {
    index.id(i) == e.id
        && index.kind(i) == e.kind
        && index.name_en(i) == e.name.en
        && index.name_zh(i) == e.name.zh
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid catalogue of just over [`CACHE_MIN`] bytes; `tag` changes one name, same size.
    fn big(tag: char) -> String {
        let mut text = String::new();
        let mut i = 0;
        while text.len() <= CACHE_MIN as usize {
            let name = if i == 7 {
                format!("Scheme {tag}")
            } else {
                format!("Scheme {i}")
            };
            let links = match i {
                0 => String::new(),
                _ => format!(
                    "parent = \"s-{}\"\nrelated = [\"s-0\", \"s-{}\"]\n",
                    i / 2,
                    i - 1
                ),
            };
            text.push_str(&format!(
                "[[entry]]\nid = \"s-{i}\"\nkind = \"fund\"\nname = {{ en = \"{name}\", zh = \"計劃\" }}\n\
                 {links}summary = {{ en = \"x\", zh = \"x\" }}\nsource = [\"x\"]\n\n"
            ));
            i += 1;
        }
        text
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("itib-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn load_at(path: &Path, dir: &Path, settle: Duration) -> (Catalogue, Served) {
        let ((cat, _), served) = load_settling(
            Some(path),
            Cache::At(dir),
            Want::Catalogue,
            settle,
            &Progress::default(),
        )
        .unwrap();
        (cat.unwrap(), served)
    }

    #[test]
    fn an_excerpt_prints_as_the_whole_catalogue_does() {
        use crate::export::{Format, write_entries};
        let dir = temp("excerpt");
        let path = dir.join("c.toml");
        std::fs::write(&path, big('a')).unwrap();
        let cache = dir.join("cache");
        assert!(
            excerpt(Some(&path), Cache::At(&cache), "s-7").is_none(),
            "no cache yet"
        );
        let (whole, _) = load_at(&path, &cache, file::SETTLE);
        let last = whole.entries().last().unwrap().id.clone();
        for id in ["s-0", "s-7", "s-100", last.as_str()] {
            let part = excerpt(Some(&path), Cache::At(&cache), id).unwrap();
            assert!(part.len() <= 4, "{id}: the entry and those its card names");
            // The cards (text, markdown) also list who links to the entry, which only the
            // whole catalogue knows: `itib show` loads it whole for them.
            for format in [Format::Json, Format::Toml, Format::Csv] {
                let print = |cat: &Catalogue| {
                    let mut out = Vec::new();
                    write_entries(&mut out, cat, &[cat.get(id).unwrap()], format).unwrap();
                    out
                };
                assert_eq!(print(&part), print(&whole), "{id} {format:?}");
            }
        }
        assert!(excerpt(Some(&path), Cache::At(&cache), "no-such").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_settled_file_is_served_by_its_stamp_and_a_touched_one_by_its_hash() {
        let dir = temp("memo");
        let path = dir.join("c.toml");
        std::fs::write(&path, big('a')).unwrap();
        let cache = dir.join("cache");
        // A settle time of zero: the file counts as settled at once.
        let (first, served) = load_at(&path, &cache, Duration::ZERO);
        assert_eq!(served, Served::Parsed);
        let (again, served) = load_at(&path, &cache, Duration::ZERO);
        assert_eq!((served, &again), (Served::Memo, &first));
        // A new mtime: the stamp no longer matches, the bytes (hashed) still do.
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000))
            .unwrap();
        let (touched, served) = load_at(&path, &cache, Duration::ZERO);
        assert_eq!((served, &touched), (Served::Hashed, &first));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_fresh_file_is_never_trusted_by_its_stamp_so_a_same_size_edit_is_seen() {
        let dir = temp("racy");
        let path = dir.join("c.toml");
        let cache = dir.join("cache");
        for round in 0..6 {
            let tag = if round % 2 == 0 { 'a' } else { 'b' };
            let text = big(tag);
            // In place, same size: only the times (and the bytes) change.
            std::fs::write(&path, &text).unwrap();
            let (cat, served) = load_at(&path, &cache, file::SETTLE);
            assert_ne!(
                served,
                Served::Memo,
                "round {round}: a fresh file's stamp is racy"
            );
            assert_eq!(cat.get("s-7").unwrap().name.en, format!("Scheme {tag}"));
            let (cat, served) = load_at(&path, &cache, file::SETTLE);
            assert_eq!(served, Served::Hashed, "round {round}");
            assert_eq!(cat.get("s-7").unwrap().name.en, format!("Scheme {tag}"));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_embedded_catalogue_loads_in_every_form() {
        let cat = catalogue(None, Cache::Default).unwrap();
        let index = index(None, Cache::Default).unwrap();
        assert_eq!(index, Index::build(&cat));
        let (c2, i2) = catalogue_and_index(None, Cache::Off).unwrap();
        assert_eq!((c2, i2), (cat, index));
    }
}
