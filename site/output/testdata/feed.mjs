// Reads a feed with feedsmith's parseFeed, which finds its format itself,
// and prints, as JSON, the format and the feed as feedsmith gives it, for
// parsers_test.go to compare with events.json.
//
//	node feed.mjs <node_modules> <feed.xml>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [modules, file] = process.argv.slice(2);
const { parseFeed } = createRequire(join(modules, "noop.js"))("feedsmith");

console.log(JSON.stringify(parseFeed(readFileSync(file, "utf8"))));
