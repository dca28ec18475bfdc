// Reads an iCalendar file with Mozilla's ical.js and prints, as JSON, the
// calendar's properties and each VEVENT's, for parsers_test.go to compare
// with events.json.
//
//	node ics.mjs <node_modules> <events.ics>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [modules, file] = process.argv.slice(2);
const ICAL = createRequire(join(modules, "noop.js"))("ical.js");

// time gives a DATE or DATE-TIME value as its text and whether it is a
// DATE, as a calendar program sees it.
const time = (t) => (t ? { value: t.toString(), isDate: t.isDate, utc: t.zone === ICAL.Timezone.utcTimezone } : null);

// ical.js leaves the value of a property it does not know as written;
// RFC 5545 3.8.8.2 makes TEXT the type of an X- property, as calendar
// programs read X-WR-CALNAME.
ICAL.design.defaultSet.property["x-wr-calname"] = { defaultType: "text" };

const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const text = (c, name) => c.getFirstPropertyValue(name);
console.log(JSON.stringify({
  version: text(calendar, "version"),
  prodid: text(calendar, "prodid"),
  name: text(calendar, "x-wr-calname"),
  events: calendar.getAllSubcomponents("vevent").map((ev) => ({
    uid: text(ev, "uid"),
    summary: text(ev, "summary"),
    description: text(ev, "description"),
    location: text(ev, "location"),
    status: text(ev, "status"),
    url: text(ev, "url"),
    dtstart: time(text(ev, "dtstart")),
    dtend: time(text(ev, "dtend")),
    dtstamp: time(text(ev, "dtstamp")),
  })),
}));
