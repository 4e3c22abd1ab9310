//! The `rasid` binary: flags, inputs and outputs only. All analysis lives in the library
//! crates; see ARCHITECTURE.md.

mod args;
mod commands;
mod pretty;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    let code = match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rasid: error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
