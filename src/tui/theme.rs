//! Styles. Without colour (NO_COLOR) every distinction is kept by modifiers alone.

use ratatui::style::{Color, Modifier, Style};

/// What a piece of the reader's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hl {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set to anything non-empty (https://no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            color: !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty()),
        }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.color {
            color
        } else {
            plain
        }
    }

    /// The selected row of a list.
    pub fn selected(&self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED);
        if focused {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match focused {
            true => self.pick(
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            false => Style::new(),
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
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The style of highlighted text in the reader.
    pub fn hl(&self, h: Hl) -> Style {
        let m = |x: Modifier| Style::new().add_modifier(x);
        match h {
            Hl::Award => self.pick(Style::new().fg(Color::Yellow), m(Modifier::UNDERLINED)),
            Hl::Target => self.pick(
                Style::new().bg(Color::Blue).fg(Color::White),
                m(Modifier::UNDERLINED | Modifier::ITALIC),
            ),
            Hl::Match => self.pick(
                Style::new().bg(Color::Cyan).fg(Color::Black),
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
                Style::new().fg(Color::Red).add_modifier(Modifier::REVERSED),
                m(Modifier::REVERSED | Modifier::DIM),
            ),
        }
    }
}
