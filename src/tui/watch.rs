//! The folders watched while the reader runs. A thread sleeps until a document file (or a
//! folder) is added, changed or removed, waits for the burst to settle, and says so once.
//!
//! Hand-written on top of `notify`'s watcher rather than its debouncers: those wake on a
//! timer even when nothing happens, and an idle reader must use no CPU at all. This one
//! blocks until the first event and only then times the quiet after it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::formats::Format;

/// A burst is over after this long without an event…
const QUIET: Duration = Duration::from_millis(300);
/// …or, if events keep coming (a long copy), after this long anyway.
const LONGEST: Duration = Duration::from_secs(2);

/// What the watcher tells the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Documents were added, changed or removed.
    Changed,
    /// Watching could not start, or stopped; why.
    Failed(String),
}

/// Watch `paths` (folders with all they hold, or single files) on a thread of its own;
/// `tell` is called from that thread. A failure to watch comes as [`Note::Failed`].
pub fn start(paths: &[PathBuf], tell: impl Fn(Note) + Send + 'static) -> std::io::Result<()> {
    let paths = paths.to_vec();
    thread::Builder::new()
        .name("vanban-watch".into())
        .spawn(move || {
            if let Err(why) = watch(&paths, &tell) {
                tell(Note::Failed(why));
            }
        })?;
    Ok(())
}

fn watch(paths: &[PathBuf], tell: &impl Fn(Note)) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    // Symlinks are not followed: that would stat every file of the folders to find the
    // linked folders, and slow the start of a large library (a linked folder is not
    // watched; R reads it again).
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = notify::RecommendedWatcher::new(tx, config).map_err(|e| e.to_string())?;
    // A file given by itself is watched through its folder: editors often save by
    // writing a new file and renaming it over the old one.
    let mut files = Vec::new();
    for p in paths {
        let (target, mode) = if p.is_dir() {
            (p.as_path(), RecursiveMode::Recursive)
        } else {
            files.push(p.clone());
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            (
                parent.unwrap_or(Path::new(".")),
                RecursiveMode::NonRecursive,
            )
        };
        watcher
            .watch(target, mode)
            .map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let dirs: Vec<&PathBuf> = paths.iter().filter(|p| !files.contains(p)).collect();
    let matters = |ev: &Event| {
        touches_documents(ev)
            && ev
                .paths
                .iter()
                .any(|p| files.iter().any(|f| f == p) || dirs.iter().any(|d| p.starts_with(d)))
    };
    loop {
        // Sleep until something that matters happens.
        let first = match rx.recv() {
            Ok(Ok(ev)) => ev,
            Ok(Err(e)) => return Err(e.to_string()),
            Err(_) => return Ok(()),
        };
        if !matters(&first) {
            continue;
        }
        let start = Instant::now();
        loop {
            let left = QUIET.min(LONGEST.saturating_sub(start.elapsed()));
            match rx.recv_timeout(left) {
                Ok(_) if !left.is_zero() => {}
                Ok(_) | Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        tell(Note::Changed);
    }
}

/// True for an event that may change the library: a document file or a folder created,
/// written, renamed or removed. Reading a file (as vanban itself does) is not one.
fn touches_documents(ev: &Event) -> bool {
    let kind = match ev.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        _ => true,
    };
    kind && ev.paths.iter().any(|p| may_be_document(p))
}

/// A name the library would read, or one without an extension (a folder, maybe gone).
fn may_be_document(p: &Path) -> bool {
    let name = p.file_name().map(|n| n.to_string_lossy());
    name.is_some_and(|n| Format::of_name(&n).is_some() || p.extension().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind};

    fn ev(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn only_document_changes_matter() {
        let create = EventKind::Create(CreateKind::File);
        assert!(touches_documents(&ev(create, "/d/bài mới.txt")));
        assert!(touches_documents(&ev(create, "/d/Trang.HTML")));
        assert!(touches_documents(&ev(
            EventKind::Remove(RemoveKind::Folder),
            "/d/2024"
        )));
        assert!(touches_documents(&ev(
            EventKind::Modify(ModifyKind::Any),
            "/d/a.docx"
        )));
        // Reading, and files the library does not read (an editor's swap file, a picture).
        let open = EventKind::Access(AccessKind::Open(AccessMode::Read));
        assert!(!touches_documents(&ev(open, "/d/a.txt")));
        assert!(!touches_documents(&ev(create, "/d/.a.txt.swp")));
        assert!(!touches_documents(&ev(create, "/d/ảnh.jpg")));
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(touches_documents(&ev(written, "/d/a.txt")));
    }

    /// The first note `start` gives for `paths`, waiting at most ten seconds.
    fn first_note(paths: &[PathBuf], then: impl FnOnce()) -> Option<Note> {
        let (tx, rx) = mpsc::channel();
        start(paths, move |n| {
            let _ = tx.send(n);
        })
        .unwrap();
        then();
        rx.recv_timeout(Duration::from_secs(10)).ok()
    }

    #[test]
    fn a_document_written_into_a_watched_folder_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("2024");
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join("bài mới.txt");
        // The watches are set on the watcher's thread: write until it has told.
        let (stop, stopped) = mpsc::channel::<()>();
        let note = first_note(&[dir.path().to_path_buf()], || {
            thread::spawn(move || {
                let mut i = 0;
                while let Err(RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(Duration::from_millis(100))
                {
                    i += 1;
                    let _ = std::fs::write(&file, format!("Tin {i}"));
                }
            });
        });
        drop(stop);
        assert_eq!(note, Some(Note::Changed));
    }

    #[test]
    fn a_folder_that_cannot_be_watched_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("không có/bài.txt");
        match first_note(&[gone], || {}) {
            Some(Note::Failed(why)) => assert!(why.contains("không có"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
