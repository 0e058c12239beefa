//! The terminal a report goes to: how wide it is and whether to colour.

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// The width to wrap the full report at: `COLUMNS` when it is set (bash sets but does not
/// export it, so it is there only when asked for), else the width of the terminal standard
/// output is, else `None` (a pipe or a file: a fixed width keeps the output reproducible).
pub fn terminal_width() -> Option<usize> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    from_env.or_else(|| {
        let stdout = std::io::stdout();
        if !stdout.is_terminal() {
            return None;
        }
        terminal_size::terminal_size_of(stdout).map(|(width, _)| usize::from(width.0))
    })
}

/// Whether to colour: `--color always`/`never` decide; otherwise `NO_COLOR` (non-empty)
/// turns colour off, then `FORCE_COLOR` (non-empty) turns it on, then colour is used on a
/// terminal. NO_COLOR winning over FORCE_COLOR is what CPython does.
pub fn use_color(choice: ColorChoice) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("FORCE_COLOR") => true,
        ColorChoice::Auto => std::io::stdout().is_terminal(),
    }
}
