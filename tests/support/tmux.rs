//! The tmux harness of the end-to-end tests: the real binary in a real terminal, driven
//! by keys, read back with capture-pane, each test on its own tmux server (private socket).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::paths::sample_dir;

pub const PROMPT: &str = "E2E$ ";
pub const DEADLINE: Duration = Duration::from_secs(15);

pub struct Tmux {
    socket: String,
    /// Config and saved state of the runs in this terminal, never the user's.
    home: tempfile::TempDir,
}

impl Tmux {
    /// A tmux server with one `w`×`h` window running bash; `None` (after saying so) when
    /// tmux is missing, unless CI is set.
    pub fn start(name: &str, w: u16, h: u16) -> Option<Tmux> {
        let found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required when CI is set"
            );
            eprintln!("SKIPPED {name}: tmux is not installed (apt-get install tmux)");
            return None;
        }
        let t = Tmux {
            socket: format!("vanban-test-{}-{name}", std::process::id()),
            home: tempfile::tempdir().expect("a temporary home"),
        };
        let shell = format!("env PS1='{PROMPT}' TERM=xterm-256color bash --norc --noprofile");
        let (w, h) = (w.to_string(), h.to_string());
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &w,
            "-y",
            &h,
            &shell,
        ]);
        t.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));
        Some(t)
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .env_remove("TMUX")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// A tmux format value of the pane, e.g. `alternate_on`.
    pub fn flag(&self, name: &str) -> String {
        let f = format!("#{{{name}}}");
        self.tmux(&["display-message", "-p", "-t", "t", &f])
            .trim()
            .to_string()
    }

    pub fn text(&self, s: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", s]);
    }

    pub fn key(&self, k: &str) {
        self.tmux(&["send-keys", "-t", "t", k]);
    }

    /// Poll the screen until `ok` holds; fail with the screen after the deadline.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; screen:\n{s}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Where this terminal's runs keep their state (XDG_STATE_HOME).
    pub fn state_home(&self) -> PathBuf {
        self.home.path().join("state")
    }

    /// The environment that keeps config and state in the test's home.
    pub fn home_env(&self) -> String {
        format!(
            "XDG_STATE_HOME={} XDG_CONFIG_HOME={}",
            quote(&self.state_home().display().to_string()),
            quote(&self.home.path().join("config").display().to_string()),
        )
    }

    /// Run the reader on the sample data, writing its pid to `pid_file`; `env` is put
    /// before the command (e.g. "NO_COLOR=1"). Config and state live in the test's home.
    pub fn launch(&self, pid_file: &Path, env: &str) {
        self.launch_on(pid_file, env, "", &[&sample_dir()]);
    }

    /// Run the reader on `paths`, writing its pid to `pid_file`; `env` and then `wrapper`
    /// (e.g. "setsid -w") are put before the command. The shell prints EXIT=code after.
    pub fn launch_on(&self, pid_file: &Path, env: &str, wrapper: &str, paths: &[&Path]) {
        let bin = super::cli::BIN;
        let env = format!("{} {env}", self.home_env());
        let args: Vec<String> = paths
            .iter()
            .map(|p| quote(&p.display().to_string()))
            .collect();
        let cmd = format!(
            "{env} {wrapper} sh -c 'echo $$ > {}; exec {} {}'; echo EXIT=$?",
            quote(&pid_file.display().to_string()),
            quote(bin),
            args.join(" ")
        );
        self.text(&cmd);
        self.key("Enter");
    }

    /// After the reader exits: the shell is back, the alternate screen left, the mouse
    /// released, the cursor shown and the tty in cooked mode with echo.
    pub fn assert_restored(&self, exit: Option<&str>) {
        match exit {
            Some(code) => {
                self.wait_for("the exit status", |s| s.contains(&format!("EXIT={code}")));
            }
            None => {
                let start = Instant::now();
                while self.flag("alternate_on") != "0" {
                    assert!(start.elapsed() < DEADLINE, "alternate screen not left");
                    sleep(Duration::from_millis(50));
                }
            }
        }
        assert_eq!(self.flag("alternate_on"), "0", "alternate screen left");
        assert_eq!(self.flag("mouse_any_flag"), "0", "mouse released");
        assert_eq!(self.flag("cursor_flag"), "1", "cursor shown");
        self.text("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | sort | tr '\\n' +");
        self.key("Enter");
        self.wait_for("cooked tty", |s| s.contains("echo+icanon+"));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

pub fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\\\""))
}

pub fn pid_of(file: &Path) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = std::fs::read_to_string(file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return pid;
        }
        assert!(start.elapsed() < DEADLINE, "no pid written");
        sleep(Duration::from_millis(20));
    }
}

/// True while the process exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}
