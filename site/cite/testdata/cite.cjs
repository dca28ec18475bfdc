// Reads a JSON file of {items, ris, bibtex} and prints, with Citation.js
// (citeproc-js and its RIS and BibTeX parsers), each item's Chicago and APA
// bibliography entry as text and as HTML, and the items read back from the
// RIS and the BibTeX, as CSL-JSON.
// usage: node cite.cjs NODE_MODULES STYLES_DIR INPUT.json
const [modules, styles, input] = process.argv.slice(2);
const { createRequire } = require('module');
const req = createRequire(modules + '/');
const { Cite, plugins } = req('@citation-js/core');
req('@citation-js/plugin-csl');
req('@citation-js/plugin-ris');
req('@citation-js/plugin-bibtex');
const fs = require('fs');
const csl = plugins.config.get('@csl');
csl.styles.add('chicago', fs.readFileSync(styles + '/chicago-notes-bibliography.csl', 'utf8'));
csl.styles.add('apa7', fs.readFileSync(styles + '/apa.csl', 'utf8'));
const { items, ris, bibtex } = JSON.parse(fs.readFileSync(input, 'utf8'));
const entry = (it, style, format) => {
  const out = new Cite(it).format('bibliography', { format, template: style, lang: 'en-US' });
  if (format === 'text') return out.trim();
  const m = out.match(/<div[^>]*class="csl-entry"[^>]*>([\s\S]*?)<\/div>/);
  return m ? m[1] : out;
};
console.log(JSON.stringify({
  chicago: items.map(it => entry(it, 'chicago', 'text')),
  apa: items.map(it => entry(it, 'apa7', 'text')),
  apaHTML: items.map(it => entry(it, 'apa7', 'html')),
  ris: new Cite(ris).data,
  bibtex: new Cite(bibtex).data,
}));
