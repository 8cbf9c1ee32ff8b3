//! Containing a panic inside an analyzer: the engine runs each analyzer call through [`catch`],
//! which turns a panic into a [`Failure`] that says only where in aseptic's code it happened.
//!
//! A panic's payload routinely quotes the input that caused it (slicing a `str` at a bad index
//! quotes up to 256 bytes of the string, which may hold an SSN or a key), so the payload is never
//! shown: not in the note, and not on stderr, where Rust's default hook would print it. A
//! process-wide hook, installed once, stays silent for panics raised inside [`catch`] on the
//! current thread and records their location; every other panic (aseptic's own bugs outside an
//! analyzer, a failing test) goes to the previous hook unchanged. What this deliberately does not
//! do: name the input line that caused the panic (analyzers do not report progress) or keep any
//! part of the payload, even redacted.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs inside [`catch`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// Where the last guarded panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A caught panic: where it happened in aseptic's (or a dependency's) source, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `src/analyzers/phi/hl7.rs:47`, or `unknown location`.
    pub location: String,
}

/// Runs `f`, turning a panic into a [`Failure`] without printing its payload anywhere.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, Failure> {
    install_hook();
    let outer = GUARDED.with(|g| g.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    r.map_err(|_| Failure {
        location: LOCATION
            .with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| "unknown location".into()),
    })
}

fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", source_path(l.file()), l.line()));
                LOCATION.with(|l| *l.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// A source path without the build machine's directories: relative paths (aseptic's own files)
/// as they are, absolute ones (a dependency in the cargo registry) cut to their last three parts.
fn source_path(file: &str) -> String {
    if !file.starts_with('/') {
        return file.to_string();
    }
    let parts: Vec<&str> = file.rsplit('/').take(3).collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_keeps_its_location_and_drops_its_payload() {
        let secret = "523-45-6789"; // aseptic:allow made-up test value
        let f = catch(|| -> u8 { panic!("bad input {secret}") }).unwrap_err();
        assert!(f.location.starts_with("src/panics.rs:"), "{f:?}");
        assert!(!format!("{f:?}").contains(secret));
        assert_eq!(catch(|| 7), Ok(7));
        assert_eq!(
            source_path("/home/u/.cargo/registry/src/index/syn-3.0.1/src/lit.rs"),
            "syn-3.0.1/src/lit.rs"
        );
    }
}
