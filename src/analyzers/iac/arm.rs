//! Azure Resource Manager templates (JSON whose `$schema` is a `deploymentTemplate.json`, as
//! written by hand or compiled from Bicep) into resources, so the `IAC-AZ-*` rules check them
//! with an `arm` matcher beside their Terraform one.
//!
//! One resource per entry of `resources` (a list, or the symbolic-name map of language version
//! 2.0), nested child resources included: kind the full `type`
//! (`Microsoft.Storage/storageAccounts/blobServices/containers` for a `containers` child of a
//! `blobServices` child), body the whole resource object (so rules read `properties.x`, `sku.name`,
//! `kind`), logical `TYPE/NAME`. A child gets `_parent`, a reference to its parent (nested) or the
//! parent's name (a top-level `parent/child` name), so relations can find it.
//!
//! Template expressions are resolved only where the value is certain: `[parameters('x')]` is the
//! parameter's `defaultValue`, `[variables('x')]` the variable's value (itself resolved the same
//! way); every other expression (`concat`, `resourceId`, `if`, a parameter without a default) is
//! unknown, and unknown never produces a finding. `[[` at the start is an escaped literal `[`.
//!
//! ARM is case-insensitive in resource types, property names, parameter and variable names, so
//! the adapter lowercases every key and the resource kind (`microsoft.storage/storageaccounts`),
//! and `arm` matchers compare in lowercase; the logical location keeps the spelling of the
//! template, so findings read as written.
//!
//! A nested deployment (`Microsoft.Resources/deployments` with an inline `properties.template`,
//! which is what a Bicep `module` compiles to) has its template's resources checked too. With
//! `expressionEvaluationOptions.scope = inner` (Bicep's) the nested template's expressions see its
//! own parameters, each one the value the deployment passes (resolved in the outer template,
//! unknown when it cannot be) or else its own default; otherwise they see the outer template's.
//!
//! Deliberately not done: parameter files, `copy` loops (one instance), conditions, linked
//! deployments (`templateLink`).

use super::model::{Node, Resource, Value};

const MAX_DEPTH: usize = 64;

/// Is this JSON text an ARM deployment template?
pub fn is_arm_template(text: &str) -> bool {
    // `deploymentTemplate.json`, `subscriptionDeploymentTemplate.json`, ... in `$schema`.
    text.contains("$schema") && text.contains("eploymentTemplate.json")
}

struct Env<'a> {
    params: Option<&'a Node>,
    vars: Option<&'a Node>,
}

pub fn resources(path: &str, doc: &Node, out: &mut Vec<Resource>) {
    let doc = &fold_keys(doc, 0);
    let env = Env {
        params: doc.get("parameters"),
        vars: doc.get("variables"),
    };
    if let Some(list) = doc.get("resources") {
        walk(path, list, &env, None, out, 0);
    }
}

/// The resource entries of a `resources` value (a list or a symbolic-name map).
fn entries(list: &Node) -> Vec<&Node> {
    match &list.value {
        Value::List(l) => l.iter().collect(),
        Value::Map(m) => m.iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

/// The node with every map key lowercased (values keep their case).
fn fold_keys(n: &Node, depth: usize) -> Node {
    if depth > MAX_DEPTH {
        return Node::new(Value::Unknown, n.line);
    }
    let value = match &n.value {
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), fold_keys(v, depth + 1)))
                .collect(),
        ),
        Value::List(l) => Value::List(l.iter().map(|v| fold_keys(v, depth + 1)).collect()),
        other => other.clone(),
    };
    Node::new(value, n.line)
}

/// (type as written, name, address) of the parent of nested resources.
type Parent = (String, String, String);

fn walk(
    path: &str,
    list: &Node,
    env: &Env,
    parent: Option<&Parent>,
    out: &mut Vec<Resource>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    for r in entries(list) {
        let Some(ty) = r.get("type").and_then(|t| t.as_str()) else {
            continue;
        };
        // A child's type is relative to its parent's unless it names its own provider.
        let written = match parent {
            Some((pty, _, _)) if !ty.contains('.') => format!("{pty}/{ty}"),
            _ => ty.to_string(),
        };
        let kind = written.to_ascii_lowercase();
        let mut body = resolve(r, env, 0);
        let name_node = body.get("name").cloned();
        let raw_name = r
            .get("name")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string();
        let name = match name_node.as_ref().and_then(|n| n.as_str()) {
            Some(n) => n.to_string(),
            None => raw_name.clone(),
        };
        let full_name = match parent {
            Some((_, pname, _)) => format!("{pname}/{name}"),
            None => name.clone(),
        };
        let address = format!("{written}/{full_name}");
        if let Some(body_map) = body_map_mut(&mut body) {
            body_map.retain(|(k, _)| k != "resources");
        }
        let parent_node = match parent {
            Some((_, _, paddr)) => Some(Node::new(Value::Ref(paddr.clone()), r.line)),
            // `server/default`: the parent is named by the part before the last `/`.
            None => match name_node.as_ref().and_then(|n| n.as_str()) {
                Some(n) if n.contains('/') => n
                    .rsplit_once('/')
                    .map(|(p, _)| Node::str(p.rsplit('/').next().unwrap_or(p), r.line)),
                Some(_) => None,
                None if raw_name.contains('/') || kind.matches('/').count() > 1 => {
                    Some(Node::new(Value::Unknown, r.line))
                }
                None => None,
            },
        };
        if let Some(p) = parent_node {
            body.set("_parent", p);
        }
        let names = name_node
            .as_ref()
            .and_then(|n| n.as_str())
            .map(|n| vec![n.rsplit('/').next().unwrap_or(n).to_string()])
            .unwrap_or_default();
        out.push(Resource {
            kind: kind.clone(),
            address: address.clone(),
            logical: address.clone(),
            path: path.to_string(),
            line: r.line,
            end_line: r.last_line(),
            body,
            names,
            conditional: None,
        });
        if let Some(children) = r.get("resources") {
            walk(
                path,
                children,
                env,
                Some(&(written, full_name, address)),
                out,
                depth + 1,
            );
        }
        if kind == "microsoft.resources/deployments" {
            nested(path, r, env, out, depth + 1);
        }
    }
}

/// The resources of a nested deployment's inline template (see the module doc for its scope).
fn nested(path: &str, r: &Node, env: &Env, out: &mut Vec<Resource>, depth: usize) {
    let Some(props) = r.get("properties") else {
        return;
    };
    let Some(template) = props.get("template") else {
        return;
    };
    let Some(list) = template.get("resources") else {
        return;
    };
    let inner = props
        .get("expressionevaluationoptions")
        .and_then(|o| o.get("scope"))
        .and_then(|s| s.as_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
    if !inner {
        return walk(path, list, env, None, out, depth);
    }
    let passed = props.get("parameters");
    let params = template.get("parameters").map(|ps| match &ps.value {
        Value::Map(m) => Node::new(
            Value::Map(
                m.iter()
                    .map(|(name, p)| {
                        let mut p = p.clone();
                        if let Some(given) = passed.and_then(|g| g.get(name)) {
                            let v = match given.get("value") {
                                Some(v) => resolve(v, env, 0),
                                None => Node::new(Value::Unknown, given.line),
                            };
                            p.set("defaultvalue", v);
                        }
                        (name.clone(), p)
                    })
                    .collect(),
            ),
            ps.line,
        ),
        _ => ps.clone(),
    });
    let inner_env = Env {
        params: params.as_ref(),
        vars: template.get("variables"),
    };
    walk(path, list, &inner_env, None, out, depth);
}

fn body_map_mut(n: &mut Node) -> Option<&mut Vec<(String, Node)>> {
    match &mut n.value {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

/// The node with every template expression resolved or made unknown.
fn resolve(n: &Node, env: &Env, depth: usize) -> Node {
    if depth > MAX_DEPTH {
        return Node::new(Value::Unknown, n.line);
    }
    let value = match &n.value {
        Value::Str(s) => return expression(s, n.line, env, depth),
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve(v, env, depth + 1)))
                .collect(),
        ),
        Value::List(l) => Value::List(l.iter().map(|v| resolve(v, env, depth + 1)).collect()),
        other => other.clone(),
    };
    Node::new(value, n.line)
}

/// A string value: a literal, an escaped literal, or an expression.
fn expression(s: &str, line: u32, env: &Env, depth: usize) -> Node {
    if let Some(rest) = s.strip_prefix("[[") {
        return Node::str(format!("[{rest}"), line);
    }
    let Some(inner) = s.trim().strip_prefix('[').and_then(|x| x.strip_suffix(']')) else {
        return Node::str(s, line);
    };
    let inner = inner.trim();
    let call = |f: &str| -> Option<&str> {
        // Function names are case-insensitive too (`[Parameters('x')]`).
        let head = inner.get(..f.len()).filter(|h| h.eq_ignore_ascii_case(f))?;
        let args = inner[head.len()..].trim_start().strip_prefix('(')?;
        let arg = args.strip_suffix(')')?.trim();
        let arg = arg.strip_prefix('\'')?.strip_suffix('\'')?;
        (!arg.contains('\'')).then_some(arg)
    };
    let found = if let Some(p) = call("parameters") {
        env.params
            .and_then(|ps| ps.get(&p.to_ascii_lowercase()))
            .and_then(|p| p.get("defaultvalue"))
    } else if let Some(v) = call("variables") {
        env.vars.and_then(|vs| vs.get(&v.to_ascii_lowercase()))
    } else {
        None
    };
    match found {
        // A default or variable may itself be an expression; it keeps the line of its use.
        Some(v) => {
            let mut r = resolve(v, env, depth + 1);
            relabel(&mut r, line);
            r
        }
        None => Node::new(Value::Unknown, line),
    }
}

fn relabel(n: &mut Node, line: u32) {
    n.line = line;
    match &mut n.value {
        Value::List(l) => l.iter_mut().for_each(|x| relabel(x, line)),
        Value::Map(m) => m.iter_mut().for_each(|(_, x)| relabel(x, line)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Resource> {
        let mut out = Vec::new();
        super::super::yaml::parse_stream(text, |doc| resources("t.json", &doc, &mut out)).unwrap();
        out
    }

    #[test]
    fn parameters_and_variables_resolve_other_expressions_are_unknown() {
        let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "tls": { "type": "string", "defaultValue": "TLS1_0" },
    "name": { "type": "string" }
  },
  "variables": { "https": "[parameters('httpsOnly')]", "public": true },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "name": "phidata",
      "properties": {
        "minimumTlsVersion": "[parameters('tls')]",
        "allowBlobPublicAccess": "[variables('public')]",
        "supportsHttpsTrafficOnly": "[variables('https')]",
        "accessTier": "[concat('Ho', 't')]",
        "note": "[[not an expression]"
      },
      "resources": [
        { "type": "blobServices/containers", "name": "default/phi", "properties": { "publicAccess": "Container" } }
      ]
    }
  ]
}"#;
        assert!(is_arm_template(text));
        let rs = parse(text);
        assert_eq!(rs.len(), 2);
        // Keys and kinds are lowercased (ARM is case-insensitive); values keep their case.
        let p = rs[0].body.get("properties").unwrap();
        assert_eq!(p.get("minimumtlsversion").unwrap().as_str(), Some("TLS1_0"));
        assert_eq!(p.get("minimumtlsversion").unwrap().line, 13);
        assert_eq!(
            p.get("allowblobpublicaccess").unwrap().value,
            Value::Bool(true)
        );
        assert_eq!(
            p.get("supportshttpstrafficonly").unwrap().value,
            Value::Unknown
        );
        assert_eq!(p.get("accesstier").unwrap().value, Value::Unknown);
        assert_eq!(p.get("note").unwrap().as_str(), Some("[not an expression]"));
        assert_eq!(
            rs[1].kind,
            "microsoft.storage/storageaccounts/blobservices/containers"
        );
        assert_eq!(
            rs[1].logical,
            "Microsoft.Storage/storageAccounts/blobServices/containers/phidata/default/phi"
        );
        assert_eq!(
            rs[1].body.get("_parent").unwrap().value,
            Value::Ref("Microsoft.Storage/storageAccounts/phidata".into())
        );
    }

    #[test]
    fn types_properties_parameters_and_functions_are_case_insensitive() {
        let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "Parameters": { "TLS": { "type": "string", "DefaultValue": "TLS1_0" } },
  "Resources": [
    {
      "Type": "microsoft.storage/STORAGEACCOUNTS",
      "Name": "phidata",
      "Properties": { "MinimumTLSVersion": "[PARAMETERS('tls')]" }
    }
  ]
}"#;
        let rs = parse(text);
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].kind, "microsoft.storage/storageaccounts");
        assert_eq!(rs[0].logical, "microsoft.storage/STORAGEACCOUNTS/phidata");
        let p = rs[0].body.get("properties").unwrap();
        assert_eq!(p.get("minimumtlsversion").unwrap().as_str(), Some("TLS1_0"));
    }

    #[test]
    fn nested_deployments_are_checked_with_the_parameters_they_are_given() {
        let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": { "tls": { "type": "string", "defaultValue": "TLS1_0" }, "region": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "name": "storage",
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "minTls": { "value": "[parameters('tls')]" }, "where": { "value": "[parameters('region')]" } },
        "template": {
          "parameters": {
            "minTls": { "type": "string", "defaultValue": "TLS1_2" },
            "where": { "type": "string", "defaultValue": "westeurope" },
            "public": { "type": "bool", "defaultValue": true }
          },
          "variables": { "name": "phidata" },
          "resources": [
            {
              "type": "Microsoft.Storage/storageAccounts",
              "name": "[variables('name')]",
              "location": "[parameters('where')]",
              "properties": { "minimumTlsVersion": "[parameters('minTls')]", "allowBlobPublicAccess": "[parameters('public')]" }
            }
          ]
        }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "outer",
      "properties": {
        "template": { "resources": [ { "type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": { "x": "[parameters('tls')]" } } ] }
      }
    }
  ]
}"#;
        let r = parse(text);
        let kinds: Vec<&str> = r.iter().map(|x| x.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "microsoft.resources/deployments",
                "microsoft.storage/storageaccounts",
                "microsoft.resources/deployments",
                "microsoft.keyvault/vaults"
            ]
        );
        let sa = &r[1];
        assert_eq!(sa.logical, "Microsoft.Storage/storageAccounts/phidata");
        let prop = |res: &Resource, k: &str| {
            res.body
                .get("properties")
                .unwrap()
                .get(k)
                .unwrap()
                .value
                .clone()
        };
        // The value passed in wins over the nested default; a passed value that cannot be
        // resolved is unknown, not the default; a parameter not passed keeps its default.
        assert_eq!(prop(sa, "minimumtlsversion"), Value::Str("TLS1_0".into()));
        assert_eq!(sa.body.get("location").unwrap().value, Value::Unknown);
        assert_eq!(prop(sa, "allowblobpublicaccess"), Value::Bool(true));
        // Without the inner scope, the nested template sees the outer parameters.
        assert_eq!(prop(&r[3], "x"), Value::Str("TLS1_0".into()));
    }
}
