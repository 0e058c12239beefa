//! `pyexpert lint --watch`: check, then check again whenever a checked file or a
//! configuration file changes, appears or disappears, for a terminal beside the editor.
//!
//! Changes are found by polling (a walk of the paths and a `stat` of what it finds), which
//! needs no platform notification API and no extra dependency: the interval grows with the
//! time a poll takes (at least 300 ms, at most 2 s), so a large tree costs a few percent of
//! one core. A burst of writes (an editor saving several files, a `git checkout`) is
//! debounced: the run starts once the tree has been quiet for 200 ms. Each run re-reads
//! the configuration, so editing `pyproject.toml` takes effect at once; the result cache
//! keeps re-runs to the files that changed.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::cli::LintArgs;
use crate::log;
use crate::resolver::Resolver;

const MIN_INTERVAL: Duration = Duration::from_millis(300);
const MAX_INTERVAL: Duration = Duration::from_secs(2);
const QUIET_PERIOD: Duration = Duration::from_millis(200);

/// What a poll sees: each watched path's modification time and size.
type Snapshot = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

/// Runs until interrupted (Ctrl-C). A run that fails (a broken configuration file while
/// it is being edited) prints its error and the watch goes on.
pub fn watch(args: &LintArgs, resolver: &Arc<Resolver>, paths: &[PathBuf]) -> Result<u8, String> {
    let interactive = std::io::stdout().is_terminal();
    let mut files = Vec::new();
    loop {
        // The state before the run: a change made while it runs triggers the next one.
        let (before, interval) = snapshot(paths, resolver, &mut files);
        if interactive {
            // Clear the screen: each run replaces the last one.
            print!("\x1b[2J\x1b[H");
            let _ = std::io::stdout().flush();
        }
        if let Err(message) = crate::commands::lint_once(args, resolver, paths) {
            eprintln!("pyexpert: error: {message}");
        }
        let _ = std::io::stdout().flush();
        if log::level() >= log::Level::Normal {
            eprintln!("Watching for changes (Ctrl-C to stop)...");
        }
        let changed = wait_for_change(paths, resolver, &mut files, before, interval);
        if !interactive && log::level() >= log::Level::Normal {
            eprintln!("Change in {}; checking again.", describe(&changed));
        }
    }
}

/// Polls until something changed and then stayed quiet; returns what changed.
fn wait_for_change(
    paths: &[PathBuf],
    resolver: &Arc<Resolver>,
    files: &mut Vec<PathBuf>,
    before: Snapshot,
    mut interval: Duration,
) -> Vec<PathBuf> {
    loop {
        std::thread::sleep(interval);
        let (now, took) = snapshot(paths, resolver, files);
        interval = took;
        if now == before {
            continue;
        }
        let mut latest = now;
        loop {
            std::thread::sleep(QUIET_PERIOD);
            let (again, _) = snapshot(paths, resolver, files);
            if again == latest {
                break;
            }
            latest = again;
        }
        return differences(&before, &latest);
    }
}

/// The watched paths' state, and the interval the next poll should wait given how long
/// this one took. `files` keeps the last successful walk's files, so a walk that fails
/// (a configuration file saved half-written) still watches them.
fn snapshot(
    paths: &[PathBuf],
    resolver: &Arc<Resolver>,
    files: &mut Vec<PathBuf>,
) -> (Snapshot, Duration) {
    let started = Instant::now();
    // Walk with the configuration as it is now (an edit may exclude or add files).
    resolver.refresh();
    if let Ok(found) = crate::discover::discover_with(paths, 1, resolver) {
        *files = found.into_iter().map(|f| f.path).collect();
    }
    // The walk finds new and deleted files; the configuration files it read on the way
    // (a `pyexpert.toml` created since the last poll among them) are watched too.
    let mut watched: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let read = resolver.files_read();
    watched.extend(read.iter().map(PathBuf::as_path));
    let state = watched
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(path).ok();
            let stamp = meta.as_ref().and_then(|m| m.modified().ok());
            (path.to_path_buf(), (stamp, meta.map_or(0, |m| m.len())))
        })
        .collect();
    let took = started.elapsed();
    (state, (took * 10).clamp(MIN_INTERVAL, MAX_INTERVAL))
}

fn differences(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = after
        .iter()
        .filter(|(path, state)| before.get(*path) != Some(state))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    changed.sort();
    changed.dedup();
    changed
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "the watched paths".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
    }
}
