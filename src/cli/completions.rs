//! `cozescope completions SHELL`: a completion script for bash, zsh, fish, PowerShell or elvish on stdout,
//! generated from the same clap definitions as `--help`, so that subcommands, flags and the declared values
//! of `--target`, `--format` and `--lang` complete as they parse.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CommandResult, print_redacted};
use crate::exit;

/// `cozescope completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// How to install each shell's script, then the exit codes: `cozescope completions --help`.
pub fn long_help() -> String {
    format!("{INSTALL}\n\n{}", exit::COMPLETIONS)
}

const INSTALL: &str = "\
Install, bash:
  echo 'source <(cozescope completions bash)' >> ~/.bashrc
zsh (any folder in $fpath, before compinit runs):
  cozescope completions zsh > ~/.zfunc/_cozescope
fish:
  cozescope completions fish > ~/.config/fish/completions/cozescope.fish
PowerShell (add the line to $PROFILE):
  cozescope completions powershell | Out-String | Invoke-Expression
elvish:
  cozescope completions elvish >> ~/.config/elvish/rc.elv";

/// The script for `shell`, completing the `cozescope` command.
pub fn script(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "cozescope", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn completions(args: CompletionsArgs) -> CommandResult {
    print_redacted(&script(args.shell));
    Ok(exit::OK)
}
