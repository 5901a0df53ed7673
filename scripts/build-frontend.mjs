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

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "images"), { recursive: true });
// With its source map, which the minified file names: collectstatic's manifest storage
// refuses a file that points at one missing.
for (const name of ["chart.umd.min.js", "chart.umd.min.js.map"]) {
  cpSync(join(root, "node_modules", "chart.js", "dist", name), join(out, name));
}
console.log(`GOV.UK Frontend compiled into ${out}`);
