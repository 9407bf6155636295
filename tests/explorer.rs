//! The explorer without a terminal: `App::update` for navigation, panes, search, marking, links
//! and language; snapshots of the rendered screen at 120×40 and 80×24 in English and Chinese;
//! and the whole event loop on a `TestBackend` with scripted keys and signals.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

mod common;

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use common::{engine, screen, shipped};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use itib::app::{Action, App, Effect, Mode, Outcome, Pane};
use itib::catalogue::{self, Catalogue, Kind, Lang};
use itib::export::Format;
use itib::search::{Engine, FirstScreen, Searcher};
use itib::tui::{self, Events, Resumed, Searches, Signal};
use itib::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(lang: Lang) -> App<'static> {
    let mut app = App::new(shipped(), engine(), lang, true);
    app.update(Action::Resize(120, 40));
    app
}

/// Applies an action and carries out its effects the way the event loop does (searching inline).
fn act(app: &mut App<'static>, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut next = Some(action);
    while let Some(a) = next.take() {
        if let Some(effect) = app.update(a) {
            if let Effect::Search { generation, query } = &effect {
                next = Some(Action::SearchDone {
                    generation: *generation,
                    result: engine().find(query, 0),
                });
            }
            effects.push(effect);
        }
    }
    effects
}

fn type_query(app: &mut App<'static>, q: &str) {
    act(app, Action::FocusSearch);
    for c in q.chars() {
        act(app, Action::Input(c));
    }
}

fn selected_id(app: &App) -> String {
    app.catalogue.entries()[app.selected_entry().unwrap()]
        .id
        .clone()
}

fn pane_of(app: &App, kind: Kind) -> usize {
    app.panes
        .iter()
        .position(|p| *p == Pane::Kind(kind))
        .unwrap()
}

#[test]
fn starts_on_all_with_the_four_main_panes_in_order() {
    let app = app(Lang::En);
    assert_eq!(app.panes[0], Pane::All);
    assert_eq!(
        &app.panes[1..5],
        [
            Pane::Kind(Kind::Bureau),
            Pane::Kind(Kind::Fund),
            Pane::Kind(Kind::Park),
            Pane::Kind(Kind::Talent)
        ]
    );
    assert_eq!(app.pane, 0);
    assert_eq!(app.rows[0].len(), app.catalogue.len());
}

#[test]
fn moving_through_the_list() {
    let mut app = app(Lang::En);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    assert_eq!(app.selected[0], 2);
    act(&mut app, Action::Up);
    assert_eq!(app.selected[0], 1);
    act(&mut app, Action::Bottom);
    assert_eq!(app.selected[0], app.catalogue.len() - 1);
    assert!(app.offset[0] > 0, "the list scrolled to show the selection");
    act(&mut app, Action::Top);
    assert_eq!((app.selected[0], app.offset[0]), (0, 0));
    act(&mut app, Action::PageDown);
    assert_eq!(
        app.selected[0], 35,
        "a page is the list's inner height at 120×40"
    );
    act(&mut app, Action::HalfPageUp);
    assert_eq!(app.selected[0], 18);
    act(&mut app, Action::Up);
    act(&mut app, Action::Top);
    act(&mut app, Action::Up);
    assert_eq!(app.selected[0], 0, "stays at the top");
}

#[test]
fn switching_panes() {
    let mut app = app(Lang::En);
    act(&mut app, Action::NextPane);
    assert_eq!(app.panes[app.pane], Pane::Kind(Kind::Bureau));
    act(&mut app, Action::PrevPane);
    act(&mut app, Action::PrevPane);
    assert_eq!(app.pane, app.panes.len() - 1, "wraps around");
    act(&mut app, Action::GoPane(2));
    assert_eq!(app.panes[app.pane], Pane::Kind(Kind::Fund));
    assert!(
        app.rows[app.pane]
            .iter()
            .all(|&r| app.catalogue.entries()[app.hits[r as usize].entry].kind == Kind::Fund)
    );
    act(&mut app, Action::GoPane(99));
    assert_eq!(
        app.panes[app.pane],
        Pane::Kind(Kind::Fund),
        "no such pane: stays"
    );
}

#[test]
fn typing_searches_every_pane_and_puts_the_best_match_on_top() {
    let mut app = app(Lang::En);
    type_query(&mut app, "rth");
    assert_eq!(app.mode, Mode::Search);
    assert_eq!(app.results_query, "rth");
    assert_eq!(selected_id(&app), "research-talent-hub");
    let talent = pane_of(&app, Kind::Talent);
    assert!(!app.rows[talent].is_empty());
    assert!(app.rows[0].len() < app.catalogue.len());
    // Backspace widens again.
    act(&mut app, Action::Backspace);
    assert_eq!(app.results_query, "rt");
}

#[test]
fn esc_clears_the_search_and_keeps_the_found_entry_selected() {
    let mut app = app(Lang::En);
    type_query(&mut app, "talent hub");
    act(&mut app, Action::ClearSearch);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.query, "");
    assert_eq!(app.rows[0].len(), app.catalogue.len());
    assert_eq!(selected_id(&app), "research-talent-hub");
}

#[test]
fn an_invalid_query_keeps_the_results_and_says_why() {
    let mut app = app(Lang::En);
    // fzf's syntax has no invalid query; only one of more than 64 different terms is refused.
    let terms: String = (0..63).map(|i| format!(" !x{i}")).collect();
    type_query(&mut app, &format!("itf{terms}"));
    let before = app.rows[0].len();
    assert!(before > 0);
    type_query(&mut app, " !zz");
    assert!(
        app.query_error
            .as_deref()
            .unwrap()
            .contains("65 different terms; a query has at most 64")
    );
    assert_eq!(app.rows[0].len(), before);
    // `… !z` is still a 65th term; a lone `!` is none.
    act(&mut app, Action::Backspace);
    act(&mut app, Action::Backspace);
    assert_eq!(app.query_error, None);
}

#[test]
fn nothing_matches() {
    let mut app = app(Lang::En);
    type_query(&mut app, "zzqxv");
    assert!(app.rows.iter().all(Vec::is_empty));
    act(&mut app, Action::Accept);
    assert_eq!(app.outcome, None, "nothing to print");
    assert!(app.status.as_deref().unwrap().contains("Nothing to print"));
}

#[test]
fn editing_the_search_line() {
    let mut app = app(Lang::En);
    type_query(&mut app, "talent hub");
    act(&mut app, Action::DeleteWord);
    assert_eq!(app.query, "talent ");
    act(&mut app, Action::CursorHome);
    act(&mut app, Action::Input('^'));
    assert_eq!(app.query, "^talent ");
    act(&mut app, Action::ClearLine);
    assert_eq!(app.query, "");
}

#[test]
fn marking_several_and_printing_them_in_order() {
    let mut app = app(Lang::En);
    act(&mut app, Action::ToggleMark); // marks row 0, moves down
    act(&mut app, Action::ToggleMark); // marks row 1
    act(&mut app, Action::Up);
    act(&mut app, Action::ToggleMark); // unmarks row 1, moves to row 2
    assert_eq!(app.marked, vec![0]);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::Accept);
    assert_eq!(app.outcome, Some(Outcome::Export(vec![0, 4])));
}

#[test]
fn enter_prints_the_selected_entry_and_q_leaves() {
    let mut app = app(Lang::En);
    type_query(&mut app, "itf");
    act(&mut app, Action::Accept);
    let itf = app.catalogue.index_of("itf").unwrap();
    assert_eq!(app.outcome, Some(Outcome::Export(vec![itf])));

    let mut app2 = self::app(Lang::En);
    act(&mut app2, Action::Quit);
    assert_eq!(app2.outcome, Some(Outcome::Cancelled));
}

#[test]
fn following_links_and_coming_back() {
    let mut app = app(Lang::En);
    type_query(&mut app, "rth");
    act(&mut app, Action::LeaveSearch);
    assert_eq!(selected_id(&app), "research-talent-hub");
    act(&mut app, Action::GoParent);
    assert_eq!(selected_id(&app), "itf");
    act(&mut app, Action::GoParent);
    assert_eq!(selected_id(&app), "itc");
    act(&mut app, Action::Back);
    assert_eq!(selected_id(&app), "itf");
    act(&mut app, Action::Back);
    assert_eq!(selected_id(&app), "research-talent-hub");
    assert_eq!(app.query, "rth", "the query comes back with the place");
    act(&mut app, Action::Back);
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("Nothing to go back to")
    );
}

#[test]
fn links_cycle_through_parent_and_related() {
    let mut app = app(Lang::En);
    let rth = app.catalogue.index_of("research-talent-hub").unwrap();
    let links = app.links(rth);
    type_query(&mut app, "rth");
    act(&mut app, Action::LeaveSearch);
    act(&mut app, Action::NextLink);
    assert_eq!(app.link, 1);
    act(&mut app, Action::FollowLink);
    assert_eq!(app.selected_entry(), Some(links[1]));
    act(&mut app, Action::PrevLink);
    act(&mut app, Action::Back);
    assert_eq!(app.selected_entry(), Some(rth));
}

#[test]
fn a_link_hidden_by_the_query_clears_it() {
    let mut app = app(Lang::En);
    type_query(&mut app, "研究人才");
    act(&mut app, Action::LeaveSearch);
    act(&mut app, Action::GoParent);
    assert_eq!(selected_id(&app), "itf");
    assert_eq!(app.query, "");
    assert!(app.status.as_deref().unwrap().contains("Search cleared"));
}

#[test]
fn the_detail_scrolls_to_its_end_and_no_further() {
    let mut app = app(Lang::En);
    type_query(&mut app, "itf");
    act(&mut app, Action::LeaveSearch);
    for _ in 0..200 {
        act(&mut app, Action::ScrollDetail(3));
    }
    let end = app.detail_scroll;
    assert!(end > 10, "the ITF detail is long: {end}");
    assert!(end < 200, "bounded by the content: {end}");
    act(&mut app, Action::ScrollDetail(-3));
    assert_eq!(
        app.detail_scroll,
        end - 3,
        "one press back moves back at once"
    );
}

#[test]
fn language_switch() {
    let mut app = app(Lang::En);
    act(&mut app, Action::ToggleLang);
    assert_eq!(app.lang, Lang::Zh);
    act(&mut app, Action::ToggleLang);
    assert_eq!(app.lang, Lang::En);
}

#[test]
fn copy_asks_the_loop_for_osc_52() {
    let mut app = app(Lang::En);
    let effects = act(&mut app, Action::Copy);
    assert_eq!(
        effects,
        vec![Effect::Copy(vec![app.selected_entry().unwrap()])]
    );
    assert!(app.status.as_deref().unwrap().contains("Copied"));
}

#[test]
fn y_copies_the_marked_entries_when_there_are_any() {
    let mut app = app(Lang::En);
    let first = app.selected_entry().unwrap();
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::Down);
    let third = app.selected_entry().unwrap();
    act(&mut app, Action::ToggleMark);
    let effects = act(&mut app, Action::Copy);
    assert_eq!(effects, vec![Effect::Copy(vec![first, third])]);
    assert_eq!(
        app.status.as_deref(),
        Some("Copied 2 marked entries to the clipboard (OSC 52)")
    );
}

/// An app at `w`×`h` showing entry `id` (in its kind's pane).
fn showing(id: &str, w: u16, h: u16) -> App<'static> {
    let mut app = sized(Lang::En, w, h);
    let target = shipped().index_of(id).unwrap();
    let pane = pane_of(&app, shipped().entries()[target].kind);
    act(&mut app, Action::GoPane(pane));
    while selected_id(&app) != id {
        act(&mut app, Action::Down);
    }
    app
}

#[test]
fn the_selected_link_is_scrolled_into_view() {
    // ogcio has a parent, nine related entries, and the entries it administers and those that
    // reference it: at 80×24 the last ones are far below the pane.
    let mut app = showing("ogcio", 80, 24);
    let g = app.link_groups(app.selected_entry().unwrap());
    assert!(g.parent.is_some() && !g.administers.is_empty() && !g.referenced_by.is_empty());
    let n = app.links(app.selected_entry().unwrap()).len();
    assert_eq!(
        n,
        1 + g.related.len() + g.administers.len() + g.referenced_by.len()
    );
    assert_eq!(app.detail_scroll, 0);
    for _ in 0..n - 1 {
        act(&mut app, Action::NextLink);
    }
    assert_eq!(app.link, n - 1);
    assert!(app.detail_scroll > 0, "scrolled down to the last link");
    let last = shipped().entries()[app.links(app.selected_entry().unwrap())[n - 1]]
        .name
        .en
        .clone();
    let shown = screen(&app, 80, 24);
    assert!(shown.contains(&last), "{last} on screen:\n{shown}");
    insta::assert_snapshot!(shown);
    // Wrapping round to the parent scrolls back up to it.
    act(&mut app, Action::NextLink);
    assert_eq!(app.link, 0);
    assert!(screen(&app, 80, 24).contains("Innovation, Technology and Industry Bureau"));
}

#[test]
fn scrolling_the_detail_keeps_the_selected_link_on_screen() {
    let mut app = showing("ogcio", 80, 24);
    let (_, related) = link_rows(&app, 1);
    act(&mut app, Action::ScrollDetail(related as i32));
    // The parent (link 0) went off the top: the first related entry, now on top, is selected.
    assert_eq!(app.link, 1);
    let before = app.selected_entry();
    act(&mut app, Action::FollowLink);
    assert_ne!(
        app.selected_entry(),
        before,
        "o follows the link the user sees"
    );
}

/// The detail's facts from outside the source are noted in the reader's language: `L` turns
/// the English note into its Chinese form, and no English note is left in the Chinese detail.
#[test]
fn outside_source_notes_follow_the_language() {
    let mut app = showing("rttp", 120, 40);
    let e = shipped().get("rttp").unwrap();
    let note = e.outside("parent").unwrap();
    let en = detail_text(&app);
    assert!(en.contains(&format!("  parent: {}\n", note.en)), "{en}");
    act(&mut app, Action::ToggleLang);
    let zh = detail_text(&app);
    assert!(zh.contains(&format!("  上級: {}\n", note.zh)), "{zh}");
    for o in &e.outside_source {
        assert!(
            !zh.contains(&o.note.en),
            "English note in the Chinese detail: {}",
            o.note.en
        );
        assert!(zh.contains(&o.note.zh), "{} missing:\n{zh}", o.note.zh);
    }
}

/// The name note is shown in the reader's language, under the detail's own label: `L` turns
/// `Note` and the English note into `備註` and the Chinese one.
#[test]
fn name_notes_follow_the_language() {
    let mut app = showing("biobank", 120, 40);
    let note = shipped().get("biobank").unwrap().name_note.clone().unwrap();
    let en = detail_text(&app);
    assert!(en.contains(&format!("Note    {}\n", note.en)), "{en}");
    assert!(!en.contains(&note.zh), "{en}");
    act(&mut app, Action::ToggleLang);
    let zh = detail_text(&app);
    assert!(zh.contains(&format!("備註    {}\n", note.zh)), "{zh}");
    assert!(
        !zh.contains(&note.en),
        "English name note in the Chinese detail:\n{zh}"
    );
}

/// The selected entry's detail, laid out `w` columns wide.
fn selected_detail(app: &App, w: u16) -> itib::app::detail::Document {
    let entry = app.selected_entry().unwrap();
    itib::app::detail::document(app, &app.theme(), entry, usize::from(w))
}

/// The selected entry's detail as text, 116 columns wide, a line per row.
fn detail_text(app: &App) -> String {
    selected_detail(app, 116)
        .lines
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// The rows link `i` of the selected entry's detail covers.
fn link_rows(app: &App, i: usize) -> (usize, usize) {
    let w = app.areas().detail.width - 2;
    selected_detail(app, w).link_rows(i, w).unwrap()
}

/// The screen position of link `i` of the selected entry's detail.
fn link_position(app: &App, i: usize) -> (u16, u16) {
    let area = app.areas().detail;
    let w = area.width - 2;
    let doc = selected_detail(app, w);
    let (first, _) = doc.link_rows(i, w).unwrap();
    let row = first - usize::from(app.detail_scroll);
    (
        area.x + 1 + doc.links[i].column as u16 + 1,
        area.y + 1 + row as u16,
    )
}

#[test]
fn a_click_on_a_link_follows_it() {
    let mut app = showing("hkstp", 120, 60);
    let links = app.links(app.selected_entry().unwrap());
    let (x, y) = link_position(&app, 2);
    act(&mut app, Action::Click(x, y));
    assert_eq!(app.selected_entry(), Some(links[2]));
    act(&mut app, Action::Back);
    assert_eq!(selected_id(&app), "hkstp");
    // A click beside the link, left of where its name starts, follows nothing.
    let (x, y) = link_position(&app, 2);
    act(&mut app, Action::Click(x - 2, y));
    assert_eq!(selected_id(&app), "hkstp");
}

#[test]
fn a_double_click_on_a_row_chooses_it_as_enter() {
    let mut app = app(Lang::En);
    let list = app.areas().list;
    let (x, y) = (list.x + 3, list.y + 1 + 2);
    act(&mut app, Action::Click(x, y));
    assert_eq!(app.outcome, None);
    act(&mut app, Action::DoubleClick(x, y));
    let third = app.hit(0, 2).unwrap().entry;
    assert_eq!(app.outcome, Some(Outcome::Export(vec![third])));
}

#[test]
fn a_double_click_on_a_link_follows_it_once() {
    let mut app = showing("hkstp", 120, 60);
    let links = app.links(app.selected_entry().unwrap());
    let (x, y) = link_position(&app, 1);
    act(&mut app, Action::Click(x, y));
    act(&mut app, Action::DoubleClick(x, y));
    assert_eq!(app.selected_entry(), Some(links[1]));
    assert_eq!(app.outcome, None);
}

#[test]
fn every_pane_has_a_key_and_the_tenth_is_minus() {
    let mut app = app(Lang::En);
    assert_eq!(app.panes.len(), 11);
    act(&mut app, Action::GoPane(10));
    assert_eq!(app.panes[app.pane], Pane::Kind(Kind::Inclusion));
    let tabs = screen(&app, 120, 40);
    assert!(
        tabs.lines().next().unwrap().contains("- Inclusion"),
        "{tabs}"
    );
}

#[test]
fn help_opens_and_closes() {
    let mut app = app(Lang::En);
    act(&mut app, Action::ToggleHelp);
    assert_eq!(app.mode, Mode::Help);
    act(&mut app, Action::CloseHelp);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn stale_search_results_are_ignored() {
    let mut app = app(Lang::En);
    act(&mut app, Action::FocusSearch);
    let first = app.update(Action::Input('i'));
    let _second = app.update(Action::Input('t'));
    let Some(Effect::Search { generation, .. }) = first else {
        panic!()
    };
    app.update(Action::SearchDone {
        generation,
        result: engine().find("i", 0),
    });
    assert!(app.is_searching(), "still waiting for `it`");
    assert_eq!(app.results_query, "");
}

/// A first screen with the rest pending, then its settled ranking: the count is final at once,
/// the order becomes a fresh search's, the entry the user moved to stays selected, and a
/// settled ranking for an older query changes nothing.
#[test]
fn the_rest_of_a_ranking_settles_under_the_selection() {
    let entries = |hits: &[itib::search::Hit]| hits.iter().map(|h| h.entry).collect::<Vec<_>>();
    let whole = engine().find("e", 0).unwrap();
    let mut app = app(Lang::En);
    act(&mut app, Action::FocusSearch);
    let Some(Effect::Search { generation, query }) = app.update(Action::Input('e')) else {
        panic!("typing searches")
    };
    let mut searcher = Searcher::new();
    let top = searcher
        .find_top(engine(), &query, FirstScreen::rows(1), 0)
        .unwrap();
    let settled = top.hits.len() - top.pending;
    assert!(
        top.pending > 10 && settled < whole.hits.len() / 2,
        "{settled} ranked"
    );
    app.update(Action::SearchDone {
        generation,
        result: Ok(top),
    });
    assert!(app.is_settling() && !app.is_searching());
    assert_eq!(app.hits.len(), whole.hits.len(), "the count is final");
    assert_ne!(
        entries(&app.hits),
        entries(&whole.hits),
        "the rest is not ranked yet"
    );
    assert_eq!(
        app.selected_entry(),
        Some(whole.hits[0].entry),
        "the best match"
    );
    for _ in 0..settled + 3 {
        act(&mut app, Action::Down);
    }
    let chosen = app.selected_entry();
    let hits = searcher.settle(engine(), 0, &|| false).unwrap();
    app.update(Action::SearchSettled {
        generation: generation - 1,
        hits: hits.clone(),
    });
    assert!(
        app.is_settling(),
        "an older query's ranking is not this one's"
    );
    app.update(Action::SearchSettled { generation, hits });
    assert!(!app.is_settling());
    assert_eq!(entries(&app.hits), entries(&whole.hits));
    assert_eq!(
        app.selected_entry(),
        chosen,
        "the selection stays on its entry"
    );
}

#[test]
fn clicks_select_rows_and_tabs_and_the_wheel_scrolls() {
    let mut app = app(Lang::En);
    let list = app.areas().list;
    act(&mut app, Action::Click(list.x + 3, list.y + 1 + 4));
    assert_eq!(app.selected[0], 4);
    act(
        &mut app,
        Action::Wheel {
            down: true,
            column: list.x + 3,
            row: list.y + 2,
        },
    );
    assert_eq!(app.selected[0], 7);
    let detail = app.areas().detail;
    act(
        &mut app,
        Action::Wheel {
            down: true,
            column: detail.x + 3,
            row: detail.y + 2,
        },
    );
    assert_eq!(app.detail_scroll, 3);
    // The tab bar: " 0 All 132 " then " 1 Bureaus 28 ".
    act(&mut app, Action::Click(14, 0));
    assert_eq!(app.panes[app.pane], Pane::Kind(Kind::Bureau));
}

fn sized(lang: Lang, w: u16, h: u16) -> App<'static> {
    let mut app = App::new(shipped(), engine(), lang, false);
    app.update(Action::Resize(w, h));
    app
}

#[test]
fn snapshot_120x40_english() {
    insta::assert_snapshot!(screen(&sized(Lang::En, 120, 40), 120, 40));
}

#[test]
fn snapshot_120x40_chinese() {
    insta::assert_snapshot!(screen(&sized(Lang::Zh, 120, 40), 120, 40));
}

#[test]
fn snapshot_120x40_query() {
    let mut app = sized(Lang::En, 120, 40);
    type_query(&mut app, "talent hub");
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn snapshot_80x24_english_query_stacked() {
    let mut app = sized(Lang::En, 80, 24);
    type_query(&mut app, "rth");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn snapshot_80x24_chinese_query() {
    let mut app = sized(Lang::Zh, 80, 24);
    type_query(&mut app, "研究人才");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn snapshot_80x24_status_line_keeps_help_and_quit() {
    let shown = screen(&sized(Lang::En, 80, 24), 80, 24);
    let status = shown.lines().nth(23).unwrap();
    assert!(
        status.contains("? help") && status.contains("q quit"),
        "{status}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn snapshot_80x24_search_line_says_how_to_leave_it() {
    let mut app = sized(Lang::En, 80, 24);
    act(&mut app, Action::FocusSearch);
    let shown = screen(&app, 80, 24);
    let status = shown.lines().nth(23).unwrap();
    assert!(status.contains("Tab/↓ list"), "{status}");
    insta::assert_snapshot!(status);
}

#[test]
fn snapshot_80x24_chinese_status_line() {
    let shown = screen(&sized(Lang::Zh, 80, 24), 80, 24);
    let status = shown.lines().nth(23).unwrap();
    assert!(
        status.contains("? 說明") && status.contains("q 離開"),
        "{status}"
    );
    insta::assert_snapshot!(status);
}

#[test]
fn snapshot_help_overlay_chinese() {
    let mut app = sized(Lang::Zh, 120, 40);
    act(&mut app, Action::ToggleHelp);
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("按鍵") && shown.contains("- 數碼共融"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn snapshot_help_overlay() {
    let mut app = sized(Lang::En, 120, 40);
    act(&mut app, Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn snapshot_too_small() {
    insta::assert_snapshot!(screen(&sized(Lang::En, 39, 9), 39, 9));
}

#[test]
fn renders_at_every_small_size_without_panicking() {
    for w in 1..=45 {
        for h in 1..=12 {
            let mut app = sized(Lang::Zh, w, h);
            type_query(&mut app, "創新");
            act(&mut app, Action::Bottom);
            screen(&app, w, h);
        }
    }
}

#[test]
fn wide_characters_never_break_a_column() {
    for (w, h) in [(100, 30), (120, 40), (80, 24), (61, 20)] {
        let mut app = sized(Lang::Zh, w, h);
        for q in ["", "創新", "科技園"] {
            act(&mut app, Action::ClearLine);
            type_query(&mut app, q);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| ui::render(&app, f)).unwrap();
            let buf = terminal.backend().buffer();
            let a = app.areas();
            for area in [a.list, a.detail] {
                for y in area.y + 1..area.bottom() - 1 {
                    assert_eq!(
                        buf[(area.right() - 1, y)].symbol(),
                        "│",
                        "{w}×{h} `{q}` row {y}"
                    );
                    assert_eq!(buf[(area.x, y)].symbol(), "│", "{w}×{h} `{q}` row {y}");
                }
            }
        }
    }
}

/// Keys to feed the loop, then nothing.
struct Script(VecDeque<Event>);

impl Events for Script {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn the_event_loop_searches_and_prints_on_enter() {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut app = App::new(shipped(), engine(), Lang::En, true);
    let mut keys: VecDeque<Event> = "/talent hub"
        .chars()
        .map(|c| key(KeyCode::Char(c)))
        .collect();
    keys.push_back(key(KeyCode::Enter));
    let mut clipboard = Vec::new();
    let outcome = tui::event_loop(
        &mut terminal,
        &mut app,
        &mut Script(keys),
        &mut Searches::inline(engine()),
        &mut clipboard,
        Format::Text,
    )
    .unwrap();
    let rth = shipped().index_of("research-talent-hub").unwrap();
    assert_eq!(outcome, Outcome::Export(vec![rth]));
}

/// Runs the event loop with a search worker: `typed`, then, after `waits` polls of the loop
/// (1 ms each), `then`.
fn on_worker(typed: &str, waits: u32, then: Vec<Event>) -> Outcome {
    struct Waiting {
        keys: VecDeque<Event>,
        waited: u32,
        waits: u32,
        then: Vec<Event>,
    }
    impl Events for Waiting {
        fn next(&mut self, _t: Duration) -> io::Result<Option<Event>> {
            if let Some(k) = self.keys.pop_front() {
                return Ok(Some(k));
            }
            self.waited += 1;
            // Let the loop poll for the worker's results, then the keys that come after.
            if self.waited == self.waits {
                self.keys.extend(std::mem::take(&mut self.then));
            }
            std::thread::sleep(Duration::from_millis(1));
            Ok(None)
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut app = App::new(shipped(), engine(), Lang::En, true);
    let mut events = Waiting {
        keys: typed.chars().map(|c| key(KeyCode::Char(c))).collect(),
        waited: 0,
        waits,
        then,
    };
    std::thread::scope(|s| {
        let mut searches = Searches::worker(s, engine());
        tui::event_loop(
            &mut terminal,
            &mut app,
            &mut events,
            &mut searches,
            &mut Vec::new(),
            Format::Text,
        )
        .unwrap()
    })
}

#[test]
fn the_event_loop_on_a_worker_thread_gives_the_same_answer() {
    let outcome = on_worker("/rth", 200, vec![key(KeyCode::Enter)]);
    let rth = shipped().index_of("research-talent-hub").unwrap();
    assert_eq!(outcome, Outcome::Export(vec![rth]));
}

/// On the worker, the rest of a ranking comes after its first screen: the last row, chosen
/// after a wait, is the last of the whole ranking.
#[test]
fn the_worker_settles_the_rest_of_the_ranking() {
    let whole = engine().find("e", 0).unwrap();
    let last = whole.hits.last().unwrap().entry;
    // The first screen (30 rows) leaves a rest to settle.
    let top = Searcher::new()
        .find_top(engine(), "e", FirstScreen::rows(30), 0)
        .unwrap();
    assert!(top.pending > 0 && top.hits.last().unwrap().entry != last);
    let choose_last = vec![
        key(KeyCode::Tab),
        key(KeyCode::Char('G')),
        key(KeyCode::Enter),
    ];
    assert_eq!(
        on_worker("/e", 300, choose_last),
        Outcome::Export(vec![last])
    );
}

#[test]
fn y_writes_an_osc_52_sequence() {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut app = App::new(shipped(), engine(), Lang::En, true);
    let keys: VecDeque<Event> = [key(KeyCode::Char('y')), key(KeyCode::Char('q'))].into();
    let mut clipboard = Vec::new();
    let outcome = tui::event_loop(
        &mut terminal,
        &mut app,
        &mut Script(keys),
        &mut Searches::inline(engine()),
        &mut clipboard,
        Format::Json,
    )
    .unwrap();
    assert_eq!(outcome, Outcome::Cancelled);
    let seq = String::from_utf8(clipboard).unwrap();
    assert!(
        seq.starts_with("\x1b]52;c;") && seq.ends_with('\x07'),
        "{seq:?}"
    );
}

/// Keys and signals in order, and how often the loop asked to stop and to take the terminal
/// again.
struct Signalled {
    script: VecDeque<Result<Event, Signal>>,
    signal: Option<Signal>,
    suspended: u32,
    resumed: u32,
}

impl Events for Signalled {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        match self.script.pop_front() {
            Some(Ok(event)) => Ok(Some(event)),
            Some(Err(signal)) => {
                self.signal = Some(signal);
                Ok(None)
            }
            None => Ok(None),
        }
    }

    fn signal(&mut self) -> Option<Signal> {
        self.signal.take()
    }

    fn suspend(&mut self) -> io::Result<Resumed> {
        self.suspended += 1;
        Ok(Resumed::Redraw)
    }

    fn resume(&mut self) -> io::Result<Resumed> {
        self.resumed += 1;
        Ok(Resumed::Redraw)
    }
}

#[test]
fn ctrl_z_and_sigtstp_suspend_sigcont_resumes_and_sigterm_ends_the_loop_with_its_number() {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut app = App::new(shipped(), engine(), Lang::En, true);
    let mut events = Signalled {
        script: [
            Ok(Event::Key(KeyEvent::new(
                KeyCode::Char('z'),
                KeyModifiers::CONTROL,
            ))),
            Err(Signal::Stop),
            Err(Signal::Continue),
            Ok(key(KeyCode::Char('j'))),
            Err(Signal::End(15)),
            Ok(key(KeyCode::Enter)),
        ]
        .into(),
        signal: None,
        suspended: 0,
        resumed: 0,
    };
    let outcome = tui::event_loop(
        &mut terminal,
        &mut app,
        &mut events,
        &mut Searches::inline(engine()),
        &mut Vec::new(),
        Format::Text,
    )
    .unwrap();
    assert_eq!(outcome, Outcome::Signalled(15));
    assert_eq!((events.suspended, events.resumed), (2, 1));
    // The keys after a stop still count; the one after SIGTERM is never read.
    assert_eq!(app.selected[app.pane], 1);
    assert_eq!(events.script.len(), 1);
}

#[test]
fn a_query_nothing_fully_matches_lists_the_closest_entries_as_partial() {
    let mut app = app(Lang::En);
    type_query(&mut app, "biotech zqxw");
    let p = app.partial.expect("partial");
    assert_eq!((p.matched, p.of), (1, 2));
    assert!(!app.rows[0].is_empty());
    act(&mut app, Action::ClearSearch);
    assert_eq!(app.partial, None);
}

/// The style runs of `rows` of the rendered screen: `col..col fg/bg/modifiers`, one run a line,
/// so a theme's snapshot shows which colour each part is drawn in.
fn styles(app: &App, w: u16, h: u16, rows: &[u16]) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for &y in rows {
        let mut start = 0;
        for x in 1..=w {
            let style = |x: u16| {
                let c = &buf[(x, y)];
                (c.fg, c.bg, c.modifier)
            };
            if x == w || style(x) != style(start) {
                let (fg, bg, m) = style(start);
                out.push_str(&format!("row {y} {start}..{x}: {fg:?} on {bg:?} {m:?}\n"));
                start = x;
            }
        }
    }
    out
}

fn themed(base: &str) -> App<'static> {
    let text = format!("[theme]\nbase = \"{base}\"\n[theme.colors]\ntitle = \"yellow\"\n");
    let settings = itib::config::parse(text.as_bytes()).unwrap();
    let found = itib::config::Found::Nowhere;
    let effective =
        itib::config::Effective::resolve(found, settings, &itib::config::Flags::default());
    let mut app = sized(Lang::En, 80, 24);
    app.theme = effective.theme;
    app
}

#[test]
fn snapshot_themes_dark_light_and_mono() {
    // The tab bar, the list's top border, its selected row, a plain row, the status line.
    for base in ["dark", "light", "mono"] {
        let app = themed(base);
        insta::assert_snapshot!(
            format!("theme_{base}"),
            styles(&app, 80, 24, &[0, 2, 3, 4, 23])
        );
    }
}

#[test]
fn a_rebound_key_does_its_new_action_in_update() {
    use itib::app::keymap;
    let text = "[keys]\ndown = \"n\"\nfirst = \"j\"\n";
    let settings = itib::config::parse(text.as_bytes()).unwrap();
    let effective = itib::config::Effective::resolve(
        itib::config::Found::Nowhere,
        settings,
        &itib::config::Flags::default(),
    );
    let mut app = app(Lang::En);
    app.bindings = effective.bindings;
    let press = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let send = |app: &mut App<'static>, c: char| {
        if let Some(a) = keymap::map_with(press(c), app.mode, &app.bindings.clone()) {
            act(app, a);
        }
    };
    send(&mut app, 'n');
    send(&mut app, 'n');
    assert_eq!(app.selected[0], 2, "n moves down");
    send(&mut app, 'j');
    assert_eq!(
        app.selected[0], 0,
        "j, taken from down, goes to the first row"
    );
    send(&mut app, 'k');
    assert_eq!(app.selected[0], 0, "up keeps its keys");
    // In the search line, letters are still typed.
    act(&mut app, Action::FocusSearch);
    assert_eq!(
        keymap::map_with(press('n'), app.mode, &app.bindings),
        Some(Action::Input('n'))
    );
}

/// The explorer with the config's `[keys]` bindings, at `w`×`h`.
fn rebound(keys: &str, lang: Lang, w: u16, h: u16) -> App<'static> {
    let text = format!("[keys]\n{keys}");
    let settings = itib::config::parse(text.as_bytes()).unwrap();
    let effective = itib::config::Effective::resolve(
        itib::config::Found::Nowhere,
        settings,
        &itib::config::Flags::default(),
    );
    let mut app = sized(lang, w, h);
    app.bindings = effective.bindings;
    app
}

const REBOUND: &str = "help = \"f1\"\nquit = \"x\"\nfacets = \"v\"\ndown = [\"ctrl-k\", \"n\"]\n";

#[test]
fn snapshot_rebound_keys_in_the_help_and_the_status_line() {
    use itib::app::keymap;
    for lang in [Lang::En, Lang::Zh] {
        let mut app = rebound(REBOUND, lang, 120, 40);
        let shown = screen(&app, 120, 40);
        let status = shown.lines().nth(39).unwrap().to_string();
        let (help, quit, facets) = match lang {
            Lang::En => ("F1 help", "x quit", "v facets"),
            Lang::Zh => ("F1 說明", "x 離開", "v 分類"),
        };
        for hint in [help, quit, facets] {
            assert!(status.contains(hint), "{hint}: {status}");
        }
        // F1, as the status line says, opens the help.
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        let open = keymap::map_with(f1, app.mode, &app.bindings.clone()).unwrap();
        act(&mut app, open);
        assert_eq!(app.mode, Mode::Help);
        let shown = screen(&app, 120, 40);
        assert!(shown.contains(" k ↑ / Ctrl-k n "), "{shown}");
        assert!(shown.contains(" x  Ctrl-c "), "{shown}");
        insta::assert_snapshot!(format!("rebound_{lang:?}"), shown);
        let close = keymap::map_with(f1, app.mode, &app.bindings.clone()).unwrap();
        act(&mut app, close);
        assert_eq!(app.mode, Mode::Normal, "F1 closes it too");
    }
}

#[test]
fn a_default_key_the_config_takes_is_no_longer_shown() {
    // `first = "j"` takes j from `down`; `?` and `q` are no one's.
    let mut app = rebound(
        "first = \"j\"\nhelp = \"f1\"\nquit = \"x\"\n",
        Lang::En,
        120,
        40,
    );
    let status = screen(&app, 120, 40).lines().nth(39).unwrap().to_string();
    assert!(
        !status.contains("? help") && !status.contains("q quit"),
        "{status}"
    );
    act(&mut app, Action::ToggleHelp);
    let shown = screen(&app, 120, 40);
    let row = |what: &str| {
        shown
            .lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no {what} in\n{shown}"))
            .to_string()
    };
    let moving = row(" move");
    assert!(
        moving.contains("k ↑ / ↓") && !moving.contains('j'),
        "{moving}"
    );
    assert!(row(" first / last").contains(" j / G End "));
    assert!(!row(" this help").contains('?'));
    // In the default help, the same rows as written.
    let mut plain = sized(Lang::En, 120, 40);
    act(&mut plain, Action::ToggleHelp);
    let shown = screen(&plain, 120, 40);
    assert!(shown.contains(" ↑ ↓  j k "), "{shown}");
}

/// A catalogue of one entry that links nowhere.
fn lonely() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| {
        let text = "[[entry]]\nid = \"alone\"\nkind = \"fund\"\n\
                    name = { en = \"Alone Fund\", zh = \"孤立基金\" }\n\
                    summary = { en = \"Funds nothing.\", zh = \"不資助。\" }\n\
                    source = [\"孤立基金\"]\n";
        catalogue::parse_str(text, "alone.toml").unwrap()
    })
}

fn lonely_engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(lonely()))
}

/// Whether a message says something in Chinese (a CJK ideograph), not only in English.
fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every message the explorer shows — the status line's, the search line's reasons, the empty
/// list's — is in Chinese when the UI is, and in English when it is not. Each is reached as a
/// user reaches it.
#[test]
fn every_message_is_in_the_ui_s_language() {
    for lang in [Lang::Zh, Lang::En] {
        let mut said: Vec<(&str, String)> = Vec::new();
        let mut app = sized(lang, 120, 40);
        let mut status = |what: &'static str, app: &App| {
            let s = app
                .status
                .clone()
                .unwrap_or_else(|| panic!("no message for {what}"));
            said.push((what, s));
        };
        act(&mut app, Action::Back);
        status("back with nowhere to go", &app);
        act(&mut app, Action::CycleSort);
        status("sort", &app);
        act(&mut app, Action::CycleSort);
        act(&mut app, Action::CycleSort);
        act(&mut app, Action::CycleSort);
        act(&mut app, Action::Copy);
        status("copy one", &app);
        let mut marking = sized(lang, 120, 40);
        act(&mut marking, Action::ToggleMark);
        act(&mut marking, Action::ToggleMark);
        act(&mut marking, Action::Copy);
        status("copy several", &marking);
        // An entry without links or a parent (every shipped entry has some).
        let mut alone = App::new(lonely(), lonely_engine(), lang, false);
        alone.update(Action::Resize(120, 40));
        assert_eq!(selected_id(&alone), "alone");
        act(&mut alone, Action::NextLink);
        status("no links", &alone);
        act(&mut alone, Action::FollowLink);
        status("no link to follow", &alone);
        act(&mut alone, Action::GoParent);
        status("no parent", &alone);
        // A link off screen: ITF's parent, once the detail scrolled past it to its figures.
        let mut far = showing("itf", 80, 24);
        far.update(Action::ToggleLang);
        if far.lang != lang {
            far.update(Action::ToggleLang);
        }
        act(&mut far, Action::ScrollDetail(6));
        act(&mut far, Action::FollowLink);
        assert_eq!(selected_id(&far), "itf", "shown first, not followed");
        status("link shown first", &far);
        type_query(&mut app, "研究人才");
        act(&mut app, Action::LeaveSearch);
        act(&mut app, Action::GoParent);
        status("search cleared for a link", &app);
        type_query(&mut app, "zzqxv");
        act(&mut app, Action::Accept);
        status("nothing to print", &app);
        let empty = screen(&app, 120, 40);
        let list_says = empty
            .lines()
            .nth(3)
            .unwrap()
            .trim_matches(['│', ' '])
            .to_string();
        said.push(("empty list", list_says));
        // At once, as `-q` gives it: the results stay those of `zzqxv`, none.
        act(&mut app, Action::Query("zzqxv for:astronaut".into()));
        said.push(("unknown qualifier", app.query_error.clone().unwrap()));
        let invalid = screen(&app, 120, 40);
        let list_says = invalid
            .lines()
            .nth(3)
            .unwrap()
            .trim_matches(['│', ' '])
            .to_string();
        said.push(("invalid query list", list_says));
        let terms: String = (0..65).map(|i| format!(" !x{i}")).collect();
        act(&mut app, Action::Query(terms));
        said.push(("too many terms", app.query_error.clone().unwrap()));
        // Said again in the other language when the user switches.
        act(&mut app, Action::LeaveSearch);
        act(&mut app, Action::ToggleLang);
        let switched = app.query_error.clone().unwrap();
        assert_eq!(chinese(&switched), lang == Lang::En, "{switched}");
        for (what, message) in &said {
            assert!(!message.is_empty(), "{what}");
            assert_eq!(
                chinese(message),
                lang == Lang::Zh,
                "{lang:?} {what}: {message}"
            );
        }
        assert_eq!(said.len(), 14);
        let shown: Vec<&str> = said.iter().map(|(_, m)| m.as_str()).collect();
        let (empty, invalid) = match lang {
            Lang::Zh => ("沒有相符的條目", "查詢尚未有效"),
            Lang::En => ("No entry matches", "The query is not valid yet"),
        };
        assert!(
            shown.contains(&empty) && shown.contains(&invalid),
            "{shown:#?}"
        );
    }
}
