//! The `rasid` binary: flags, inputs and outputs only. All analysis lives in the library
//! crates; see ARCHITECTURE.md.

mod args;
mod commands;
mod output;
mod pretty;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    let code = match commands::run(cli) {
        Ok(code) => code,
        // A closed pipe (`rasid analyze ... | head`) is not an error worth a message.
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("rasid: error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}
