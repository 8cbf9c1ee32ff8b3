//! DICOM headers: PatientName, PatientID, PatientBirthDate and the other patient-module elements
//! named by the rules' `dicom` tags, read from the file's bytes.
//!
//! A DICOM Part 10 file is a 128-byte preamble, `DICM`, the file meta group (explicit VR little
//! endian), then the data set in the transfer syntax the meta group names. This reads explicit and
//! implicit VR little endian data sets element by element, stops after group 0010 (the patient
//! module) or at the first element it cannot make sense of, and never looks at pixel data.
//! Big-endian and compressed (deflated) data sets are not read. The engine lets a binary file
//! through only when it is a `.dcm` (or `.dicom`) file with the `DICM` magic (at byte 128, or at
//! byte 0 when the preamble was left out) or a bare data set starting with a group 0008 element.

use super::error::DocError;
use super::hit::{At, Sink};

/// Is this a DICOM Part 10 file the PHI analyzer should see despite being binary?
pub fn is_dicom(path: &str, bytes: &[u8]) -> bool {
    crate::input::is_dicom(path, bytes)
}

fn u16le(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32le(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// VRs whose explicit length is 4 bytes after 2 reserved ones.
fn long_vr(vr: &[u8]) -> bool {
    matches!(
        vr,
        b"OB" | b"OD" | b"OF" | b"OL" | b"OW" | b"SQ" | b"UC" | b"UR" | b"UT" | b"UN" | b"OV"
    )
}

/// Scans the header; returns an error for a note when the file ends inside an element.
pub fn scan(bytes: &[u8], sink: &mut Sink) -> Result<(), DocError> {
    // Part 10: preamble and `DICM`; without the preamble: `DICM` first; or a bare data set, whose
    // first element says whether its VRs are explicit (two capital letters after the tag).
    let mut i = if bytes.get(128..132) == Some(b"DICM") {
        132
    } else if bytes.starts_with(b"DICM") {
        4
    } else {
        0
    };
    let mut explicit = i > 0
        || bytes
            .get(4..6)
            .is_some_and(|vr| vr.iter().all(u8::is_ascii_uppercase));
    let mut in_meta = i > 0;
    while i + 8 <= bytes.len() {
        let group = u16le(bytes, i).ok_or(DocError::Dicom("truncated tag"))?;
        let element = u16le(bytes, i + 2).ok_or(DocError::Dicom("truncated tag"))?;
        if in_meta && group != 0x0002 {
            in_meta = false;
        }
        if group > 0x0010 || group == 0x7FE0 {
            return Ok(());
        }
        let (len, header) = if explicit || in_meta {
            let vr = &bytes[i + 4..i + 6];
            if !vr.iter().all(u8::is_ascii_uppercase) {
                return Err(DocError::Dicom("unreadable value representation"));
            }
            if long_vr(vr) {
                (
                    u32le(bytes, i + 8).ok_or(DocError::Dicom("truncated length"))?,
                    12,
                )
            } else {
                (
                    u16le(bytes, i + 6).ok_or(DocError::Dicom("truncated length"))? as u32,
                    8,
                )
            }
        } else {
            (
                u32le(bytes, i + 4).ok_or(DocError::Dicom("truncated length"))?,
                8,
            )
        };
        if len == u32::MAX {
            // Undefined length (a sequence): nothing of ours lives inside; stop here.
            return Ok(());
        }
        let start = i + header;
        let end = start
            .checked_add(len as usize)
            .filter(|e| *e <= bytes.len())
            .ok_or(DocError::Dicom("element runs past the end of the file"))?;
        let value = &bytes[start..end];
        if group == 0x0002 && element == 0x0010 {
            // Transfer syntax: implicit VR little endian is 1.2.840.10008.1.2 exactly.
            let ts = String::from_utf8_lossy(value);
            explicit = ts.trim_end_matches(['\0', ' ']) != "1.2.840.10008.1.2";
        }
        if let Some(spec) = sink.specs.for_dicom(group, element) {
            // A person name's first component group is its alphabetic form (`Yamada^Tarou=山田^太郎`).
            let raw = String::from_utf8_lossy(value);
            let raw = raw.split('=').next().unwrap_or("");
            let text = raw.trim_end_matches(['\0', ' ']).replace('^', " ");
            let at = At {
                start: 0,
                end: 0,
                record: 1,
                person: true,
                generic: false,
            };
            sink.judge(spec, &text, at, || {
                format!("DICOM ({group:04X},{element:04X})")
            });
        }
        i = end;
    }
    Ok(())
}
