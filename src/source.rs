//! Input sources other than the working tree: the git index (`--staged`), files changed since a
//! ref (`--since`) and git history (`--history`). Each yields the same [`Item`]s the working tree
//! does, so every analyzer works unchanged on all of them.

use crate::cli::ScanArgs;
use crate::engine::Item;
use crate::note::Note;
use crate::scan::{Settings, UsageError};

/// The items for a non-working-tree source, or `None` for a plain working-tree scan.
pub fn items(
    args: &ScanArgs,
    _s: &Settings,
    _notes: &mut Vec<Note>,
) -> Result<Option<Vec<Item>>, UsageError> {
    if args.staged || args.since.is_some() || args.history.is_some() {
        return Err(UsageError(
            "--staged, --since and --history are not available yet".into(),
        ));
    }
    Ok(None)
}
