//! A progress bar on stderr for long scans, only when stderr is a terminal; otherwise a hidden bar,
//! so CI logs and pipes get nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub fn bar(enabled: bool, len: u64) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} scanning {pos}/{len} files {wide_bar} {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}
