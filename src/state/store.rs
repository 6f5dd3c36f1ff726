//! Where the state lives on disk, and how two readers share it: every save takes an
//! advisory lock on `state.json.lock`, re-reads `state.json`, applies this reader's
//! changes to it and replaces it atomically.
//!
//! Merging by changes means the last save of a change wins for each document: a bookmark
//! or read mark another reader added stays unless this reader removed that very one since
//! its last save, and a removal here stays a removal. The TUI saves a change as soon as
//! it is made, so save order is the order the changes were made in.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{printable, State};

/// How long a save waits for another reader's save to finish.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Where the state lives on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    path: PathBuf,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// What is in the state file.
enum OnDisk {
    Missing,
    Good(State),
    /// Not a state: the parser's complaint.
    Corrupt(String),
}

impl Store {
    /// `$XDG_STATE_HOME/vanban/state.json` on Linux (`~/.local/state/vanban`); the
    /// local data directory elsewhere. `None` with no home directory.
    pub fn default_location() -> Option<Store> {
        let d = directories::ProjectDirs::from("", "", "vanban")?;
        let dir = d.state_dir().unwrap_or_else(|| d.data_local_dir());
        Some(Store::at(dir.join("state.json")))
    }

    /// A store at an explicit file path.
    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where a corrupt state file is moved.
    pub fn bad_path(&self) -> PathBuf {
        with_suffix(&self.path, ".bad")
    }

    /// The lock file saves take turns on.
    pub fn lock_path(&self) -> PathBuf {
        with_suffix(&self.path, ".lock")
    }

    /// Load the state. A missing file is a fresh start. A corrupt file is moved
    /// aside to `state.json.bad` and reported once in the returned warning.
    pub fn load(&self) -> (State, Option<String>) {
        match self.read() {
            Ok(OnDisk::Missing) => (State::default(), None),
            Ok(OnDisk::Good(s)) => (s, None),
            Ok(OnDisk::Corrupt(e)) => (State::default(), Some(self.set_aside(&e))),
            Err(e) => {
                let shown = self.path.display();
                let w = format!("cannot read {shown}: {e}; bookmarks and positions not loaded");
                (State::default(), Some(w))
            }
        }
    }

    fn read(&self) -> io::Result<OnDisk> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
            Err(e) => return Err(e),
        };
        Ok(match serde_json::from_slice::<State>(&bytes) {
            Ok(mut s) => {
                for b in &mut s.bookmarks {
                    b.label = printable(&b.label);
                }
                OnDisk::Good(s)
            }
            Err(e) => OnDisk::Corrupt(e.to_string()),
        })
    }

    /// Move a corrupt file to `.bad`; the sentence that says so.
    fn set_aside(&self, e: &str) -> String {
        let shown = self.path.display();
        let bad = self.bad_path();
        match fs::rename(&self.path, &bad) {
            Ok(()) => format!(
                "{shown} was corrupt ({e}); moved it to {}; starting with no bookmarks",
                bad.display()
            ),
            Err(re) => format!(
                "{shown} was corrupt ({e}) and could not be moved ({re}); starting with no bookmarks"
            ),
        }
    }

    /// Save `state`'s changes, merged with what is on disk: under the lock, the file is
    /// read again and the changes made since the last save are applied to it; the result
    /// is written to a synced temporary file, renamed over the old one, and the folder is
    /// synced. A crash at any point leaves either the old or the new file, whole, and the
    /// lock goes with the process. Afterwards `state` is what was written, so it shows
    /// what other readers saved too.
    ///
    /// A corrupt file on disk is moved to `.bad` and `state` as it is replaces it; a file
    /// that cannot be read is left alone and the save fails.
    pub fn save(&self, state: &mut State) -> io::Result<()> {
        self.save_with(state, || {})
    }

    /// [`Store::save`], calling `before_rename` once the new file is written (tests kill
    /// a process there).
    fn save_with(&self, state: &mut State, before_rename: impl FnOnce()) -> io::Result<()> {
        fs::create_dir_all(self.dir())?;
        let _lock = self.lock()?;
        let mut merged = match self.read()? {
            OnDisk::Missing => State::default(),
            OnDisk::Good(s) => s,
            // What this reader knows (its changes applied already) replaces it.
            OnDisk::Corrupt(e) => {
                self.set_aside(&e);
                let mut s = state.clone();
                s.changes.clear();
                s
            }
        };
        for c in &state.changes {
            merged.apply(c);
        }
        let tmp = self.write_temp(&merged)?;
        before_rename();
        self.commit(&tmp).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })?;
        merged.changes.clear();
        *state = merged;
        Ok(())
    }

    /// The save lock, held until dropped (or the process ends). Waits for another
    /// reader's save, but not for ever: a reader stopped in the middle of one must not
    /// hang this one.
    fn lock(&self) -> io::Result<File> {
        let f = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.lock_path())?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match f.try_lock() {
                Ok(()) => return Ok(f),
                Err(TryLockError::Error(e)) => return Err(e),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(io::Error::other(format!(
                        "another vanban has held {} for {} s",
                        self.lock_path().display(),
                        LOCK_WAIT.as_secs()
                    )))
                }
            }
        }
    }

    /// Step one of a save: the new content in a synced temporary file.
    fn write_temp(&self, state: &State) -> io::Result<PathBuf> {
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = with_suffix(&self.path, &format!(".tmp-{}-{n}", std::process::id()));
        let json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
        let written = File::create(&tmp).and_then(|mut f| {
            f.write_all(&json)?;
            f.write_all(b"\n")?;
            f.sync_all()
        });
        match written {
            Ok(()) => Ok(tmp),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Step two: rename into place and make the rename durable.
    fn commit(&self, tmp: &Path) -> io::Result<()> {
        fs::rename(tmp, &self.path)?;
        // Syncing a directory is how POSIX makes a rename durable; elsewhere it
        // may be unsupported, which is not an error for us.
        if let Ok(d) = File::open(self.dir()) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use std::process::{Command, Stdio};

    use super::*;

    fn sample(dir: &Path) -> (State, PathBuf) {
        let doc = dir.join("doc.txt");
        fs::write(&doc, "Tiêu đề\nnội dung").unwrap();
        let mut s = State::default();
        s.set_position(&doc, 12);
        s.add_bookmark(&doc, 3, "đầu");
        (s, doc)
    }

    #[test]
    fn crash_before_rename_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        let (mut old, doc) = sample(dir.path());
        store.save(&mut old).unwrap();

        // The next save dies after writing (part of) its temporary file.
        let mut new = old.clone();
        new.set_position(&doc, 99);
        let tmp = store.write_temp(&new).unwrap();
        let full = fs::read(&tmp).unwrap();
        fs::write(&tmp, &full[..full.len() / 2]).unwrap();

        let (loaded, warning) = store.load();
        assert_eq!(warning, None);
        assert_eq!(loaded, old);
        assert_eq!(loaded.position(&doc).unwrap().offset, 12);
        // The stray temporary file does not stop the next save.
        store.save(&mut new).unwrap();
        assert_eq!(store.load().0.position(&doc).unwrap().offset, 99);
    }

    #[test]
    fn save_leaves_only_the_state_and_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sub/state.json"));
        let (mut s, _) = sample(dir.path());
        store.save(&mut s).unwrap();
        store.save(&mut s).unwrap();
        let mut names: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, vec!["state.json", "state.json.lock"]);
    }

    #[test]
    fn two_readers_merge_and_a_removal_stays_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        let (a_doc, b_doc) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        let mut a = store.load().0;
        let mut b = store.load().0;
        a.add_bookmark(&a_doc, 1, "a1");
        a.set_read("/x/a", true);
        store.save(&mut a).unwrap();
        // b started before a saved; its save keeps a's marks and adds its own.
        b.add_bookmark(&b_doc, 2, "b2");
        b.set_read("/x/b", true);
        b.set_position(&b_doc, 7);
        store.save(&mut b).unwrap();
        assert_eq!(b.bookmarks.len(), 2, "b now sees a's bookmark too");
        // a removes its bookmark and read mark; b, not knowing, saves again.
        a.remove_bookmark(0);
        a.set_read("/x/a", false);
        store.save(&mut a).unwrap();
        b.set_read("/x/c", true);
        store.save(&mut b).unwrap();
        let (s, _) = store.load();
        let labels: Vec<&str> = s.bookmarks.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["b2"], "a's removal stays a removal");
        let read: Vec<&str> = s.read.iter().map(String::as_str).collect();
        assert_eq!(read, ["/x/b", "/x/c"]);
        assert_eq!(s.position(&b_doc).unwrap().offset, 7);
        assert_eq!(s, b, "b holds what was written");
    }

    #[test]
    fn a_corrupt_file_met_while_saving_is_set_aside_and_nothing_known_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        let (mut s, doc) = sample(dir.path());
        store.save(&mut s).unwrap();
        fs::write(store.path(), "{\"bookmarks\": [").unwrap();
        s.set_read("/x/a", true);
        store.save(&mut s).unwrap();
        assert_eq!(
            fs::read_to_string(store.bad_path()).unwrap(),
            "{\"bookmarks\": ["
        );
        let (loaded, warning) = store.load();
        assert_eq!(warning, None);
        assert_eq!(loaded.bookmarks_in(&doc).len(), 1);
        assert!(loaded.is_read("/x/a"));
    }

    /// Environment variable telling [`child`] what to do, in a process of its own.
    const CHILD: &str = "VANBAN_STATE_TEST_CHILD";

    /// Run [`child`] in a new process of this test binary.
    fn spawn(job: &str) -> std::process::Child {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "state::store::tests::child", "--ignored"])
            .args(["--nocapture", "--test-threads=1"])
            .env(CHILD, job)
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    }

    fn wait_for_file(p: &Path) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !p.exists() {
            assert!(Instant::now() < deadline, "{} never came", p.display());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The other side of the tests below, in its own process: `writer DIR TAG` loads the
    /// state, waits for DIR/go, then 50 times adds a bookmark and a read mark and saves;
    /// `killed DIR` adds a bookmark and stops in the middle of saving it.
    #[test]
    #[ignore = "run by the process tests in a child process"]
    fn child() {
        let Ok(job) = std::env::var(CHILD) else {
            return;
        };
        let words: Vec<&str> = job.split('\t').collect();
        let dir = Path::new(words[1]);
        let store = Store::at(dir.join("state.json"));
        let (mut s, warning) = store.load();
        assert_eq!(warning, None);
        match words[0] {
            "writer" => {
                let tag = words[2];
                fs::write(dir.join(format!("{tag}.loaded")), "").unwrap();
                wait_for_file(&dir.join("go"));
                for i in 0..50 {
                    let doc = dir.join(format!("{tag}-{i}.txt"));
                    s.add_bookmark(&doc, i, &format!("{tag} {i}"));
                    s.set_read(&super::super::doc_key(&doc), true);
                    store.save(&mut s).unwrap();
                }
            }
            "killed" => {
                s.add_bookmark(&dir.join("lost.txt"), 1, "lost");
                store
                    .save_with(&mut s, || {
                        fs::write(dir.join("paused"), "").unwrap();
                        std::thread::sleep(Duration::from_secs(120));
                    })
                    .unwrap();
            }
            other => panic!("unknown job {other}"),
        }
    }

    #[test]
    fn two_processes_saving_in_turn_keep_all_100_bookmarks_and_read_marks() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let mut kids: Vec<_> = ["a", "b"]
            .iter()
            .map(|tag| spawn(&format!("writer\t{d}\t{tag}")))
            .collect();
        // Both have read the (empty) state before either saves.
        wait_for_file(&dir.path().join("a.loaded"));
        wait_for_file(&dir.path().join("b.loaded"));
        fs::write(dir.path().join("go"), "").unwrap();
        for k in &mut kids {
            assert!(k.wait().unwrap().success());
        }
        let (s, warning) = Store::at(dir.path().join("state.json")).load();
        assert_eq!(warning, None);
        assert_eq!(s.bookmarks.len(), 100, "every bookmark of both survives");
        assert_eq!(s.read.len(), 100, "every read mark of both survives");
        for tag in ["a", "b"] {
            for i in 0..50 {
                let key = super::super::doc_key(&dir.path().join(format!("{tag}-{i}.txt")));
                assert!(s.is_read(&key), "{key}");
                assert!(s.bookmarks.iter().any(|b| b.doc == key && b.offset == i));
            }
        }
    }

    #[test]
    fn a_process_killed_while_saving_leaves_the_old_state_and_no_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        let (mut s, _) = sample(dir.path());
        store.save(&mut s).unwrap();
        let before = fs::read(store.path()).unwrap();

        let mut kid = spawn(&format!("killed\t{}", dir.path().display()));
        wait_for_file(&dir.path().join("paused"));
        let lock = File::options().write(true).open(store.lock_path()).unwrap();
        assert!(
            matches!(lock.try_lock(), Err(TryLockError::WouldBlock)),
            "the child holds the lock while it saves"
        );
        kid.kill().unwrap(); // SIGKILL
        kid.wait().unwrap();

        assert_eq!(
            fs::read(store.path()).unwrap(),
            before,
            "the old file, whole"
        );
        assert_eq!(store.load().0, s);
        lock.try_lock().expect("the lock went with the process");
        drop(lock);
        s.set_read("/x/after", true);
        store.save(&mut s).unwrap();
        let (after, _) = store.load();
        assert!(after.is_read("/x/after"));
        assert!(after.bookmarks.iter().all(|b| b.label != "lost"));
    }
}
