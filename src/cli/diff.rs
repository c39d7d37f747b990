//! `cozescope diff OLD.json NEW.json`: what changed between two reports of the same scenario, as markdown on
//! stdout (and files with `--out`); `--fail-on-regression` exits 1 when a probe of the scenario went from
//! `ok` to anything else.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, CommandResult, print_redacted};
use crate::diff::{DiffError, diff, load};
use crate::exit;
use crate::i18n::Lang;
use crate::report::diff::{json, markdown};
use crate::report::{Format, write};

/// `cozescope diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier JSON report.
    pub old: PathBuf,
    /// The later JSON report of the same scenario.
    pub new: PathBuf,
    /// Also write the diff under this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Formats of the files written with --out, comma-separated (md, json).
    #[arg(long, default_value = "md", value_delimiter = ',', value_enum)]
    pub format: Vec<Format>,
    /// Exit 1 when a probe of the scenario went from `ok` to anything else (the runner's follow-ups are
    /// evidence, never regressions).
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Language [default: from LANG, zh_* gives zh, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

impl From<DiffError> for CliError {
    fn from(error: DiffError) -> CliError {
        match error {
            DiffError::Read(error) => CliError::Input(error),
            other => CliError::Usage(other.to_string()),
        }
    }
}

/// Runs `cozescope diff`.
pub(super) fn run_diff(args: DiffArgs) -> CommandResult {
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let diff = diff(&old, &new)?;
    let text = markdown(&diff, Lang::resolve(args.lang));
    if let Some(out) = &args.out {
        let stem = write::report_stem(chrono::Utc::now(), std::path::Path::new("diff.toml"));
        for written in
            write::write_markdown_or_json(out, &stem, &args.format, || text.clone(), || json(&diff))
        {
            let path = written.map_err(|error| CliError::Incomplete(error.to_string()))?;
            print_redacted(&format!("diff: {}\n", path.display()));
        }
    }
    print_redacted(&text);
    Ok(if args.fail_on_regression && diff.regressions > 0 {
        exit::EXPECT_FAILED
    } else {
        exit::OK
    })
}
