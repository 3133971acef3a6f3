//! `sellkit completions SHELL`

use std::io::Write;

use crate::cli::Context;
use crate::error::{Error, Result};

/// Print a shell completion script.
///
/// Examples:
///   sellkit completions bash > ~/.local/share/bash-completion/completions/sellkit
///   sellkit completions zsh > "${fpath[1]}/_sellkit"
///   sellkit completions fish > ~/.config/fish/completions/sellkit.fish
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(_ctx: &Context, args: Args) -> Result<()> {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "sellkit", &mut buf);
    let mut out = std::io::stdout().lock();
    out.write_all(&buf).map_err(|e| Error::io("stdout", e))?;
    out.flush().map_err(|e| Error::io("stdout", e))
}
