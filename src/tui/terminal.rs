//! The terminal: set up and always put back (on quit, panic, signal, suspend), and the
//! event loop, which sleeps until input, a signal, a hangup, search results, a library
//! loaded or a change in the watched folders, and draws only after a change.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Stdout, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Once};
use std::thread;
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, EndSynchronizedUpdate,
    EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::Signals;

use super::keymap::{event_actions, split_alt};
use super::state::{update, Action, Effect, State};
use super::theme::Theme;
use super::watch::{self, Note};
use super::{view, Options};
use crate::clipboard;
use crate::corpus::progress::{self, Progress};
use crate::corpus::Library;

pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// The terminal is in the reader's modes (raw, alternate screen …) right now.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// After a quit signal the loop has this long to put the terminal back before the
/// process exits anyway (crossterm can spin inside a read on a dead terminal).
const GRACE: Duration = Duration::from_millis(800);

/// Run the reader on `lib`; with a `loader`, on an empty library that the loader fills on a
/// thread of its own while the reader shows its progress.
pub fn run(lib: Library, opts: Options, loader: Option<Loader>) -> io::Result<()> {
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "standard output is not a terminal; the reader needs one (try `vanban extract`)",
        ));
    }
    let tty = Tty::open()?;
    let wake = Wake::install()?;
    let mut state = State::new(lib, Theme::from_env(&opts.config.colors));
    state.keys = opts.config.keys;
    state.notes = opts.notes;
    let results = wake.write.try_clone()?;
    // Each search result wakes the loop with a byte on the pipe.
    state.start_search(move || {
        let _ = (&results).write(&[1]);
    });
    match opts.store {
        Some(store) => state.attach(store, &opts.paths),
        None => state.announce(),
    }
    // The library loads on its own thread; each part of it that arrives wakes the loop.
    let mut loads = Loads {
        running: None,
        again: false,
        reload: opts.reload.clone(),
        wake: wake.write.try_clone()?,
        progress: Arc::new(Progress::default()),
    };
    let from_loader = loader.is_some();
    if let Some(load) = loader {
        loads.spawn(load, true)?;
        state.set_loading(Some(loads.progress.clone()));
    }
    let watch = Watch {
        paths: match opts.reload.is_some() && opts.watch {
            true => opts.paths.clone(),
            false => Vec::new(),
        },
        notes: None,
    };
    let mouse = opts.mouse;
    let result = with_terminal(mouse, |term| {
        event_loop(term, &mut state, &tty, &wake, mouse, &mut loads, watch)
    });
    // However the reader ended (q, a signal, a hangup), keep the places and bookmarks.
    if let Err(e) = state.persist() {
        super::report(&format!("could not save bookmarks and reading places: {e}"));
    }
    // Files skipped were listed in the reader (w); say them where a script sees them too.
    if from_loader {
        crate::corpus::open::report_skipped(&state.lib.skipped);
    }
    let sig = wake.signal.load(Ordering::SeqCst);
    if sig != 0 {
        // Die of the signal, as the shell expects, now that the terminal is back.
        let _ = signal_hook::low_level::emulate_default_handler(sig);
    }
    result
}

pub use crate::corpus::open::Loader;
use crate::corpus::open::{Loaded, Part};

/// Loads the library again, after files changed on disk or when asked.
#[derive(Clone)]
pub struct Reload(pub Arc<dyn Fn() -> Library + Send + Sync>);

impl std::fmt::Debug for Reload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reload")
    }
}

/// What a load sends the loop: parts of the library, then how it ended.
enum Arrival {
    Part(Part),
    Done(Loaded),
}

/// Parts of a load sent and not yet taken, at most (each up to a chunk of documents).
const PARTS_IN_FLIGHT: usize = 16;

/// Libraries loaded on a thread of their own, one at a time: the first one (a preview, then
/// the full library), then one each time the folders change or the user asks. A request
/// while one loads is run once it is done. Each arrival wakes the loop.
struct Loads {
    /// The load under way, and whether it is the first one.
    running: Option<(Receiver<Arrival>, bool)>,
    /// Asked again while one was loading.
    again: bool,
    reload: Option<Reload>,
    wake: UnixStream,
    /// Where the loads say how far they have got.
    progress: Arc<Progress>,
}

impl Loads {
    fn spawn(&mut self, load: Loader, first: bool) -> io::Result<()> {
        // Bounded: documents streamed in parts wait for the reader to take them, rather
        // than pile up (a million of them) while it draws.
        let (tx, rx) = mpsc::sync_channel(PARTS_IN_FLIGHT);
        let wake = self.wake.try_clone()?;
        let progress = self.progress.clone();
        thread::Builder::new()
            .name("vanban-load".into())
            .spawn(move || {
                let send = |arrival| {
                    let _ = tx.send(arrival);
                    let _ = (&wake).write(&[1]);
                };
                let done =
                    progress::report_to(progress, || load(&mut |part| send(Arrival::Part(part))));
                send(Arrival::Done(done));
            })?;
        self.running = Some((rx, first));
        Ok(())
    }

    /// Read the documents again now, or after the load under way. False when the
    /// reader has no way to (it was given a library, not paths).
    fn request(&mut self) -> io::Result<bool> {
        let Some(reload) = self.reload.clone() else {
            return Ok(false);
        };
        if self.running.is_some() {
            self.again = true;
        } else {
            self.spawn(Box::new(move |_| Loaded::Whole((reload.0)())), false)?;
        }
        Ok(true)
    }

    /// Put the libraries that have arrived in place; true when something changed.
    fn take(&mut self, state: &mut State) -> io::Result<bool> {
        let Some((rx, first)) = &self.running else {
            return Ok(false);
        };
        let first = *first;
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok(Arrival::Part(Part::Preview(lib))) => {
                    state.replace_library(lib);
                    state.set_loading(Some(self.progress.clone()));
                    changed = true;
                    continue;
                }
                Ok(Arrival::Part(Part::Docs { start, docs })) => {
                    state.patch_docs(start, docs);
                    changed = true;
                    continue;
                }
                Ok(Arrival::Done(Loaded::Rest(rest))) => state.complete_library(rest),
                Ok(Arrival::Done(Loaded::Whole(lib))) if first => state.replace_library(lib),
                Ok(Arrival::Done(Loaded::Whole(lib))) => state.reload_library(lib),
                Err(TryRecvError::Empty) => return Ok(changed),
                Err(TryRecvError::Disconnected) => {
                    state.set_loading(None);
                    state.message = Some(match first {
                        true => "the library could not be loaded".into(),
                        false => "the documents could not be read again".into(),
                    });
                }
            }
            break;
        }
        self.running = None;
        if std::mem::take(&mut self.again) {
            self.request()?;
        }
        Ok(true)
    }
}

/// The folders watched, from just after the first frame (the watches are set on a thread
/// of their own). A file changed while the library loads is read again once it is in.
struct Watch {
    /// Folders still to watch.
    paths: Vec<std::path::PathBuf>,
    /// What the watcher says; each note also wakes the loop.
    notes: Option<Receiver<Note>>,
}

impl Watch {
    fn start(&mut self, wake: &Wake) -> io::Result<()> {
        if self.paths.is_empty() {
            return Ok(());
        }
        let (tx, rx) = mpsc::channel();
        let ping = wake.write.try_clone()?;
        watch::start(&std::mem::take(&mut self.paths), move |note| {
            if tx.send(note).is_ok() {
                let _ = (&ping).write(&[1]);
            }
        })?;
        self.notes = Some(rx);
        Ok(())
    }
}

/// Take the terminal (raw mode, alternate screen, the mouse if asked) for `f`, and give
/// it back afterwards whatever happens: an error, a panic (through the panic hook).
pub fn with_terminal<T>(mouse: bool, f: impl FnOnce(&mut Term) -> io::Result<T>) -> io::Result<T> {
    install_panic_hook();
    let result = enter(mouse).and_then(|()| {
        let out = BufWriter::with_capacity(1 << 16, io::stdout());
        let mut term = Terminal::new(CrosstermBackend::new(out))?;
        let result = f(&mut term);
        // Dropped, ratatui's terminal shows the cursor and, if it cannot, prints to stderr,
        // which panics when the terminal (and so stderr) is gone. `leave` shows it anyway.
        if term.show_cursor().is_err() {
            std::mem::forget(term);
        }
        result
    });
    leave();
    result
}

fn event_loop(
    term: &mut Term,
    state: &mut State,
    tty: &Tty,
    wake: &Wake,
    mouse: bool,
    loads: &mut Loads,
    mut watch: Watch,
) -> io::Result<()> {
    let size = term.size()?;
    update(state, Action::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        // Everything crossterm has ready: keys, mouse, resizes. The first call also
        // starts crossterm's reader, so keys typed ahead are kept.
        while event::poll(Duration::ZERO)? {
            // Each part is mapped in the mode the previous one left.
            for ev in split_alt(&state.keys, event::read()?) {
                for action in event_actions(&state.keys, state.mode(), &ev, mouse) {
                    match update(state, action) {
                        Effect::None => {}
                        Effect::Redraw => dirty = true,
                        Effect::Clear => {
                            term.clear()?;
                            dirty = true;
                        }
                        Effect::Quit => return Ok(()),
                        Effect::Suspend => {
                            suspend(mouse)?;
                            term.clear()?;
                            dirty = true;
                        }
                        Effect::Reload => {
                            if !loads.request()? {
                                state.message = Some("there is no folder to read again".into());
                            }
                            dirty = true;
                        }
                    }
                    if let Some(text) = state.take_clipboard() {
                        // Only ever on the user's key; base64 keeps the text inert.
                        let out = term.backend_mut();
                        out.write_all(clipboard::osc52(&text).as_bytes())?;
                        out.flush()?;
                    }
                }
            }
        }
        if state.take_results() {
            dirty = true;
        }
        for note in watch.notes.iter().flat_map(|rx| rx.try_iter()) {
            match note {
                Note::Changed => {
                    loads.request()?;
                }
                Note::Failed(why) => {
                    let key = super::keymap::first_key(&state.keys, "reload").unwrap_or_default();
                    let said = format!("not watching the folders ({why}); {key} reads them again");
                    state.notes.push(said.clone());
                    state.message = Some(said);
                    dirty = true;
                }
            }
        }
        if loads.take(state)? {
            dirty = true;
        }
        if dirty {
            draw(term, state)?;
            dirty = false;
        }
        watch.start(wake)?;
        // While the library loads, the progress bar moves a few times a second; else the
        // loop sleeps until something happens.
        let tick = state.loading().then_some(PROGRESS_TICK);
        match wait(tty.fd(), wake, tick)? {
            Woke::Quit | Woke::Hangup => return Ok(()),
            Woke::Ready => {}
            Woke::Tick => dirty = true,
        }
    }
}

fn draw(term: &mut Term, state: &State) -> io::Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view::draw(f, state))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)
}

fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Put the terminal back. Safe to call twice, from a panic or from another thread.
fn leave() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
}

/// Ctrl-Z: give the terminal back, stop, and take it again when resumed (fg).
fn suspend(mouse: bool) -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(SIGTSTP)?;
    enter(mouse)
}

/// The terminal's input, watched for input and hangups. Crossterm reads the same device.
struct Tty {
    _file: Option<File>,
    fd: RawFd,
}

impl Tty {
    fn open() -> io::Result<Tty> {
        if io::stdin().is_terminal() {
            return Ok(Tty {
                _file: None,
                fd: io::stdin().as_raw_fd(),
            });
        }
        let f = File::open("/dev/tty").map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot read keys: no terminal on input ({e})"),
            )
        })?;
        Ok(Tty {
            fd: f.as_raw_fd(),
            _file: Some(f),
        })
    }

    fn fd(&self) -> RawFd {
        self.fd
    }
}

/// Signals turned into a byte on a pipe the loop sleeps on (the self-pipe trick).
struct Wake {
    read: UnixStream,
    /// The writing end, for other threads that wake the loop (search results).
    write: UnixStream,
    /// The quit signal received, or 0.
    signal: Arc<AtomicI32>,
}

impl Wake {
    fn install() -> io::Result<Wake> {
        let (read, write) = UnixStream::pair()?;
        read.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        let signal = Arc::new(AtomicI32::new(0));
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH])?;
        let seen = signal.clone();
        let kept = write.try_clone()?;
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for sig in signals.forever() {
                    if sig != SIGWINCH {
                        seen.store(sig, Ordering::SeqCst);
                    }
                    let _ = (&write).write(&[1]);
                    if sig != SIGWINCH {
                        // The loop normally exits at once; this is the safety net.
                        std::thread::sleep(GRACE);
                        leave();
                        std::process::exit(128 + sig);
                    }
                }
            })?;
        Ok(Wake {
            read,
            write: kept,
            signal,
        })
    }
}

/// How often the progress bar is drawn again while the library loads.
const PROGRESS_TICK: Duration = Duration::from_millis(200);

enum Woke {
    Ready,
    /// The time given passed with nothing to do.
    Tick,
    Quit,
    Hangup,
}

/// Sleep until the terminal has input or hung up, or a signal came, or `tick` passed.
/// Without a tick an idle reader wakes for nothing.
fn wait(tty: RawFd, wake: &Wake, tick: Option<Duration>) -> io::Result<Woke> {
    let timeout = tick.map_or(-1, |t| t.as_millis().min(i32::MAX as u128) as libc::c_int);
    let mut fds = [
        libc::pollfd {
            fd: tty,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: wake.read.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    loop {
        // SAFETY: `fds` is a valid array of two pollfd for the length given.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        if n == 0 {
            return Ok(Woke::Tick);
        }
        if fds[1].revents != 0 {
            let _ = (&wake.read).read(&mut [0; 64]);
            if wake.signal.load(Ordering::SeqCst) != 0 {
                return Ok(Woke::Quit);
            }
            // A resize (crossterm has it queued) or search results.
            return Ok(Woke::Ready);
        }
        let r = fds[0].revents;
        if r & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Ok(Woke::Hangup);
        }
        if r & libc::POLLIN != 0 {
            return Ok(Woke::Ready);
        }
    }
}
