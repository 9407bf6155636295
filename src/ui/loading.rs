//! The screen shown while a large catalogue loads: what is read, how much of it, and how many
//! entries so far, so the first frame comes at once instead of a blank terminal.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};

use crate::app::text::truncate;
use crate::app::theme::Theme;
use crate::catalogue::{Lang, Progress};

/// A snapshot of a load in progress.
#[derive(Debug, Clone, Copy)]
pub struct Loading<'a> {
    /// The file, as the user named it (already escaped for the terminal).
    pub file: &'a str,
    pub bytes: u64,
    pub total: u64,
    pub entries: usize,
    /// [`crate::catalogue::Progress`]'s stage after the parse.
    pub stage: u8,
    pub lang: Lang,
    pub theme: Theme,
}

pub fn render(l: &Loading<'_>, frame: &mut Frame) {
    let theme = l.theme;
    let full = frame.area();
    let width = full.width.clamp(1, 72);
    let area = Rect {
        x: full.x + (full.width - width) / 2,
        y: full.y + full.height.saturating_sub(6) / 2,
        width,
        height: full.height.min(6),
    };
    let inner = usize::from(width.saturating_sub(2));
    let stage = match (l.stage, l.lang) {
        (Progress::INDEXING, Lang::En) => " · indexing",
        (Progress::SAVING, Lang::En) => " · saving the cache",
        (Progress::INDEXING, Lang::Zh) => " · 建立索引",
        (Progress::SAVING, Lang::Zh) => " · 儲存快取",
        _ => "",
    };
    let (title, counted, quit) = match l.lang {
        Lang::En => (
            "Loading",
            format!(
                "{} entries · {:.1} of {:.1} MB{stage}",
                group(l.entries),
                mb(l.bytes),
                mb(l.total)
            ),
            "Esc or q to quit",
        ),
        Lang::Zh => (
            "載入中",
            format!(
                "{} 項 · {:.1} / {:.1} MB{stage}",
                group(l.entries),
                mb(l.bytes),
                mb(l.total)
            ),
            "Esc 或 q 離開",
        ),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {title} "), theme.title()));
    let body = block.inner(area);
    frame.render_widget(block, area);
    let [name, gauge, count, keys] = Layout::vertical([Constraint::Length(1); 4]).areas(body);
    frame.render_widget(Paragraph::new(truncate(l.file, inner)), name);
    let ratio = if l.total == 0 {
        0.0
    } else {
        (l.bytes as f64 / l.total as f64).clamp(0.0, 1.0)
    };
    frame.render_widget(
        Gauge::default().ratio(ratio).gauge_style(theme.selected()),
        gauge,
    );
    frame.render_widget(Paragraph::new(truncate(&counted, inner)), count);
    frame.render_widget(Paragraph::new(Line::styled(quit, theme.dim())), keys);
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// 12345 → "12,345".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
