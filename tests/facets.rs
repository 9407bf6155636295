//! The explorer's facets, sort and qualifiers through `App::update`: choosing a facet adds
//! its qualifier and narrows the list, choosing it again removes it, counts follow the query,
//! `s` cycles the order, a qualifier that names nothing is the search line's message; and
//! snapshots of the facet panel in English and Chinese.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

mod common;

use common::{engine, screen, shipped};
use itib::app::{Action, App, Effect, Mode};
use itib::catalogue::Lang;
use itib::refine::{self, Key, Sort};

fn app(lang: Lang, w: u16, h: u16) -> App<'static> {
    let mut app = App::new(shipped(), engine(), lang, false);
    app.update(Action::Resize(w, h));
    app
}

/// Applies an action and runs the searches it asks for inline, as the event loop does.
fn act(app: &mut App<'static>, action: Action) {
    let mut next = Some(action);
    while let Some(a) = next.take() {
        if let Some(Effect::Search { generation, query }) = app.update(a) {
            next = Some(Action::SearchDone {
                generation,
                result: engine().find(&query, 0),
            });
        }
    }
}

fn type_query(app: &mut App<'static>, q: &str) {
    act(app, Action::FocusSearch);
    act(app, Action::ClearLine);
    for c in q.chars() {
        act(app, Action::Input(c));
    }
    act(app, Action::LeaveSearch);
}

fn ids(app: &App) -> Vec<String> {
    app.rows[0]
        .iter()
        .map(|&r| {
            app.catalogue.entries()[app.hits[r as usize].entry]
                .id
                .clone()
        })
        .collect()
}

/// Moves the facet cursor to the row for `key:value`.
fn point_at(app: &mut App<'static>, key: Key, value: &str) {
    let rows = app.facet_rows();
    let at = rows
        .iter()
        .position(|r| r.key == key && r.value == value)
        .unwrap_or_else(|| panic!("no facet {value}"));
    let by = at as i32 - app.facet_cursor as i32;
    act(app, Action::FacetMove(by));
}

#[test]
fn choosing_a_facet_narrows_and_choosing_it_again_restores() {
    let mut app = app(Lang::En, 120, 40);
    let all = app.rows[0].len();
    act(&mut app, Action::ToggleFacets);
    assert_eq!(app.mode, Mode::Facets);
    point_at(&mut app, Key::For, "start-ups");
    let count = app.facet_rows()[app.facet_cursor].count;
    act(&mut app, Action::ChooseFacet);
    assert_eq!(app.query, "for:start-ups");
    assert_eq!(app.rows[0].len(), count);
    assert!(ids(&app).contains(&"itf".to_string()));
    // The counts follow the results: every result is for start-ups, and the row is ticked.
    let row = app
        .facet_rows()
        .into_iter()
        .find(|r| r.value == "start-ups")
        .unwrap();
    assert!(row.active);
    assert_eq!(row.count, count);
    // A second facet narrows further; the first chosen again is removed.
    point_at(&mut app, Key::Tag, "funding");
    act(&mut app, Action::ChooseFacet);
    assert_eq!(app.query, "for:start-ups tag:funding");
    point_at(&mut app, Key::For, "start-ups");
    act(&mut app, Action::ChooseFacet);
    assert_eq!(app.query, "tag:funding");
    point_at(&mut app, Key::Tag, "funding");
    act(&mut app, Action::ChooseFacet);
    assert_eq!(app.query, "");
    assert_eq!(app.rows[0].len(), all);
}

#[test]
fn facet_counts_are_the_counts_of_the_qualifier_searches() {
    let mut app = app(Lang::En, 120, 40);
    type_query(&mut app, "innovation");
    act(&mut app, Action::ToggleFacets);
    let rows = app.facet_rows();
    assert!(!rows.is_empty());
    for r in rows {
        let mut other = self::app(Lang::En, 120, 40);
        type_query(
            &mut other,
            &format!("innovation {}:{}", r.key.as_str(), r.value),
        );
        assert_eq!(
            other.rows[0].len(),
            r.count,
            "{}:{}",
            r.key.as_str(),
            r.value
        );
    }
}

#[test]
fn qualifiers_in_the_search_line_filter_and_an_unknown_one_says_why() {
    let mut app = app(Lang::En, 120, 40);
    type_query(&mut app, "by:itc talent");
    let got = ids(&app);
    assert!(got.contains(&"research-talent-hub".to_string()), "{got:?}");
    assert!(
        !got.contains(&"cyberport-internship".to_string()),
        "{got:?}"
    );
    type_query(&mut app, "for:初创");
    let startups = ids(&app);
    type_query(&mut app, "for:start-ups");
    assert_eq!(ids(&app), startups);
    type_query(&mut app, "for:astronaut");
    let err = app.query_error.clone().unwrap();
    assert!(err.contains("unknown audience `astronaut`"), "{err}");
    assert!(err.contains("start-ups, smes"), "{err}");
    // The results of the last valid query stay: typed letter by letter, that was `for`.
    let mut other = self::app(Lang::En, 120, 40);
    type_query(&mut other, "for");
    assert_eq!(ids(&app), ids(&other));
    let screen = screen(&app, 120, 40);
    assert!(
        screen.lines().nth(1).unwrap().contains("unknown audience"),
        "{screen}"
    );
}

#[test]
fn s_cycles_the_sort_and_the_status_line_says_which() {
    let mut app = app(Lang::En, 120, 40);
    type_query(&mut app, "kind:fund");
    let relevance = ids(&app);
    let mut seen = Vec::new();
    for want in [Sort::Name, Sort::Date, Sort::Amount, Sort::Relevance] {
        act(&mut app, Action::CycleSort);
        assert_eq!(app.sort, want);
        seen.push(ids(&app));
    }
    assert_eq!(seen[3], relevance);
    assert_eq!(seen[2][0], "itf", "largest amount first: {:?}", seen[2]);
    assert_eq!(seen[0][0], "cyberport-incubation", "by name: {:?}", seen[0]);
    act(&mut app, Action::CycleSort);
    act(&mut app, Action::CycleSort);
    act(&mut app, Action::CycleSort);
    let s = screen(&app, 120, 40);
    assert!(
        s.lines().last().unwrap().contains("sort: largest amount"),
        "{s}"
    );
    // A new query keeps the order.
    type_query(&mut app, "for:start-ups");
    assert_eq!(ids(&app)[0], "itf");
    let amounts: Vec<Option<f64>> = ids(&app)
        .iter()
        .map(|id| refine::headline_amount(shipped().get(id).unwrap()))
        .collect();
    assert!(amounts.windows(2).all(|w| match (w[0], w[1]) {
        (Some(a), Some(b)) => a >= b,
        (None, Some(_)) => false,
        _ => true,
    }));
}

#[test]
fn the_detail_links_to_what_an_entry_administers_and_who_references_it() {
    let mut app = app(Lang::En, 120, 40);
    type_query(&mut app, "^itc$");
    let itc = app.selected_entry().unwrap();
    let g = app.link_groups(itc);
    let names: Vec<&str> = g
        .administers
        .iter()
        .map(|&i| shipped().entries()[i].id.as_str())
        .collect();
    assert!(names.contains(&"techtas") && names.contains(&"global-stem-professorship"));
    // Followed like any link: the parent, the related, then these.
    let skip = 1 + g.related.len();
    let target = g.administers[0];
    for _ in 0..skip {
        act(&mut app, Action::NextLink);
    }
    act(&mut app, Action::FollowLink);
    assert_eq!(app.selected_entry(), Some(target));
}

#[test]
fn snapshot_facets_english() {
    let mut app = app(Lang::En, 120, 40);
    type_query(&mut app, "fund");
    act(&mut app, Action::ToggleFacets);
    point_at(&mut app, Key::For, "start-ups");
    act(&mut app, Action::ChooseFacet);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn snapshot_facets_chinese() {
    let mut app = app(Lang::Zh, 120, 40);
    act(&mut app, Action::ToggleFacets);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn the_facet_panel_renders_at_every_small_size() {
    for w in 1..=45 {
        for h in 1..=12 {
            let mut app = app(Lang::Zh, w, h);
            act(&mut app, Action::ToggleFacets);
            act(&mut app, Action::FacetMove(100));
            screen(&app, w, h);
        }
    }
}

#[test]
fn the_reverse_links_are_recorded_where_they_are_drawn_so_a_click_follows_them() {
    // `]` steps onto an "Administers" link, scrolled into view, and a click on it follows it.
    let mut app = app(Lang::En, 120, 40);
    type_query(&mut app, "^itc$");
    let itc = app.selected_entry().unwrap();
    let g = app.link_groups(itc);
    let last = g.parent.iter().count() + g.related.len() + g.administers.len() - 1;
    for _ in 0..last {
        act(&mut app, Action::NextLink);
    }
    assert_eq!(app.link, last);
    let target = *g.administers.last().unwrap();
    let area = app.areas().detail;
    let w = area.width - 2;
    let doc = itib::app::detail::document(&app, &app.theme(), itc, usize::from(w));
    assert_eq!(
        doc.links.len(),
        app.links(itc).len(),
        "every link is recorded"
    );
    let (first, _) = doc.link_rows(last, w).unwrap();
    let row = first.checked_sub(usize::from(app.detail_scroll)).unwrap();
    assert!(
        row < usize::from(area.height - 2),
        "the selected link is on screen"
    );
    let name = &shipped().entries()[target].name.en;
    assert!(screen(&app, 120, 40).contains(name.as_str()));
    act(
        &mut app,
        Action::Click(
            area.x + 1 + doc.links[last].column as u16 + 1,
            area.y + 1 + row as u16,
        ),
    );
    assert_eq!(app.selected_entry(), Some(target));
}

#[test]
fn a_click_on_a_facet_chooses_it_and_the_wheel_moves_the_cursor() {
    let mut app = app(Lang::En, 120, 40);
    act(&mut app, Action::ToggleFacets);
    let rows = app.facet_rows();
    let at = rows.iter().position(|r| r.value == "start-ups").unwrap();
    let area = app.areas().detail;
    let line = itib::app::facet_lines(&rows)[at];
    let scroll = itib::app::facet_scroll(0, usize::from(area.height - 2));
    let y = area.y + 1 + (line - scroll) as u16;
    // The panel shows that row there.
    let shown = screen(&app, 120, 40);
    let drawn = shown.lines().nth(usize::from(y)).unwrap();
    assert!(drawn.contains(&rows[at].label), "{drawn}");
    act(&mut app, Action::Click(area.x + 4, y));
    assert_eq!(app.query, "for:start-ups");
    assert_eq!(app.mode, Mode::Facets, "the panel stays open");
    // A click on a heading chooses nothing.
    act(&mut app, Action::Click(area.x + 4, area.y + 1));
    assert_eq!(app.query, "for:start-ups");
    let cursor = app.facet_cursor;
    act(
        &mut app,
        Action::Wheel {
            down: true,
            column: area.x + 4,
            row: area.y + 3,
        },
    );
    assert_eq!(app.facet_cursor, cursor + 3);
}

#[test]
fn the_panel_keys_and_a_rebound_facets_key() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use itib::app::keymap;
    let press = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let none = keymap::Bindings::default();
    assert_eq!(
        keymap::map_with(press('F'), Mode::Facets, &none),
        Some(Action::ToggleFacets)
    );
    assert_eq!(
        keymap::map_with(press('s'), Mode::Facets, &none),
        Some(Action::CycleSort)
    );
    assert_eq!(
        keymap::map_with(press('j'), Mode::Facets, &none),
        Some(Action::FacetMove(1))
    );
    // Keys of the list the panel does not share do nothing there.
    assert_eq!(keymap::map_with(press('o'), Mode::Facets, &none), None);
    // `facets = "v"`, `sort = "S"`: the new keys work in the list and in the panel, the old
    // ones in neither.
    let text = "[keys]\nfacets = \"v\"\nsort = \"S\"\n";
    let settings = itib::config::parse(text.as_bytes()).unwrap();
    let bound = itib::config::Effective::resolve(
        itib::config::Found::Nowhere,
        settings,
        &itib::config::Flags::default(),
    )
    .bindings;
    for mode in [Mode::Normal, Mode::Facets] {
        assert_eq!(
            keymap::map_with(press('v'), mode, &bound),
            Some(Action::ToggleFacets)
        );
        assert_eq!(
            keymap::map_with(press('S'), mode, &bound),
            Some(Action::CycleSort)
        );
        assert_eq!(keymap::map_with(press('F'), mode, &bound), None);
        assert_eq!(keymap::map_with(press('s'), mode, &bound), None);
    }
}

#[test]
fn the_config_s_sort_is_the_explorer_s_first_order() {
    let settings = itib::config::parse(b"sort = \"amount\"\n").unwrap();
    let effective = itib::config::Effective::resolve(
        itib::config::Found::Nowhere,
        settings,
        &itib::config::Flags::default(),
    );
    assert_eq!(effective.sort.0, Sort::Amount);
    let mut app = app(Lang::En, 120, 40);
    act(&mut app, Action::SortBy(effective.sort.0));
    assert_eq!(app.sort, Sort::Amount);
    assert_eq!(
        app.status, None,
        "said in the status line's corner, not as a message"
    );
    type_query(&mut app, "for:start-ups kind:fund");
    assert_eq!(ids(&app)[0], "itf", "the largest amount first");
    assert!(screen(&app, 120, 40).contains("sort: largest amount"));
    // `s` goes on from it: after amount, relevance.
    act(&mut app, Action::CycleSort);
    assert_eq!(app.sort, Sort::Relevance);
}
