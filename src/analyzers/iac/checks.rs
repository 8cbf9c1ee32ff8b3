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
pub const CHECKS: &[(&str, CheckFn)] = &[
    ("rds_tls_not_enforced", rds_tls_not_enforced),
    ("cfn_rds_tls_not_enforced", cfn_rds_tls_not_enforced),
];

pub fn find(name: &str) -> Option<CheckFn> {
    CHECKS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

pub fn names() -> Vec<&'static str> {
    CHECKS.iter().map(|(n, _)| *n).collect()
}

/// Where an RDS instance and its parameter group keep what [`rds_tls`] reads, per platform.
struct RdsShape {
    engine: &'static str,
    version: &'static str,
    group: &'static str,
    group_kind: &'static str,
    /// The value nodes a parameter group gives `param`.
    params: fn(&Node, &str) -> Vec<Node>,
}

fn rds_tls_not_enforced(node: &Node, ctx: &Ctx, _args: &toml::Table) -> Outcome {
    fn params(group: &Node, param: &str) -> Vec<Node> {
        let found = lookup(group, &parse_path("parameter"));
        found
            .nodes
            .iter()
            .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some(param))
            .filter_map(|p| p.get("value").cloned())
            .collect()
    }
    let shape = RdsShape {
        engine: "engine",
        version: "engine_version",
        group: "parameter_group_name",
        group_kind: "aws_db_parameter_group",
        params,
    };
    rds_tls(node, ctx, &shape)
}

/// The CloudFormation form: `AWS::RDS::DBInstance` and `AWS::RDS::DBParameterGroup` `Parameters`.
fn cfn_rds_tls_not_enforced(node: &Node, ctx: &Ctx, _args: &toml::Table) -> Outcome {
    fn params(group: &Node, param: &str) -> Vec<Node> {
        group
            .get("Parameters")
            .and_then(|p| p.get(param))
            .cloned()
            .into_iter()
            .collect()
    }
    let shape = RdsShape {
        engine: "Engine",
        version: "EngineVersion",
        group: "DBParameterGroupName",
        group_kind: "AWS::RDS::DBParameterGroup",
        params,
    };
    rds_tls(node, ctx, &shape)
}

/// An RDS instance whose engine takes TLS enforcement from a parameter group (PostgreSQL and SQL
/// Server: `rds.force_ssl`; MySQL and MariaDB: `require_secure_transport`) without a parameter
/// group that turns it on. PostgreSQL 15 and later enforce TLS by default, so for them only an
/// explicit `rds.force_ssl = 0` fails. Unknown engine, version or group: unknown.
fn rds_tls(node: &Node, ctx: &Ctx, shape: &RdsShape) -> Outcome {
    let Some(engine_node) = node.get(shape.engine) else {
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
            .get(shape.version)
            .and_then(|v| v.scalar_text())
            .and_then(|v| v.split('.').next().and_then(|m| m.parse::<u32>().ok()))
            .is_some_and(|major| major >= 15);
    let Some(pg) = node.get(shape.group) else {
        return if default_on {
            Outcome::f(None)
        } else {
            Outcome::t(None)
        };
    };
    let mut group_value: Option<(String, u32)> = None;
    let mut found = false;
    let mut unknown = pg.is_unresolved() && !matches!(pg.value, Value::Ref(_));
    for r in ctx.group.iter().filter(|r| r.kind == shape.group_kind) {
        match refers_to(pg, r) {
            Tri::True => found = true,
            Tri::Unknown => {
                unknown = true;
                continue;
            }
            Tri::False => continue,
        }
        for v in (shape.params)(&r.body, param) {
            if v.is_unresolved() {
                unknown = true;
            } else {
                group_value = v
                    .scalar_text()
                    .map(|s| (s.to_ascii_lowercase(), v.line))
                    .or(group_value);
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
