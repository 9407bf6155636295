//! The config file as a user meets it: a fixture corpus of valid files (each loads, and
//! `itib config` says where each setting came from) and invalid ones (each refused with exit 2
//! and exactly its expected message, before anything else happens); `itib config --default`
//! is a valid config file; flags win over the file; key bindings change what a key does.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn itib(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_itib"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CONFIG")
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent-itib-test")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn files(dir: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(dir);
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_valid_config_loads() {
    let valid = files("valid");
    assert!(valid.len() >= 4);
    for f in valid {
        let out = itib(&["--config", &f, "config"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{f}");
    }
}

#[test]
fn every_invalid_config_is_refused_with_its_exact_message() {
    let invalid = files("invalid");
    assert!(invalid.len() >= 15);
    for f in invalid {
        let expected = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(f.replace(".toml", ".expected")),
        )
        .unwrap();
        let expected = expected.replace(
            "tests/fixtures/config/invalid/",
            &format!("{}/", Path::new(&f).parent().unwrap().display()),
        );
        let out = itib(&["--config", &f, "config"]);
        assert_eq!(out.status.code(), Some(2), "{f}");
        assert!(out.stdout.is_empty(), "{f}: nothing else happens");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), expected, "{f}");
        // The explorer too refuses before it needs a terminal.
        let out = itib(&["--config", &f]);
        assert_eq!(out.status.code(), Some(2), "{f}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), expected, "{f}");
    }
}

#[test]
fn a_config_named_but_missing_is_an_error_and_a_default_one_missing_is_not() {
    let out = itib(&["--config", "tests/fixtures/config/nope.toml", "config"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("tests/fixtures/config/nope.toml: cannot read the config file:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = itib(&["--config", "tests/fixtures/config", "config"]);
    assert_eq!(out.status.code(), Some(2));
    let out = itib(&["config"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("/nonexistent-itib-test/itib/config.toml (not there: defaults)"),
        "{text}"
    );
    assert!(
        text.contains("lang = \"en\"                     # from LANG=en_US.UTF-8"),
        "{text}"
    );
}

#[test]
fn itib_config_says_where_each_setting_comes_from_and_flags_win() {
    let f = "tests/fixtures/config/valid/everything.toml";
    let out = itib(&["--config", f, "--format", "csv", "config"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "lang = \"zh\"                     # from tests/fixtures/config/valid/everything.toml:2:1",
        "format = \"csv\"                  # from --format",
        "sort = \"amount\"                 # from tests/fixtures/config/valid/everything.toml:5:1",
        "mouse = false                   # from tests/fixtures/config/valid/everything.toml:4:1",
        "base = \"light\"                  # from tests/fixtures/config/valid/everything.toml:8:1",
        "title = \"yellow\"                # from tests/fixtures/config/valid/everything.toml:11:1",
        "down = [\"ctrl-n\", \"down\", \"n\"]  # from tests/fixtures/config/valid/everything.toml:17:1",
        "follow = [\"enter\"]              # from tests/fixtures/config/valid/everything.toml:20:1",
        "print = [\"alt-p\"]               # from tests/fixtures/config/valid/everything.toml:21:1",
        "copy = [\"y\"]                    # default",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // What it prints is itself a config file that loads.
    let dir = std::env::temp_dir().join(format!("itib-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let again = dir.join("again.toml");
    std::fs::write(&again, &text).unwrap();
    let out = itib(&["--config", again.to_str().unwrap(), "config"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // ITIB_CONFIG names the file when --config does not.
    let out = Command::new(env!("CARGO_BIN_EXE_itib"))
        .arg("config")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ITIB_CONFIG", f)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("(ITIB_CONFIG)"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_default_file_is_a_valid_config_commented_and_uncommented() {
    let out = itib(&["config", "--default"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let dir = std::env::temp_dir().join(format!("itib-default-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let commented = dir.join("commented.toml");
    std::fs::write(&commented, &text).unwrap();
    assert_eq!(
        itib(&["--config", commented.to_str().unwrap(), "config"])
            .status
            .code(),
        Some(0)
    );
    // Every commented setting (`# key = value`) uncommented: the defaults, stated.
    let stated: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") && !rest.starts_with('(') => rest,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let uncommented = dir.join("uncommented.toml");
    std::fs::write(&uncommented, &stated).unwrap();
    let out = itib(&["--config", uncommented.to_str().unwrap(), "config"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{stated}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
