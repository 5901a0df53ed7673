// Compiles GOV.UK Frontend (with the council's own font stack, not GDS Transport)
// and copies the browser assets the templates load into static/build/.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "static", "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);

// Each script goes with the source map its last line names: the production static storage
// (ManifestStaticFilesStorage) refuses to build when a referenced file is missing.
const scripts = [
  [govuk, "govuk-frontend.min.js"],
  [join(root, "node_modules", "chart.js", "dist"), "chart.umd.min.js"],
];
for (const [dir, name] of scripts) {
  cpSync(join(dir, name), join(out, name));
  cpSync(join(dir, `${name}.map`), join(out, `${name}.map`));
}
cpSync(join(govuk, "assets", "images"), join(out, "images"), { recursive: true });
console.log(`GOV.UK Frontend compiled into ${out}`);
