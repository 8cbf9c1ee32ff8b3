//! The few checks the declarative matcher cannot express, registered in one table ([`CHECKS`])
//! and named from a rule's TOML (`{ check = "rds_tls_not_enforced" }`).
//!
//! A check gets the node under test, the resource and its group, and the condition's other keys as
//! arguments; it answers with the same three-valued [`Outcome`] as any condition, so it composes
//! with `all`/`any`/`not`. Keep this list short: anything expressible as data belongs in the rule.

use super::matcher::{Ctx, Outcome, Tri, refers_to};
use super::model::{Node, Value, lookup, parse_path};

pub type CheckFn = fn(&Node, &Ctx, &toml::Table) -> Outcome;

/// Every check, by the name rules use.
pub const CHECKS: &[(&str, CheckFn)] = &[("rds_tls_not_enforced", rds_tls_not_enforced)];

pub fn find(name: &str) -> Option<CheckFn> {
    CHECKS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

pub fn names() -> Vec<&'static str> {
    CHECKS.iter().map(|(n, _)| *n).collect()
}

/// An RDS instance whose engine takes TLS enforcement from a parameter group (PostgreSQL and SQL
/// Server: `rds.force_ssl`; MySQL and MariaDB: `require_secure_transport`) without a parameter
/// group that turns it on. PostgreSQL 15 and later enforce TLS by default, so for them only an
/// explicit `rds.force_ssl = 0` fails. Unknown engine, version or group: unknown.
fn rds_tls_not_enforced(node: &Node, ctx: &Ctx, _args: &toml::Table) -> Outcome {
    let Some(engine_node) = node.get("engine") else {
        return Outcome::f(None);
    };
    let Some(engine) = engine_node.as_str().map(str::to_ascii_lowercase) else {
        return Outcome::UNKNOWN;
    };
    let (param, on): (&str, &[&str]) =
        if engine.starts_with("postgres") || engine.starts_with("sqlserver") {
            ("rds.force_ssl", &["1"])
        } else if engine.starts_with("mysql") || engine.starts_with("mariadb") {
            ("require_secure_transport", &["1", "on", "true"])
        } else {
            return Outcome::f(None);
        };
    let default_on = engine.starts_with("postgres")
        && node
            .get("engine_version")
            .and_then(|v| v.scalar_text())
            .and_then(|v| v.split('.').next().and_then(|m| m.parse::<u32>().ok()))
            .is_some_and(|major| major >= 15);
    let Some(pg) = node.get("parameter_group_name") else {
        return if default_on {
            Outcome::f(None)
        } else {
            Outcome::t(None)
        };
    };
    let mut group_value: Option<(String, u32)> = None;
    let mut found = false;
    let mut unknown = pg.is_unresolved() && !matches!(pg.value, Value::Ref(_));
    for r in ctx
        .group
        .iter()
        .filter(|r| r.kind == "aws_db_parameter_group")
    {
        match refers_to(pg, r) {
            Tri::True => found = true,
            Tri::Unknown => {
                unknown = true;
                continue;
            }
            Tri::False => continue,
        }
        let params = lookup(&r.body, &parse_path("parameter"));
        for p in params.nodes.iter() {
            if p.get("name").and_then(|n| n.as_str()) == Some(param) {
                match p.get("value") {
                    Some(v) if v.is_unresolved() => unknown = true,
                    Some(v) => {
                        group_value = v
                            .scalar_text()
                            .map(|s| (s.to_ascii_lowercase(), v.line))
                            .or(group_value)
                    }
                    None => {}
                }
            }
        }
    }
    match group_value {
        Some((v, line)) if on.contains(&v.as_str()) => Outcome::f(Some(line)),
        Some((_, line)) => Outcome::t(Some(line)),
        None if unknown => Outcome::UNKNOWN,
        None if default_on => Outcome::f(None),
        None if !found && matches!(pg.value, Value::Ref(_)) => Outcome::UNKNOWN,
        None => Outcome::t(Some(pg.line)),
    }
}
