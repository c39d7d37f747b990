//! `cozescope man [COMMAND]`: the manual page in roff on stdout (clap_mangen), from the same clap definitions
//! as `--help`. The main page lists the commands as `cozescope-COMMAND(1)`; `cozescope man COMMAND` prints
//! that page. No date is written, so the same build prints the same pages.

use clap::{Args, CommandFactory};

use super::{Cli, CliError, CommandResult, print_redacted};
use crate::exit;

/// The commands that have a page of their own, offered by shell completion (a test holds the list to
/// the commands the CLI defines).
pub const PAGES: [&str; 10] = [
    "doctor",
    "init",
    "run",
    "check",
    "explain",
    "sweep",
    "diff",
    "emulator",
    "completions",
    "man",
];

/// `cozescope man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print [default: the main page, cozescope(1)]. Read it with `cozescope man | man -l -`.
    #[arg(value_name = "COMMAND", value_parser = clap::builder::PossibleValuesParser::new(PAGES))]
    pub command: Option<String>,
}

/// The roff page of `command` (`None`: the main page).
pub fn page(command: Option<&str>) -> Result<String, CliError> {
    let mut cli = Cli::command();
    // Building names each subcommand `cozescope-NAME` (its page's title) and `cozescope NAME` (its synopsis).
    cli.build();
    let target = match command {
        None => cli,
        Some(name) => cli.find_subcommand(name).cloned().ok_or_else(|| {
            CliError::Usage(format!(
                "no manual page for `{name}`: use one of {}",
                PAGES.join(", ")
            ))
        })?,
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(target)
        .manual("cozescope manual")
        .source(format!("cozescope {}", crate::build_info::DESCRIBED))
        .render(&mut out)
        .map_err(|error| {
            CliError::Incomplete(format!("failed to render the manual page: {error}"))
        })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

pub fn man(args: ManArgs) -> CommandResult {
    print_redacted(&page(args.command.as_deref())?);
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_page_and_every_page_a_command() {
        let defined: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|command| command.get_name().to_string())
            .collect();
        assert_eq!(
            defined, PAGES,
            "add the command to PAGES, in the CLI's order"
        );
        for name in PAGES {
            assert!(page(Some(name)).is_ok(), "{name}");
        }
    }
}
