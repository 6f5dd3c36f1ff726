//! What the user can ask for ([`Action`]), which pane has the focus ([`Pane`]) and what
//! the event loop must do after an update ([`Effect`]). Plain enums that depend on
//! nothing, so the keymap, the layout and the state can all name them without a loop.

/// The panes of the reader: the list of documents, the text, the facts beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
    Facts,
}

/// Everything the user can ask for. Keys become actions through [`crate::tui::keymap::COMMANDS`],
/// the mouse through [`crate::tui::keymap::event_actions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Suspend,
    Help,
    NextPane,
    PrevPane,
    ToggleFacts,
    StartFilter,
    Type(char),
    Backspace,
    Back,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Activate,
    NextMatch,
    PrevMatch,
    /// Switch the filter between titles and the documents' full text.
    FullText,
    /// Open or close the awards table.
    Awards,
    /// Sort the awards table by the next column.
    Sort,
    /// Reverse the awards table's order.
    Reverse,
    /// Switch the awards table between statements and their totals by place and year.
    Group,
    /// Bookmark the reader's place.
    Bookmark,
    /// Open or close the list of bookmarks.
    Bookmarks,
    /// Delete the selected bookmark.
    Delete,
    /// Copy the current sentence to the clipboard.
    Copy,
    /// Open or close the list of warnings.
    Warnings,
    /// Mark the selected document read or unread.
    ToggleRead,
    /// Mark every document listed read.
    MarkAllRead,
    /// List unread documents only, or all again.
    UnreadOnly,
    /// Show or fold the page's furniture around the article.
    Furniture,
    /// Load the documents again from disk.
    Reload,
    /// Draw the whole screen again (after something else wrote on it).
    Redraw,
    Resize(u16, u16),
    Click(u16, u16),
    Wheel {
        x: u16,
        y: u16,
        down: bool,
    },
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing visible changed: draw nothing.
    None,
    Redraw,
    /// Clear the terminal, then draw everything.
    Clear,
    Quit,
    Suspend,
    /// Load the library again ([`crate::tui::State::replace_library`] takes the result).
    Reload,
}
