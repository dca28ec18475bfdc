// Package site is the timeline generator: it reads a content tree of
// Markdown files with frontmatter, one per diplomatic contact, and renders
// it through html/template into a complete static site, in memory or into
// a folder. It works on every core, but no goroutine outlives a call, and
// it has no network or file watching of its own: fs.FS in, an immutable
// *Site out.
//
// A build runs in five stages:
//
//	load     load.go, frontmatter.go, fields.go: walk the content; parse every file; collect all errors
//	resolve  resolve.go: people and topic references -> Terms, by slug, name or alias
//	index    index.go: sort by date; newer/older; years; each term's events; related contacts
//	render   render.go, templates.go, markdown.go, charts.go: pages through html/template;
//	         data.go, feeds.go: the data exports, Atom feeds and sitemap
//	write    write.go: into memory (Build), or into a stage beside the output folder that is
//	         swapped in once complete (BuildTo)
//
// For the live preview, cache.go and digest.go carry work from one build to
// the next: unchanged files are not parsed again, and pages whose digest
// of everything they show is unchanged are not rendered again.
//
// # Content
//
// content/_index.md holds the site's settings and, as its body, the home
// page introduction:
//
//	title        the site's name (required)
//	description  one sentence, for the home page and as the default meta description
//	base_url     the absolute URL it is published at (optional; gives canonical links)
//	language     the BCP 47 language of the text (default "en")
//	sides        the two parties, each a country or a list of countries:
//	             [[China], [Russia, Soviet Union]]; timeline check warns of
//	             events with nobody from one of them
//
// content/events/NAME.md is one contact; its URL is events/SLUG/, where SLUG
// is NAME in lower-case ASCII (the convention is YYYY-MM-DD-short-slug.md).
// Subfolders of events/ may be used to group files.
//
//	title      the headline (required)
//	date       YYYY, YYYY-MM or YYYY-MM-DD (required): shown at that precision, never padded
//	end        the last day of a contact of several days; not before date
//	type       state-visit, official-visit, working-visit, meeting, summit-sideline,
//	           phone-call, video-call, ministerial, signing, statement or other (required)
//	place      "City, Country"; left out for calls
//	occasion   the larger event it was part of, e.g. "SCO summit, Astana"
//	people     people taking part, by slug, name or alias (required, at least one)
//	topics     topics, by slug, name or alias
//	summary    one or two plain sentences for listings and meta descriptions (required)
//	documents  what was signed or adopted: a list of {title, kind}
//	sources    published accounts: a list of {title, publisher, url, date, lang};
//	           at least one with an absolute http(s) url (required)
//	status     held (default), announced or cancelled
//	draft      true leaves the event out unless drafts are built
//
// The body is Markdown (GitHub tables, strikethrough and autolinks,
// footnotes, typographic punctuation, heading ids). Raw HTML is dropped.
//
// content/people/SLUG.md is a person, at people/SLUG/; the body is a short
// biography.
//
//	name     the name as the site writes it (required)
//	native   the name in its own script, e.g. 习近平
//	lang     the BCP 47 tag of native, e.g. zh-Hans, ru (required with native)
//	country  the country they served
//	aliases  other spellings by which events may refer to them
//	roles    offices as a list of {title, from, to}, dates as for events, to left
//	         out while the office is held; in order of precedence: an event page
//	         shows each person with the first role whose span holds the event's date
//
// content/topics/SLUG.md is a topic, at topics/SLUG/; the body describes it.
//
//	name     the topic's name (required)
//	aliases  other names events may use
//	summary  one plain sentence
//
// Frontmatter is YAML between --- lines; TOML between +++ lines and JSON
// (between ;;; lines, or a bare object) work too. Keys not listed above are
// errors, with a suggestion when one is near.
//
// References to people and topics are matched by slug, name, native name or
// alias, ignoring case, spaces and hyphens. A reference one typo away from
// a known name is an error that names it; any other unknown reference gets
// a page of its own and a warning. Two files that map to one URL, or two
// entries that claim one name, are errors naming both files.
//
// Every error names the file, line and column (frontmatter lines count from
// the top of the file) and says what to do. All errors of a build are
// returned together, sorted, as Errors.
//
// # Output
//
//	index.html              the whole timeline, newest first, by year
//	events/SLUG/index.html  one page per event
//	people/, topics/        indexes, and a page per person and topic
//	years/YYYY/index.html   one page per year
//	404.html, assets/...    the not-found page; the templates' assets/ as they are
//	data/events.json, events.csv, events.ics, timelinejs.json, search.json
//	                        the data exports (see data.go)
//	feed.xml, people/SLUG/feed.xml, topics/SLUG/feed.xml, sitemap.xml
//	                        Atom feeds and the sitemap, when the site has a base URL
//	robots.txt
//
// Every internal link is relative to its page, so the site works at a
// domain root or in a subfolder. The same input gives the same bytes.
//
// # Templates
//
// A template folder has base.html, which defines "base", the frame of every
// page; partials.html with shared pieces; and one file per kind of page
// defining "main": home, event, person, topic, people, topics, year and 404.
// Each is executed with a *Page: .Site, .Kind, .Root (the relative path to
// the site root, to prefix every internal link), .URL, .Title,
// .Description, and .Event, .Term, .Terms or .Year as the kind needs; the
// entries of a list made with entries get an Entry, .Root and .Event.
// Templates may call link, typeName, span, date, roleSpan, newestFirst, dict,
// plural, types, countChart, jsonLD and entries (see funcs in templates.go),
// and the methods .Site.YearChart, .Site.Activity and .FeedURL.
package site
