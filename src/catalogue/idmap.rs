//! Maps from entry ids to entry numbers, hashed with FxHash (rustc's hash) instead of std's
//! SipHash: building and checking the map for 100,000 ids was a fifth of loading a cached
//! catalogue. SipHash guards against inputs built to collide; ids come from a file that is
//! validated as it is read, and the worst a collision-built file can do is load slowly.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Id → entry number.
pub(crate) type IdMap<K> = HashMap<K, usize, BuildHasherDefault<FxHasher>>;

/// FxHash over 8-byte words.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        for &b in words.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
