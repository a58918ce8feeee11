// Builds the GOV.UK Frontend stylesheet and copies its assets into static files.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const root = new URL("..", import.meta.url).pathname;
const dist = `${root}node_modules/govuk-frontend/dist/govuk`;
const out = `${root}schools_platform/static`;

mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/govuk`, { recursive: true });
mkdirSync(`${out}/vendor`, { recursive: true });
cpSync(`${dist}/assets`, `${out}/govuk/assets`, { recursive: true });
cpSync(`${dist}/govuk-frontend.min.js`, `${out}/govuk/govuk-frontend.min.js`);

const result = sass.compile(`${root}schools_platform/static_src/scss/app.scss`, {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(`${out}/css/app.css`, result.css);
console.log(`built ${out}/css/app.css (${result.css.length} bytes)`);
