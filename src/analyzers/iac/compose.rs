//! docker-compose files into resources: one `service` per entry of `services`
//! (logical `service/NAME`), its map as the body. Profiles, `extends` and variable interpolation
//! from `.env` are not resolved; a `${VAR}` value is compared as written.

use super::model::{Node, Resource, Value};

pub fn resources(path: &str, doc: &Node, out: &mut Vec<Resource>) {
    let Some(Value::Map(services)) = doc.get("services").map(|s| &s.value) else {
        return;
    };
    for (name, s) in services {
        out.push(Resource {
            kind: "service".into(),
            address: name.clone(),
            logical: format!("service/{name}"),
            path: path.to_string(),
            line: s.line,
            end_line: s.last_line(),
            body: s.clone(),
            names: vec![name.clone()],
            conditional: None,
        });
    }
}
