//! The one module with `unsafe`: mapping a cache file instead of copying it, and reading text
//! that was validated once without validating it again on every read.
//!
//! Measured on this project's machine (100,000 entries, warm `itib search`): reading the 51 MB
//! index section into a fresh buffer took about 50 ms (the kernel copying pages and zeroing new
//! ones), mapping it a few; checking each string as UTF-8 again on every read was 28 % of the
//! run, after the whole text had been checked once at several GB/s.
#![allow(unsafe_code)]

use std::fs::File;
use std::ops::Range;
use std::sync::Arc;

use memmap2::{Mmap, MmapOptions};

/// A read-only, private mapping of a whole cache file.
pub(crate) struct Mapped(Mmap);

impl Mapped {
    pub(crate) fn new(file: &File) -> std::io::Result<Mapped> {
        // SAFETY: `Mmap` is unsafe because the file could change while it is mapped, which
        // would change bytes that safe code holds as immutable, and truncating it would raise
        // SIGBUS. The file is a cache file: in a directory that only this user can write (see
        // `store::file::CacheDir::open`), written whole under a temporary name and renamed into
        // place, and never written again — a newer cache replaces it by another rename, which
        // leaves this mapping on the old file. Only this user (or root) changing the file in
        // place, by hand, while itib runs could break that; git and ripgrep map files on the
        // same terms. Nothing read through the mapping is trusted: every section is checked
        // against its checksum and its rules before use, and every read is bounds-checked.
        let map = unsafe { MmapOptions::new().map_copy_read_only(file)? };
        Ok(Mapped(map))
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        self.bytes()
    }
}

/// Where bytes are held: in memory, or in part of a mapped file.
#[derive(Clone)]
enum Held {
    Owned(Vec<u8>),
    Mapped(Arc<Mapped>, Range<usize>),
}

/// Immutable bytes whose tail, from `text_at`, was checked as UTF-8 when they were taken: so
/// that text can be read from them again and again without checking it again.
#[derive(Clone)]
pub(crate) struct CheckedBytes {
    held: Held,
    text_at: usize,
}

impl CheckedBytes {
    /// No bytes at all (so no text either).
    pub(crate) fn empty() -> CheckedBytes {
        CheckedBytes {
            held: Held::Owned(Vec::new()),
            text_at: 0,
        }
    }

    /// `bytes`, if `bytes[text_at..]` is UTF-8.
    pub(crate) fn owned(bytes: Vec<u8>, text_at: usize) -> Option<CheckedBytes> {
        CheckedBytes::check(Held::Owned(bytes), text_at)
    }

    /// `range` of a mapped file, if its part from `text_at` is UTF-8.
    pub(crate) fn mapped(
        map: Arc<Mapped>,
        range: Range<usize>,
        text_at: usize,
    ) -> Option<CheckedBytes> {
        map.bytes().get(range.clone())?;
        CheckedBytes::check(Held::Mapped(map, range), text_at)
    }

    fn check(held: Held, text_at: usize) -> Option<CheckedBytes> {
        let checked = CheckedBytes { held, text_at };
        // SIMD: several GB/s, where std would take tens of ms over an index's text.
        simdutf8::basic::from_utf8(checked.bytes().get(text_at..)?).ok()?;
        Some(checked)
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        match &self.held {
            Held::Owned(v) => v,
            Held::Mapped(m, range) => m.bytes().get(range.clone()).unwrap_or(&[]),
        }
    }

    /// The checked text.
    pub(crate) fn text(&self) -> ValidText<'_> {
        ValidText(self.bytes().get(self.text_at..).unwrap_or(&[]))
    }
}

/// Bytes known to be UTF-8: only [`CheckedBytes::text`] makes one, from bytes it checked.
#[derive(Clone, Copy)]
pub(crate) struct ValidText<'a>(&'a [u8]);

impl<'a> ValidText<'a> {
    pub(crate) fn as_str(&self) -> &'a str {
        // SAFETY: the bytes were checked as UTF-8 when their `CheckedBytes` was made, and
        // neither a `Vec` it owns nor a mapping (see `Mapped::new`) changes afterwards.
        unsafe { std::str::from_utf8_unchecked(self.0) }
    }

    /// The text in `start..end` (byte offsets), or "" unless both are in range and on char
    /// boundaries.
    pub(crate) fn get(&self, start: usize, end: usize) -> &'a str {
        let b = self.0;
        let boundary = |i: usize| i == b.len() || b.get(i).is_some_and(|&x| (x as i8) >= -0x40);
        if start > end || end > b.len() || !boundary(start) || !boundary(end) {
            return "";
        }
        // SAFETY: a slice of valid UTF-8 that starts and ends on char boundaries (a byte that
        // is not a continuation byte 0b10xx_xxxx, or the end) is valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(&b[start..end]) }
    }
}

#[cfg(test)]
mod tests {
    use super::CheckedBytes;

    #[test]
    fn text_is_cut_only_at_char_boundaries() {
        let held = CheckedBytes::owned(b"xa\xe5\x89\xb5b".to_vec(), 1).unwrap();
        let t = held.text();
        assert_eq!(t.as_str(), "a創b");
        assert_eq!(t.get(0, 1), "a");
        assert_eq!(t.get(1, 4), "創");
        assert_eq!(t.get(1, 2), "", "inside 創");
        assert_eq!(t.get(2, 4), "");
        assert_eq!(t.get(4, 5), "b");
        assert_eq!(t.get(5, 5), "");
        assert_eq!(t.get(3, 1), "");
        assert_eq!(t.get(0, 6), "");
        assert!(CheckedBytes::owned(vec![b'a', 0xff], 0).is_none());
        assert!(
            CheckedBytes::owned(vec![0xff, b'a'], 1).is_some(),
            "only the text is checked"
        );
        assert!(CheckedBytes::owned(vec![b'a'], 2).is_none());
    }
}
