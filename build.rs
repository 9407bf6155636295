//! Compiles the vendored Cantonese dictionary (`data/rime-cantonese`, CC BY 4.0) into the flat
//! tables `src/search/canto.rs` reads in place: no parsing when the program runs.
//!
//! The trie is built exactly as rust-canto 0.3.4 builds its own (`build_deps/build_trie.rs` and
//! `trie.rs`), in the same order and with the same parsing, because the segmenter must give
//! rust-canto's answers to the letter (a differential test holds it to them):
//!
//! 1. `chars.tsv`: a character's readings, ordered by weight (`5%` → 5, no weight → 100; a
//!    reading goes before the first one of lower weight; a repeated reading is ignored);
//! 2. `words.tsv`: words of two or more characters, readings in file order;
//! 3. `freq.txt`: a frequency, set only on nodes that already exist (the last line wins);
//! 4. `lettered.tsv`: any entry, one character included (`%`, `AB膠`), readings appended.
//!
//! Only what the segmenter uses is written: for each node its character, its children's range,
//! its first reading and its frequency. Nodes are numbered breadth first, so a node's children
//! are consecutive, sorted by character, and end where the next node's children begin.
//!
//! `nodes.bin`: one 16-byte record per node, then a sentinel record whose `first_child` closes
//! the last node's range; four little-endian `u32`s: the character, the first child, the first
//! reading (`offset << 8 | length` into `readings.bin`; `u32::MAX`: none) and the frequency.
//! `readings.bin`: the readings' UTF-8 text, each distinct reading once.

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;

const FILES: [&str; 4] = ["chars.tsv", "words.tsv", "freq.txt", "lettered.tsv"];

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR")?).join("data/rime-cantonese");
    println!("cargo:rerun-if-changed=build.rs");
    let mut text = Vec::new();
    for file in FILES {
        let path = dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        text.push(std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    let trie = build(&text[0], &text[1], &text[2], &text[3]);
    let tables = flatten(&trie)?;
    let out = std::env::var("OUT_DIR")?;
    std::fs::write(Path::new(&out).join("canto-nodes.bin"), tables.nodes)?;
    std::fs::write(Path::new(&out).join("canto-readings.bin"), tables.readings)?;
    std::fs::write(Path::new(&out).join("canto-root.bin"), tables.root)?;
    Ok(())
}

/// rust-canto's `TrieNode`, its children kept in [`Trie::edges`].
#[derive(Default)]
struct Node {
    readings: Vec<String>,
    /// Parallel to `readings` while characters are inserted, as in rust-canto.
    weights: Vec<u32>,
    freq: i64,
}

/// Nodes in creation order (0 is the root) and the edges between them.
struct Trie {
    nodes: Vec<Node>,
    edges: HashMap<(u32, char), u32>,
}

impl Trie {
    fn child(&self, node: u32, c: char) -> Option<u32> {
        self.edges.get(&(node, c)).copied()
    }

    fn child_or_insert(&mut self, node: u32, c: char) -> u32 {
        let next = self.nodes.len() as u32;
        let id = *self.edges.entry((node, c)).or_insert(next);
        if id == next {
            self.nodes.push(Node::default());
        }
        id
    }

    fn path_or_insert(&mut self, word: &str) -> u32 {
        word.chars()
            .fold(0, |node, c| self.child_or_insert(node, c))
    }

    /// rust-canto's `insert_char`.
    fn insert_char(&mut self, ch: char, reading: &str, weight: u32) {
        let id = self.child_or_insert(0, ch);
        let node = &mut self.nodes[id as usize];
        if !node.readings.iter().any(|r| r == reading) {
            let pos = node
                .weights
                .iter()
                .position(|&w| w < weight)
                .unwrap_or(node.readings.len());
            node.readings.insert(pos, reading.to_string());
            node.weights.insert(pos, weight);
        }
    }

    /// rust-canto's `insert_word` (two characters or more) and `insert_lettered` (any).
    fn insert_word(&mut self, word: &str, reading: &str) {
        let id = self.path_or_insert(word);
        let node = &mut self.nodes[id as usize];
        if !node.readings.iter().any(|r| r == reading) {
            node.readings.push(reading.to_string());
        }
    }

    /// rust-canto's `insert_freq`: existing nodes only.
    fn insert_freq(&mut self, word: &str, freq: i64) {
        let mut node = 0;
        for c in word.chars() {
            match self.child(node, c) {
                None => return,
                Some(child) => node = child,
            }
        }
        self.nodes[node as usize].freq = freq;
    }
}

/// rust-canto's `build_trie`, line for line.
fn build(chars: &str, words: &str, freq: &str, lettered: &str) -> Trie {
    let mut trie = Trie {
        nodes: vec![Node::default()],
        edges: HashMap::with_capacity(200_000),
    };
    for line in chars.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() >= 2 {
            if let Some(ch) = parts[0].chars().next() {
                let weight = parts
                    .get(2)
                    .map(|s| s.replace('%', "").trim().parse::<u32>().unwrap_or(0))
                    .unwrap_or(100);
                trie.insert_char(ch, parts[1], weight);
            }
        }
    }
    for line in words.lines() {
        let Some((left, right)) = line.split_once('\t') else {
            continue;
        };
        if left.chars().count() >= 2 {
            trie.insert_word(left, right);
        }
    }
    for line in freq.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() >= 2 {
            if let Ok(freq) = parts[1].parse::<i64>() {
                trie.insert_freq(parts[0], freq);
            }
        }
    }
    for line in lettered.lines() {
        let Some((left, right)) = line.split_once('\t') else {
            continue;
        };
        if !left.is_empty() {
            trie.insert_word(left, right);
        }
    }
    trie
}

const NONE: u32 = u32::MAX;

/// The code points `root.bin` covers: CJK Extension A and the Unified Ideographs.
const DENSE: std::ops::Range<u32> = 0x3400..0xA000;

/// The files written (see the module docs).
struct Tables {
    nodes: Vec<u8>,
    readings: Vec<u8>,
    root: Vec<u8>,
}

/// The trie as `nodes.bin`, `readings.bin` and `root.bin`.
fn flatten(trie: &Trie) -> Result<Tables, Box<dyn Error>> {
    // Each node's children, sorted by character.
    let mut children: Vec<Vec<(char, u32)>> = vec![Vec::new(); trie.nodes.len()];
    for (&(parent, c), &child) in &trie.edges {
        children[parent as usize].push((c, child));
    }
    for list in &mut children {
        list.sort_unstable();
    }
    // Breadth first from the root: `order[k]` is the node numbered k.
    let mut order: Vec<(char, u32)> = Vec::with_capacity(trie.nodes.len());
    order.push(('\0', 0));
    let mut k = 0;
    while k < order.len() {
        let node = order[k].1;
        order.extend_from_slice(&children[node as usize]);
        k += 1;
    }
    let mut nodes = Vec::with_capacity((order.len() + 1) * 16);
    let mut readings = Vec::new();
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut first_child = 1u32;
    for &(c, id) in &order {
        let node = &trie.nodes[id as usize];
        let reading = match node.readings.first() {
            None => NONE,
            Some(r) => {
                let at = match seen.get(r.as_str()) {
                    Some(&at) => at,
                    None => {
                        let at = u32::try_from(readings.len())?;
                        readings.extend_from_slice(r.as_bytes());
                        seen.insert(r, at);
                        at
                    }
                };
                if at >= 1 << 24 || r.len() >= 255 {
                    return Err(format!("reading {r:?} does not fit the table").into());
                }
                at << 8 | r.len() as u32
            }
        };
        // The segmenter relies on frequencies that are never negative (see canto.rs).
        let freq = if node.readings.is_empty() {
            0
        } else {
            u32::try_from(node.freq)
                .map_err(|_| format!("frequency {} of {c:?} out of range", node.freq))?
        };
        for field in [c as u32, first_child, reading, freq] {
            nodes.extend_from_slice(&field.to_le_bytes());
        }
        first_child += children[id as usize].len() as u32;
    }
    // The sentinel: where the last node's children end.
    for field in [0, first_child, NONE, 0] {
        nodes.extend_from_slice(&field.to_le_bytes());
    }
    // The root's children are nodes 1, 2, … in the order of `children[0]`.
    let mut root = vec![0xff; DENSE.len() * 2];
    for (k, &(c, _)) in children[0].iter().enumerate() {
        let c = u32::from(c);
        if !DENSE.contains(&c) {
            continue;
        }
        let k = u16::try_from(k)
            .ok()
            .filter(|&k| k != u16::MAX)
            .ok_or("too many characters for root.bin")?;
        let at = (c - DENSE.start) as usize * 2;
        root[at..at + 2].copy_from_slice(&k.to_le_bytes());
    }
    Ok(Tables {
        nodes,
        readings,
        root,
    })
}
