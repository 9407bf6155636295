//! Why a catalogue could not be loaded, always with the place: file, line, column and field.

use std::fmt;
use std::path::PathBuf;

/// One semantic problem of a catalogue that parsed as TOML. All of them are collected and
/// reported together, so one `itib check` run shows everything to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    /// The id of the entry the problem is in (`None` in the header or an entry without id).
    pub entry: Option<String>,
    /// The field's path inside the entry, e.g. `figures[1].unit`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.line, self.column)?;
        if let Some(id) = &self.entry {
            write!(f, "entry `{}`: ", super::text::quote(id))?;
        }
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read the catalogue: {source}", shown(path))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: is a directory, not a catalogue file", shown(path))]
    Directory { path: PathBuf },
    #[error(
        "{}: not a regular file or a pipe; a catalogue is read from a file",
        shown(path)
    )]
    NotAFile { path: PathBuf },
    #[error(
        "{}: larger than {} MiB; a catalogue this large is refused",
        shown(path),
        limit >> 20
    )]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{origin}: the catalogue is empty")]
    Empty { origin: String },
    #[error(
        "{origin}:{line}:{column}: not UTF-8 text (invalid byte here); save the catalogue as UTF-8"
    )]
    NotUtf8 {
        origin: String,
        line: usize,
        column: usize,
    },
    /// TOML syntax, a value of the wrong type, or an unknown field.
    #[error("{origin}:{line}:{column}: {}{message}", field_prefix(field))]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    #[error("{}", invalid_report(origin, problems))]
    Invalid {
        origin: String,
        problems: Vec<Problem>,
    },
}

/// A path as messages show it: escaped, since a file name may hold anything but `/` and NUL.
fn shown(path: &std::path::Path) -> String {
    super::text::escape(&path.display().to_string())
}

fn field_prefix(field: &str) -> String {
    if field.is_empty() {
        String::new()
    } else {
        format!("{field}: ")
    }
}

fn invalid_report(origin: &str, problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        out.push_str(&format!("{origin}:{p}\n"));
    }
    let n = problems.len();
    out.push_str(&format!(
        "{origin}: {n} problem{} found",
        if n == 1 { "" } else { "s" }
    ));
    out
}
