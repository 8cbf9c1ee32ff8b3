//! The `git log -p` parser behind `--history`, fed a line at a time as git streams it.
#![no_main]
use aseptic::history::LogParser;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut p = LogParser::default();
    for line in data.split(|b| *b == b'\n') {
        let _ = p.line(line);
    }
});
