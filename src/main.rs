use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    pyexpert::commands::run(pyexpert::cli::Cli::parse())
}
