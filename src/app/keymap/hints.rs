//! What the help overlay and the status line say about keys, from the bindings in effect: the
//! tables hold each row's default keys as written by hand, the actions they stand for, and
//! what they do in both languages; [`help`] and [`status`] give the rows with the keys the
//! config left or gave each action. Drawing them (widths, what fits) is the panes' business.
//!
//! A row the config does not touch reads as written (`↑ ↓  j k`). A row whose keys it changes
//! lists, for each of its actions in the order the description names them, every key that does
//! it now (`k ↑ / n`), `—` for an action left without a key. The status line shows one key per
//! hint: the written one while it still does the action, else the first the config lists.

use crate::app::{Action, Mode};
use crate::catalogue::Lang;

use super::Bindings;

/// A row of the help: keys, what they do.
#[derive(Debug, Clone, Copy)]
pub struct HelpRow {
    /// The keys as the help writes them under the default bindings.
    pub keys: &'static str,
    /// The actions these keys do, in the order `en` names them; empty for keys no binding
    /// changes (the search line's, the mouse's, Ctrl-C, Ctrl-Z).
    pub actions: &'static [Action],
    /// Written after the actions' keys whatever the bindings: the mouse, keys no binding takes.
    pub fixed: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

const fn row(
    keys: &'static str,
    actions: &'static [Action],
    fixed: &'static str,
    en: &'static str,
    zh: &'static str,
) -> HelpRow {
    HelpRow {
        keys,
        actions,
        fixed,
        en,
        zh,
    }
}

/// Every key, for the help overlay and the README. The panes' keys are listed after the row
/// whose keys are [`PANE_ROW`], from the panes there are.
pub const HELP: &[HelpRow] = &[
    row(
        "/",
        &[Action::FocusSearch],
        "",
        "search (English, 中文, fzf syntax: 'exact 'word' ^prefix suffix$ !not a | b)",
        "搜尋（英文、中文，fzf 語法：'exact 'word' ^prefix suffix$ !not a | b）",
    ),
    row(
        "kind: for: tag: by:",
        &[],
        "",
        "in search, narrow: kind:fund for:start-ups tag:biotech by:itc",
        "搜尋中篩選：kind:fund for:初創 tag:biotech by:itc",
    ),
    row(
        "Tab ↓  (in search)",
        &[],
        "",
        "leave the search line, keeping the query",
        "離開搜尋列，保留查詢",
    ),
    row(
        "Esc",
        &[],
        "",
        "in search: clear the search line and leave it",
        "搜尋中：清除搜尋列並離開",
    ),
    row(
        "Enter  double-click",
        &[Action::Accept],
        "double-click",
        "print the selected (or marked) entries to stdout and exit",
        "把所選（或已選取）的條目輸出到 stdout 並離開",
    ),
    row(
        "Space",
        &[Action::ToggleMark],
        "",
        "mark / unmark an entry",
        "選取／取消選取條目",
    ),
    row("↑ ↓  j k", &[Action::Up, Action::Down], "", "move", "移動"),
    row(
        "PgUp PgDn  Ctrl-u Ctrl-d",
        &[
            Action::PageUp,
            Action::PageDown,
            Action::HalfPageUp,
            Action::HalfPageDown,
        ],
        "",
        "page / half page",
        "翻頁／半頁",
    ),
    row(
        "Home End  g G",
        &[Action::Top, Action::Bottom],
        "",
        "first / last",
        "第一項／最後一項",
    ),
    row(
        "Tab S-Tab  ← →  h l",
        &[Action::PrevPane, Action::NextPane],
        "",
        "previous / next pane",
        "上一個／下一個分頁",
    ),
    row(PANE_ROW, &[], "", "go to a pane:", "前往分頁："),
    row(
        "J K  Ctrl-e Ctrl-y",
        &[Action::ScrollDetail(3), Action::ScrollDetail(-3)],
        "Ctrl-e Ctrl-y",
        "scroll the detail",
        "捲動詳情",
    ),
    row(
        "] [",
        &[Action::NextLink, Action::PrevLink],
        "",
        "select the next / previous link in the detail",
        "選擇詳情中的下一個／上一個連結",
    ),
    row(
        "o f  click",
        &[Action::FollowLink],
        "click",
        "follow the selected link",
        "前往所選連結",
    ),
    row(
        "p",
        &[Action::GoParent],
        "",
        "go to the parent (administering body)",
        "前往上級（管理機構）",
    ),
    row("b Backspace Ctrl-o", &[Action::Back], "", "back", "返回"),
    row(
        "s",
        &[Action::CycleSort],
        "",
        "sort: relevance → name → newest → largest amount",
        "排序：相關度 → 名稱（粵拼）→ 最新 → 金額最大",
    ),
    row(
        "F",
        &[Action::ToggleFacets],
        "",
        "facets: counts by audience, body, tag; Enter adds or removes one",
        "分類：按對象、機構、標籤計數；Enter 加入或移除",
    ),
    row(
        "L",
        &[Action::ToggleLang],
        "",
        "switch English / 中文",
        "切換 English／中文",
    ),
    row(
        "y",
        &[Action::Copy],
        "",
        "copy the marked entries (or the selected one) to the clipboard (OSC 52)",
        "複製已選取（或所選）的條目到剪貼簿（OSC 52）",
    ),
    row("?", &[Action::ToggleHelp], "", "this help", "本說明"),
    row(
        "q Esc  Ctrl-c",
        &[Action::Quit],
        "Ctrl-c",
        "quit without printing (exit 130)",
        "離開，不輸出（exit 130）",
    ),
    row(
        "Ctrl-z",
        &[],
        "",
        "suspend to the shell (fg resumes)",
        "暫停並回到 shell（fg 繼續）",
    ),
];

/// The keys of [`HELP`]'s row about panes.
pub const PANE_ROW: &str = "0-9 -";

/// What an action without a key shows where its keys would be.
const NO_KEY: &str = "—";

/// The words among the keys, in Chinese (the longer first: `click` is in `double-click`).
const KEY_WORDS: [(&str, &str); 3] = [
    ("(in search)", "（搜尋中）"),
    ("double-click", "雙擊"),
    ("click", "點擊"),
];

/// The help's rows under `bindings`, the words among the keys in `lang`: (keys, what they do
/// in English, in Chinese).
pub fn help(bindings: &Bindings, lang: Lang) -> Vec<(String, &'static str, &'static str)> {
    HELP.iter()
        .map(|r| {
            let mut keys = help_keys(r, bindings);
            if lang == Lang::Zh {
                for (en, zh) in KEY_WORDS {
                    keys = keys.replace(en, zh);
                }
            }
            (keys, r.en, r.zh)
        })
        .collect()
}

fn help_keys(row: &HelpRow, bindings: &Bindings) -> String {
    if !row.actions.iter().any(|a| bindings.changes(a)) {
        return row.keys.to_string();
    }
    let mut keys = row
        .actions
        .iter()
        .map(|a| {
            let keys: Vec<String> = bindings.keys_of(a).iter().map(|c| c.label()).collect();
            if keys.is_empty() {
                NO_KEY.to_string()
            } else {
                keys.join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join(" / ");
    if !row.fixed.is_empty() {
        keys.push_str("  ");
        keys.push_str(row.fixed);
    }
    keys
}

/// The key a message names for `action`: `written` (the default one it names) while the config
/// leaves the action's keys alone or `written` still does it, else the first key the action has
/// now, else `otherwise`.
pub fn key_for(bindings: &Bindings, action: &Action, written: &str, otherwise: &str) -> String {
    if !bindings.changes(action) {
        return written.to_string();
    }
    let keys = bindings.keys_of(action);
    keys.iter()
        .find(|c| c.label() == written)
        .or(keys.first())
        .map_or_else(|| otherwise.to_string(), |c| c.label())
}

/// A hint of the status line: a key and what it does, and how much it matters (kept longest
/// when highest).
#[derive(Debug, Clone)]
struct Hint {
    /// The key under the default bindings.
    key: &'static str,
    /// What the key does, when a binding can change its key.
    action: Option<Action>,
    /// Written after the key whatever the bindings (`/Esc`: the panel's own way out).
    fixed: &'static str,
    /// Shown instead when the config leaves the action no key (Ctrl-C still quits); the hint
    /// is dropped when this is empty too.
    otherwise: &'static str,
    en: &'static str,
    zh: &'static str,
    weight: u8,
}

/// The weight of the hints always shown.
pub const KEEP: u8 = u8::MAX;

const fn hint(
    key: &'static str,
    action: Action,
    en: &'static str,
    zh: &'static str,
    weight: u8,
) -> Hint {
    Hint {
        key,
        action: Some(action),
        fixed: "",
        otherwise: "",
        en,
        zh,
        weight,
    }
}

const fn fixed(key: &'static str, en: &'static str, zh: &'static str, weight: u8) -> Hint {
    Hint {
        key,
        action: None,
        fixed: "",
        otherwise: "",
        en,
        zh,
        weight,
    }
}

const NORMAL: &[Hint] = &[
    hint("Enter", Action::Accept, "print", "輸出", 10),
    hint("Space", Action::ToggleMark, "mark", "選取", 6),
    hint("/", Action::FocusSearch, "search", "搜尋", 9),
    hint("F", Action::ToggleFacets, "facets", "分類", 8),
    hint("s", Action::CycleSort, "sort", "排序", 4),
    hint("Tab", Action::NextPane, "pane", "分頁", 7),
    hint("]", Action::NextLink, "link", "連結", 3),
    hint("o", Action::FollowLink, "follow", "前往", 2),
    hint("b", Action::Back, "back", "返回", 1),
    hint("L", Action::ToggleLang, "中文", "English", 5),
    hint("y", Action::Copy, "copy", "複製", 0),
    hint("?", Action::ToggleHelp, "help", "說明", KEEP),
    Hint {
        key: "q",
        action: Some(Action::Quit),
        fixed: "",
        otherwise: "Ctrl-c",
        en: "quit",
        zh: "離開",
        weight: KEEP,
    },
];

/// In the facet panel: how to choose, and how to close it.
const FACETS: &[Hint] = &[
    fixed("Enter/Space", "add or remove", "加入或移除", 8),
    fixed("j k", "move", "移動", 6),
    hint("s", Action::CycleSort, "sort", "排序", 4),
    hint("L", Action::ToggleLang, "中文", "English", 2),
    Hint {
        key: "F",
        action: Some(Action::ToggleFacets),
        fixed: "/Esc",
        otherwise: "Esc",
        en: "close",
        zh: "關閉",
        weight: KEEP,
    },
    fixed("Ctrl-c", "quit", "離開", KEEP),
];

/// The search line keeps its keys: no binding changes them.
const SEARCH: &[Hint] = &[
    fixed("Enter", "print", "輸出", 8),
    fixed("Tab/↓", "list", "列表", KEEP),
    fixed("Esc", "clear", "清除", 7),
    fixed("Ctrl-w", "word", "刪詞", 1),
    fixed("Ctrl-c", "quit", "離開", KEEP),
];

/// A hint as shown: (key, what it does in English, in Chinese, weight).
pub type Shown = (String, &'static str, &'static str, u8);

/// The status line's hints for `mode` under `bindings`, most useful first in no particular
/// order (the status line drops the lightest until they fit).
pub fn status(mode: Mode, bindings: &Bindings) -> Vec<Shown> {
    let all = match mode {
        Mode::Search => SEARCH,
        Mode::Facets => FACETS,
        Mode::Normal | Mode::Help => NORMAL,
    };
    all.iter()
        .filter_map(|h| {
            let key = match &h.action {
                Some(a) => match key_for(bindings, a, h.key, "") {
                    k if k.is_empty() && h.otherwise.is_empty() => return None,
                    k if k.is_empty() => h.otherwise.to_string(),
                    k => format!("{k}{}", h.fixed),
                },
                None => format!("{}{}", h.key, h.fixed),
            };
            Some((key, h.en, h.zh, h.weight))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::bindings::parse_chord;

    fn bound(config: &[(&str, &[&str])]) -> Bindings {
        let bound: Vec<(&str, Vec<_>)> = config
            .iter()
            .map(|(a, keys)| (*a, keys.iter().map(|k| parse_chord(k).unwrap()).collect()))
            .collect();
        Bindings::new(&bound)
    }

    fn keys(rows: &[(String, &str, &str)], en: &str) -> String {
        rows.iter().find(|r| r.1 == en).unwrap().0.clone()
    }

    #[test]
    fn the_defaults_read_as_written() {
        let none = Bindings::default();
        let rows = help(&none, Lang::En);
        for (r, h) in rows.iter().zip(HELP) {
            assert_eq!(r.0, h.keys);
        }
        let shown = status(Mode::Normal, &none);
        assert_eq!(shown[0].0, "Enter");
        assert_eq!(shown.last().unwrap().0, "q");
    }

    #[test]
    fn the_written_keys_are_the_keymap_s() {
        // Every key a row names for an action does it under the defaults.
        let none = Bindings::default();
        for h in HELP {
            for a in h.actions {
                assert!(!none.keys_of(a).is_empty(), "{a:?}");
            }
        }
        for h in NORMAL.iter().chain(FACETS) {
            if let Some(a) = &h.action {
                assert!(
                    none.keys_of(a).iter().any(|c| c.label() == h.key),
                    "{} {a:?}",
                    h.key
                );
            }
        }
    }

    #[test]
    fn the_keys_words_in_chinese() {
        let rows = help(&Bindings::default(), Lang::Zh);
        assert_eq!(rows[2].0, "Tab ↓  （搜尋中）");
        assert!(rows.iter().any(|r| r.0 == "Enter  雙擊"));
        assert!(rows.iter().any(|r| r.0 == "o f  點擊"));
    }

    #[test]
    fn rebound_keys_are_shown_and_taken_ones_are_not() {
        let b = bound(&[("down", &["ctrl-k", "n"]), ("first", &["j"]), ("quit", &[])]);
        let rows = help(&b, Lang::En);
        assert_eq!(keys(&rows, "move"), "k ↑ / Ctrl-k n");
        assert_eq!(keys(&rows, "first / last"), "j / G End");
        assert_eq!(keys(&rows, "quit without printing (exit 130)"), "—  Ctrl-c");
        assert_eq!(keys(&rows, "back"), "b Backspace Ctrl-o", "untouched");
        let shown = status(Mode::Normal, &b);
        assert_eq!(
            shown.last().unwrap().0,
            "Ctrl-c",
            "quit has no key but Ctrl-C"
        );
        let b = bound(&[("facets", &["v"]), ("next-pane", &["n", "tab"])]);
        let shown = status(Mode::Normal, &b);
        assert!(shown.iter().any(|h| h.0 == "v" && h.1 == "facets"));
        assert!(
            shown.iter().any(|h| h.0 == "Tab" && h.1 == "pane"),
            "still Tab"
        );
        let shown = status(Mode::Facets, &b);
        assert!(shown.iter().any(|h| h.0 == "v/Esc"));
    }
}
