//! `y`: the chosen entries, exported in the explorer's format, put on the system clipboard by the
//! terminal itself (OSC 52), which works over SSH and needs no clipboard program.

use std::io::{self, Write};

use crate::catalogue::Catalogue;
use crate::export::{self, Format};

/// OSC 52: the terminal puts the text on the system clipboard (works over SSH).
pub(super) fn copy(
    out: &mut dyn Write,
    cat: &Catalogue,
    entries: &[usize],
    format: Format,
) -> io::Result<()> {
    let chosen: Vec<&crate::catalogue::Entry> =
        entries.iter().map(|&i| &cat.entries()[i]).collect();
    let mut text = Vec::new();
    export::write_entries(&mut text, cat, &chosen, format)?;
    write!(out, "\x1b]52;c;{}\x07", base64(&text))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("研究".as_bytes()), "56CU56m2");
    }
}
