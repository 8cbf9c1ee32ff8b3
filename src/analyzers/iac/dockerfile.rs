//! Dockerfiles into instructions, and instructions into resources the matcher understands.
//!
//! The parser handles line continuations (with the `# escape=` directive), comments, and heredocs
//! (`RUN <<EOF` ... `EOF`, whose lines belong to the instruction). Resources:
//! - one per instruction, kind the upper-cased instruction (`ADD`, `ENV`, `EXPOSE`, ...), with
//!   `args` (the text), `flags` (`--checksum=...` as a map), `final_stage`, and per instruction
//!   `vars` (ENV/ARG/LABEL as `{name, value}` items), `ports` (EXPOSE), `sources` (ADD/COPY);
//! - one `FROM` per stage with `image` (after `ARG` default substitution; unknown if unresolved),
//!   `alias`, `stage_alias` (the image is an earlier stage) and `scratch`;
//! - one `stage` per stage with `final` and `user` (the stage's last `USER`, at its line);
//! - one `dockerfile` with `instructions` (every instruction name), for "missing X" rules.
//!
//! Build arguments given on the command line are unknown; `ONBUILD` triggers are not expanded.

use super::model::{Node, Resource, Value};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Instruction {
    pub cmd: String,
    pub args: String,
    pub line: u32,
}

/// Splits a Dockerfile into instructions.
pub fn parse(text: &str) -> Vec<Instruction> {
    let mut escape = '\\';
    let lines: Vec<&str> = text.lines().collect();
    // Parser directives sit at the very top.
    for l in &lines {
        let t = l.trim();
        if let Some(d) = t.strip_prefix('#') {
            let d = d.trim();
            if let Some(v) = d.strip_prefix("escape=").map(str::trim)
                && let Some(c) = v.chars().next()
            {
                escape = c;
            }
            continue;
        }
        break;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let first = lines[i].trim_start();
        i += 1;
        if first.is_empty() || first.starts_with('#') {
            continue;
        }
        let mut text = String::new();
        let mut cur = first.to_string();
        loop {
            let t = cur.trim_end();
            if let Some(stripped) = t.strip_suffix(escape) {
                text.push_str(stripped);
                text.push(' ');
                // Continuation: skip comment lines inside the instruction.
                while i < lines.len() && lines[i].trim_start().starts_with('#') {
                    i += 1;
                }
                if i >= lines.len() {
                    break;
                }
                cur = lines[i].to_string();
                i += 1;
            } else {
                text.push_str(t);
                break;
            }
        }
        let (cmd, args) = match text.find(char::is_whitespace) {
            Some(p) => (&text[..p], text[p..].trim()),
            None => (text.as_str(), ""),
        };
        // Heredocs: `<<EOF`, `<<-EOF`, `<<"EOF"`; their bodies end at the delimiter line.
        let mut args = args.to_string();
        for delim in heredoc_delims(&args) {
            let mut body = String::new();
            while i < lines.len() {
                let l = lines[i];
                i += 1;
                if l.trim() == delim {
                    break;
                }
                body.push('\n');
                body.push_str(l);
            }
            args.push_str(&body);
        }
        out.push(Instruction {
            cmd: cmd.to_ascii_uppercase(),
            args,
            line: start as u32 + 1,
        });
    }
    out
}

fn heredoc_delims(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(p) = rest.find("<<") {
        rest = &rest[p + 2..];
        let r = rest.strip_prefix('-').unwrap_or(rest);
        let r = r.trim_start_matches(['"', '\'']);
        let d: String = r
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !d.is_empty() {
            out.push(d);
        }
    }
    out
}

/// Leading `--name=value` flags and the remaining words.
fn flags_and_words(args: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut flags = Vec::new();
    let mut words = Vec::new();
    let trimmed = args.trim();
    if trimmed.starts_with('[')
        && let Ok(v) = serde_json::from_str::<Vec<String>>(trimmed.lines().next().unwrap_or(""))
    {
        return (flags, v);
    }
    for w in trimmed.split_whitespace() {
        if words.is_empty()
            && let Some(f) = w.strip_prefix("--")
        {
            let (k, v) = f.split_once('=').unwrap_or((f, "true"));
            flags.push((k.to_string(), v.to_string()));
        } else {
            words.push(w.to_string());
        }
    }
    (flags, words)
}

/// `KEY=value KEY2="v w"` or the legacy `KEY value` form.
fn key_values(args: &str) -> Vec<(String, Option<String>)> {
    let args = args.trim();
    let first = args.split_whitespace().next().unwrap_or("");
    if !first.contains('=') {
        let mut it = args.splitn(2, char::is_whitespace);
        let k = it.next().unwrap_or("").to_string();
        let v = it.next().map(|v| unquote(v.trim()));
        return vec![(k, v)];
    }
    let mut out = Vec::new();
    let mut chars = args.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() {
            break;
        }
        if chars.peek() != Some(&'=') {
            out.push((key, None));
            continue;
        }
        chars.next();
        let mut val = String::new();
        let mut quote: Option<char> = None;
        while let Some(&c) = chars.peek() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => val.push(c),
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c.is_whitespace() => break,
                None => val.push(c),
            }
            chars.next();
        }
        out.push((key, Some(val)));
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
    {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// Substitutes `$NAME` and `${NAME}` from `args`; `None` when one is unknown.
fn substitute(s: &str, args: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('$') {
        out.push_str(&rest[..p]);
        rest = &rest[p + 1..];
        let (name, after) = if let Some(r) = rest.strip_prefix('{') {
            let end = r.find('}')?;
            let inner = &r[..end];
            let name = inner.split([':', '-']).next().unwrap_or(inner);
            (name.to_string(), &r[end + 1..])
        } else {
            let n: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let len = n.len();
            (n, &rest[len..])
        };
        out.push_str(args.get(&name)?);
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

pub fn resources(path: &str, text: &str, out: &mut Vec<Resource>) {
    let instrs = parse(text);
    let stage_count = instrs.iter().filter(|i| i.cmd == "FROM").count();
    let mut global_args: HashMap<String, String> = HashMap::new();
    let mut aliases: Vec<String> = Vec::new();
    let mut stage: Option<usize> = None;
    let mut stages: Vec<(u32, Node, Option<Node>)> = Vec::new(); // (line, from body, user)
    let mut names = Vec::new();
    for ins in &instrs {
        let line = ins.line;
        names.push(Node::str(ins.cmd.clone(), line));
        let (flags, words) = flags_and_words(&ins.args);
        let mut body: Vec<(String, Node)> = vec![
            ("args".into(), Node::str(ins.args.clone(), line)),
            (
                "flags".into(),
                Node::map(
                    flags
                        .iter()
                        .map(|(k, v)| (k.clone(), Node::str(v.clone(), line)))
                        .collect(),
                    line,
                ),
            ),
        ];
        let mut logical = format!("{} (line {line})", ins.cmd);
        match ins.cmd.as_str() {
            "FROM" => {
                let idx = stages.len();
                stage = Some(idx);
                let raw = words.first().cloned().unwrap_or_default();
                let alias = match (words.get(1), words.get(2)) {
                    (Some(a), Some(n)) if a.eq_ignore_ascii_case("as") => Some(n.clone()),
                    _ => None,
                };
                let image = substitute(&raw, &global_args);
                let is_alias = image
                    .as_ref()
                    .is_some_and(|i| aliases.iter().any(|a| a.eq_ignore_ascii_case(i)));
                body.push((
                    "image".into(),
                    match &image {
                        Some(i) => Node::str(i.clone(), line),
                        None => Node::new(Value::Unknown, line),
                    },
                ));
                body.push(("stage_alias".into(), Node::new(Value::Bool(is_alias), line)));
                body.push((
                    "scratch".into(),
                    Node::new(Value::Bool(image.as_deref() == Some("scratch")), line),
                ));
                if let Some(a) = &alias {
                    body.push(("alias".into(), Node::str(a.clone(), line)));
                    aliases.push(a.clone());
                }
                logical = format!("stage[{idx}]");
                stages.push((line, Node::map(body.clone(), line), None));
            }
            "ARG" | "ENV" | "LABEL" => {
                let kv = key_values(&ins.args);
                if ins.cmd == "ARG" && stage.is_none() {
                    for (k, v) in &kv {
                        if let Some(v) = v {
                            global_args.insert(k.clone(), v.clone());
                        }
                    }
                }
                let vars = kv
                    .into_iter()
                    .map(|(k, v)| {
                        let mut e = vec![("name".to_string(), Node::str(k, line))];
                        if let Some(v) = v {
                            e.push(("value".into(), Node::str(v, line)));
                        }
                        Node::map(e, line)
                    })
                    .collect();
                body.push(("vars".into(), Node::new(Value::List(vars), line)));
            }
            "EXPOSE" => {
                let ports = words.iter().map(|w| Node::str(w.clone(), line)).collect();
                body.push(("ports".into(), Node::new(Value::List(ports), line)));
            }
            "ADD" | "COPY" => {
                let n = words.len().saturating_sub(1);
                let srcs = words[..n]
                    .iter()
                    .map(|w| Node::str(w.clone(), line))
                    .collect();
                body.push(("sources".into(), Node::new(Value::List(srcs), line)));
            }
            "USER" => {
                if let Some(s) = stage {
                    stages[s].2 = Some(Node::str(ins.args.trim().to_string(), line));
                }
            }
            _ => {}
        }
        let final_stage = stage.is_some_and(|s| s + 1 == stage_count);
        body.push((
            "final_stage".into(),
            Node::new(Value::Bool(final_stage), line),
        ));
        body.push((
            "stage".into(),
            Node::new(Value::Num(stage.map(|s| s as f64).unwrap_or(-1.0)), line),
        ));
        out.push(Resource {
            kind: ins.cmd.clone(),
            address: String::new(),
            logical,
            path: path.to_string(),
            line,
            end_line: line,
            body: Node::map(body, line),
            names: vec![],
            conditional: None,
        });
    }
    let n = stages.len();
    for (idx, (line, from, user)) in stages.into_iter().enumerate() {
        let mut body = from;
        body.set("final", Node::new(Value::Bool(idx + 1 == n), line));
        if let Some(u) = user {
            body.set("user", u);
        }
        out.push(Resource {
            kind: "stage".into(),
            address: String::new(),
            logical: format!("stage[{idx}]"),
            path: path.to_string(),
            line,
            end_line: line,
            body,
            names: vec![],
            conditional: None,
        });
    }
    if !instrs.is_empty() {
        out.push(Resource {
            kind: "dockerfile".into(),
            address: String::new(),
            logical: "dockerfile".into(),
            path: path.to_string(),
            line: 1,
            end_line: 1,
            body: Node::map(
                vec![("instructions".into(), Node::new(Value::List(names), 1))],
                1,
            ),
            names: vec![],
            conditional: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_heredocs_and_stages() {
        let text = "# escape=\\\nARG BASE=alpine:3.19\nFROM ${BASE} AS build\nRUN apk add \\\n    curl\nRUN <<EOF\necho hi\nUSER nobody\nEOF\nFROM build\nENV A=1 PASSWORD=\"x y\"\nUSER app\n";
        let ins = parse(text);
        let cmds: Vec<&str> = ins.iter().map(|i| i.cmd.as_str()).collect();
        assert_eq!(cmds, ["ARG", "FROM", "RUN", "RUN", "FROM", "ENV", "USER"]);
        assert_eq!(ins[3].line, 6);
        assert_eq!(ins[5].line, 11);
        let mut out = Vec::new();
        resources("Dockerfile", text, &mut out);
        let from0 = out.iter().find(|r| r.kind == "FROM").unwrap();
        assert_eq!(
            from0.body.get("image").unwrap().as_str(),
            Some("alpine:3.19")
        );
        let last = out
            .iter()
            .filter(|r| r.kind == "stage")
            .find(|r| r.body.get("final").unwrap().value == Value::Bool(true))
            .unwrap();
        assert_eq!(
            last.body.get("stage_alias").unwrap().value,
            Value::Bool(true)
        );
        assert_eq!(last.body.get("user").unwrap().line, 12);
        let env = out.iter().find(|r| r.kind == "ENV").unwrap();
        let vars = env.body.get("vars").unwrap();
        let Value::List(v) = &vars.value else {
            panic!()
        };
        assert_eq!(v[1].get("value").unwrap().as_str(), Some("x y"));
    }
}
