//! Styles, with colours from the config file's `[colors]`. Without colour (NO_COLOR) every
//! distinction is kept by modifiers alone.

use ratatui::style::{Color, Modifier, Style};

use crate::config::Colors;

/// What a piece of the reader's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hl {
    /// The page's furniture around the article, when shown.
    Furniture,
    /// The one line standing for folded furniture.
    Fold,
    /// A sentence stating an award.
    Award,
    /// The sentence the reader jumped to from the facts panel.
    Target,
    /// An occurrence of the filter text.
    Match,
    /// The occurrence n/N moved to.
    Current,
    /// A count inside an award sentence.
    Number,
    /// The placeholder for something removed from the text.
    Mark,
}

/// The colour of each slot of the config file's `[colors]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub title: Color,
    pub award: Color,
    pub matched: Color,
    pub selection: Color,
    pub border: Color,
    pub focus: Color,
    pub status: Color,
    pub mark: Color,
}

impl Palette {
    pub fn from_config(c: &Colors) -> Palette {
        Palette {
            title: c.get("title"),
            award: c.get("award"),
            matched: c.get("matched"),
            selection: c.get("selection"),
            border: c.get("border"),
            focus: c.get("focus"),
            status: c.get("status"),
            mark: c.get("mark"),
        }
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::from_config(&Colors::default())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            color: true,
            palette: Palette::default(),
        }
    }
}

impl Theme {
    /// These colours, unless NO_COLOR is set to anything non-empty (https://no-color.org).
    pub fn from_env(colors: &Colors) -> Theme {
        Theme {
            color: !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty()),
            palette: Palette::from_config(colors),
        }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.color {
            color
        } else {
            plain
        }
    }

    /// The selected row of a list or table: reversed always; in the selection colour
    /// when its pane has the focus.
    pub fn selected(&self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED);
        if focused {
            self.pick(s.fg(self.palette.selection), s)
                .add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match focused {
            true => self.pick(
                Style::new()
                    .fg(self.palette.focus)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            false => self.pick(Style::new().fg(self.palette.border), Style::new()),
        }
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn heading(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.title)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A document's title in the list.
    pub fn title(&self) -> Style {
        self.pick(Style::new().fg(self.palette.title), Style::new())
    }

    /// The status bar's text.
    pub fn status(&self) -> Style {
        self.pick(Style::new().fg(self.palette.status), Style::new())
    }

    /// The style of highlighted text in the reader.
    pub fn hl(&self, h: Hl) -> Style {
        let m = |x: Modifier| Style::new().add_modifier(x);
        let p = &self.palette;
        match h {
            Hl::Furniture => self.dim(),
            Hl::Fold => self.dim().add_modifier(Modifier::ITALIC),
            Hl::Award => self.pick(Style::new().fg(p.award), m(Modifier::UNDERLINED)),
            Hl::Target => self.pick(
                Style::new().bg(p.selection).fg(Color::White),
                m(Modifier::UNDERLINED | Modifier::ITALIC),
            ),
            Hl::Match => self.pick(
                Style::new().bg(p.matched).fg(Color::Black),
                m(Modifier::REVERSED),
            ),
            Hl::Current => self.pick(
                Style::new().bg(Color::Magenta).fg(Color::Black),
                m(Modifier::REVERSED | Modifier::BOLD),
            ),
            Hl::Number => self.pick(
                Style::new()
                    .fg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
                m(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            Hl::Mark => self.pick(
                Style::new().fg(p.mark).add_modifier(Modifier::REVERSED),
                m(Modifier::REVERSED | Modifier::DIM),
            ),
        }
    }
}
