// Package site is the timeline generator: it reads a content tree of
// Markdown files with frontmatter, one per diplomatic contact, and renders
// it through html/template into a complete static site, in memory or into
// a folder. It works on every core, but no goroutine outlives a call, and
// it has no network or file watching of its own: fs.FS in, an immutable
// *Site out.
//
// A build runs in five stages:
//
//	load     load.go, frontmatter.go, fields.go, taxonomy.go: read _index.md, then every
//	         other file against what it declares; collect all problems
//	resolve  resolve.go: each event's references -> the Terms of each Taxonomy
//	index    index.go: sort by date; newer/older; years; each term's events; related contacts
//	render   render.go, templates.go, markdown.go, charts.go, overview.go, maps.go (over package geo),
//	         where.go, date.go: pages through html/template, words from the
//	         catalog (package words); then the files
//	         of the Outputs the Options name (package output: data exports, Atom
//	         feeds, sitemap, robots.txt), each made from the exported model only
//	write    write.go: into memory (Build), or into a stage beside the output folder that is
//	         swapped in once complete (BuildTo); patch.go: with what the last build left
//	         there (Options.Before), only the changed files, written over the old
//
// Work carried from one build to the next sits at one seam: a Store
// (cache.go) keeps parse results by a hash of what they were parsed from
// (package diskcache keeps one on disk for timeline build, which also
// keeps each event as read, parsed.go, and what outputs Remember of each
// event, by Site.EventKey), and a Cache, for the live preview, adds a
// MemoryStore, the bound templates and the catalogs while their files are
// unchanged, the stamps of the content files and the list of them (a
// rebuild looks only at those its watcher saw change, Cache.Watched, and
// walks the tree again only when a folder did), the list entries and the
// pages whose keys are unchanged (digest.go, reuse.go). A build with a Store
// gives every file it writes a key, so that the next one into the same
// folder makes and writes only those whose key changed: a page's, a
// file's that is Keyed (the search index's text), or one made of Parts
// (parts.go: the exports, a part per event) keyed by its parts' keys;
// else a hash of its bytes. Whether a
// page or entry may be reused is decided from the templates themselves
// (reach.go): only where they show nothing the key does not cover. A site
// built in memory makes its outputs' files when they are first asked for
// (Site.File), runs a LazyOutput (the search index) only when one of its
// files is, and gives a file that an output writes in pieces (Site.InPieces:
// the large exports) to a writer as it is made (Site.Writer); BuildTo
// writes them all, the LazyOutputs beside the rest, and those in pieces
// onto disk as they are made. The data page
// (data.go), which gives the sizes of those files, is made after them, in
// memory also when first asked for. A Lazy build, the preview's, goes
// further (lazy.go): it makes pages only when asked for, keeping their
// keys so that Changed can tell builds apart.
//
// Problems are Diagnostics: each a Pos (file, line, column), a Severity
// (Error stops the build, Warning does not) and a message that says what
// to do.
//
// # Content
//
// content/_index.md holds the site's settings and, as its body, the home
// page introduction:
//
//	title        the site's name (required)
//	description  one sentence, for the home page and as the default meta description
//	base_url     the absolute URL it is published at (optional; gives canonical links)
//	language     the BCP 47 language of the text (default "en"); the pages' words come
//	             from the templates' messages/LANGUAGE.yaml
//	languages    the editions, the default first: a list of tags, or of {key, lang}
//	             ([en, ru, {key: zh, lang: zh-Hans}]); see Editions below
//	sides        the two parties, each a country or a list of countries:
//	             [[China], [Russia, Soviet Union]]; timeline check warns of
//	             events with nobody from one of them
//	taxonomies   the kinds of term events refer to (default: people and topics):
//	             a list of {key, singular, name, one, any, fields, required, from}
//	types        the kinds of contact (default: the eleven below): a list of
//	             {id, label, class, online}
//	print        true makes the print edition (see Output)
//	home_events  how many contacts the home page lists in full at most (default 150):
//	             whole years, the newest first, while their contacts stay within it,
//	             and always the newest year; every year has its page (see Output)
//	license      the terms the content is published under, a name or SPDX
//	             identifier (license: CC BY 4.0), shown on the data page
//	license_url  the absolute address of the licence's text (needs license)
//
// A taxonomy's key names its folder of term files (people/), its pages'
// URLs (people/SLUG/) and the event key that refers to its terms
// (people: [...]); singular names one term in messages and the filter's
// query parameter (?person=); name, one and any are the reader's words
// ("People", "Person", "Anyone"), from the catalog (taxonomy.KEY.name,
// .one, .any) where left out; fields are the keys its term files may carry
// besides name and aliases, any of summary, native, lang, country, roles,
// lat and lon (the last two together); required means every event names
// at least one of its terms. from names the event key that names an
// event's one term of it instead of a list under its own key: place (or
// occasion). The event's text is still what its pages show, as it is
// written and translated; it is resolved as references are, and the term
// gives it a page (the default content's places, fed by place: "Beijing,
// China", an alias of places/beijing.md). The singular may then be the
// key it is fed by. The defaults:
//
//	taxonomies:
//	  - {key: people, singular: person, fields: [native, lang, country, roles], required: true}
//	  - {key: topics, singular: topic, fields: [summary]}
//
// and the default content adds a third:
//
//	{key: places, singular: place, from: place, fields: [native, lang, country, lat, lon]}
//
// Terms of a taxonomy with roles take part in events: an event page lists
// them first, with the office each held that day, JSON-LD names them as
// attendees, and timeline check finds likely duplicates by them. The
// country of terms of a taxonomy with country that events list (not one
// fed by place) is what check holds to the sides. Terms with lat and lon
// are places on the map (see Maps); those of a taxonomy fed by a key and
// with country are counted by country and side on its index page.
//
// A type's id is what events write (type: state-visit); label is the
// reader's name (from the catalog, type.ID, where left out); class is the
// CSS class of its events and chart bars ("type-ID" by default), which
// style.css colours; online marks contacts by phone or video, which have
// no place. The default ids: state-visit, official-visit, working-visit,
// meeting, summit-sideline, phone-call (online), video-call (online),
// ministerial, signing, statement and other.
//
// content/events/NAME.md is one contact; its URL is events/SLUG/, where SLUG
// is NAME in lower-case ASCII (the convention is YYYY-MM-DD-short-slug.md).
// Subfolders of events/ may be used to group files.
//
//	title      the headline (required)
//	date       YYYY, YYYY-MM or YYYY-MM-DD (required): shown at that precision, never padded
//	end        the last day of a contact of several days; not before date
//	type       one of the site's types (required)
//	place      "City, Country"; left out for calls; a reference, when a taxonomy is fed by it
//	occasion   the larger event it was part of, e.g. "SCO summit, Astana"
//	KEY        for each taxonomy, its terms by slug, name or alias: people: [Xi Jinping]
//	           (required, at least one, for a required taxonomy)
//	summary    one or two plain sentences for listings and meta descriptions (required)
//	documents  what was signed or adopted: a list of {title, kind}
//	sources    published accounts: a list of {title, publisher, url, date, lang,
//	           archive, accessed} (archive: an archived copy's url);
//	           at least one with an absolute http(s) url (required)
//	status     held (default), announced or cancelled
//	draft      true leaves the event out unless drafts are built
//
// The body is Markdown (GitHub tables, strikethrough and autolinks,
// footnotes, typographic punctuation, heading ids). Raw HTML is dropped.
// A link or image whose address, relative to the file, finds a file of the
// content tree (other than Markdown) leads to where that file is published,
// the same place in the site; an image must find one, and is given its
// width and height. Files in content/static/ are published at the root.
// A body is parsed a piece of about 1 MB at a time, cut at blank lines;
// a block that cannot be cut below 4 MB is an error.
//
// content/KEY/SLUG.md is a term of the taxonomy KEY, at KEY/SLUG/; the
// body describes it.
//
//	name     the name as the site writes it (required)
//	aliases  other spellings by which events may refer to it
//	summary  one plain sentence
//	native   the name in its own script, e.g. 习近平
//	lang     the BCP 47 tag of native, e.g. zh-Hans, ru (required with native)
//	country  the country it belongs to, or a person served, as the site's sides name it
//	roles    offices as a list of {title, from, to}, dates as for events, to left
//	         out while the office is held; in order of precedence: an event page
//	         shows each person with the first role whose span holds the event's date
//	lat, lon where it is, in degrees north and east (south and west negative), both
//	         or neither: lat: 39.9075, lon: 116.39723
//
// Each of summary, native, lang, country, roles, lat and lon only where
// the taxonomy's fields allow it.
//
// Frontmatter is YAML between --- lines; TOML between +++ lines and JSON
// (between ;;; lines, or a bare object) work too. Keys not listed above are
// errors, with a suggestion when one is near.
//
// References to terms are matched by slug, name, native name or alias,
// ignoring case, spaces and hyphens. A reference one typo away from
// a known name is an error that names it; any other unknown reference gets
// a page of its own and a warning. Two files that map to one URL, or two
// entries that claim one name, are errors naming both files.
//
// Every error names the file, line and column (frontmatter lines count from
// the top of the file) and says what to do. All errors of a build are
// returned together, sorted, as Diagnostics.
//
// # Output
//
//	index.html              the newest years in full (see home_events), newest first,
//	                        then every year by decade, each a link to its page; the
//	                        zoomable overview (see Templates)
//	events/SLUG/index.html  one page per event
//	KEY/, KEY/SLUG/         for each taxonomy, an index and a page per term; the index of
//	                        one fed by place, with a country, counts the contacts held in
//	                        each side's countries, in third countries, by phone or video
//	                        (types marked online) and where the place is not known, and
//	                        lists its terms by country
//	years/YYYY/index.html   one page per year
//	search/index.html       the search page, whose script reads search/*.json
//	data/index.html         the data page, with a Listing (output.Listing): each
//	                        export, bibliography file and feed (a taxonomy's term
//	                        feeds as one set) with its format, contents, number of
//	                        records and size in bytes as written; the date the data
//	                        is current to (the newest event's, which the feeds give
//	                        as their update: never the clock's); the licence; and
//	                        the data set's Chicago and APA entries. Every page's
//	                        footer links to it
//	404.html, assets/...    the not-found page; the templates' assets/ as they are
//	print/, print/KEY/SLUG/, print/years/YYYY/
//	                        the print edition: a title page, compact entries and
//	                        numbered endnotes, for paper (with print: true)
//	events/x.jpg, CNAME...  the content's files that bodies link to, at the same
//	                        place; those of static/ at the root
//
// and, with the outputs of package output:
//
//	data/events.json, events.csv, events.ics, timelinejs.json
//	                        the data exports, a key or column per taxonomy
//	search/meta.json, w/, t/, facets.json
//	                        the search index, split so that a query reads only
//	                        the files it needs (package search)
//	zoom/meta.json, zoom/N.json
//	                        what the zoomable timeline reads: each lane's
//	                        contacts per month, then the contacts 200 to a
//	                        file in date order, so that a range reads only
//	                        the files that cover it
//	data/sources.json, sources.bib, sources.ris
//	                        the bibliography of every cited source (package cite)
//	feed.xml, KEY/SLUG/feed.xml, sitemap.xml
//	                        Atom feeds and the sitemap, when the site has a base URL
//	robots.txt
//
// Every internal link is relative to its page, so the site works at a
// domain root or in a subfolder. The same input gives the same bytes.
// Without JavaScript, every event's page is at most two links from the
// home page: its year's page, then the event.
//
// # Maps
//
// Where contacts were held is drawn at build time as inline SVG, as the
// charts are (maps.go): the country outlines of package geo (Natural
// Earth, by way of the npm package world-atlas, projected, clipped and
// simplified once into a constant of the program: nothing is read or
// fetched at build time or by the reader's browser), and a circle for
// each term with lat and lon that the events shown name, its area in
// proportion to how many do (class s1 to s7 by powers of two), each a
// link to the term's page named "Beijing: 73 contacts" (map.mark and
// contacts of the catalog); the largest few are labelled. The main panel
// runs from western Europe to Japan; places beyond it are marked on a
// small map of the world in its corner. The home page shows the map of
// every contact, a place's page and a person's (a term of a taxonomy with
// roles) the map of theirs, and the index of a taxonomy fed by place the
// whole.
//
// # Editions
//
// Each language is an edition: a whole site, the default at the root and
// each other in the folder of its key (ru/), with its own pages, assets,
// outputs and catalog (messages/KEY.yaml). Facts are written once, in the
// original; a translation beside it, SLUG.KEY.md (or _index.KEY.md), holds
// only text: for an event title, summary, place, occasion and documents
// (the titles, as a list in the original's order), for a term name,
// summary, roles (the titles) and country; and the body. A translation
// must give every text its original has, but a term's country may be left
// in the original's words (Term.CountryUntranslated says so), and no
// other; one that states a fact (lat and lon are facts), or whose original
// does not exist, is an error. References resolve against
// the original names; each edition sorts terms by their names in its
// language (CLDR collation). Text an edition lacks is shown in the
// original: Event, Term and Site say so in Untranslated (and
// BodyUntranslated), the language it is in, empty when it is the
// edition's. Every Page lists its Alternates in the editions; a Site's
// Edition and Editions name them, and the default edition's Translated
// holds the others.
//
// # Templates
//
// A template folder has base.html, which defines "base", the frame of every
// page; partials/*.html, each defining one shared piece (partials/event-row.html
// defines "event-row"); one file per kind of page, each defining "main":
// home.html, event.html, term.html and terms.html (for every taxonomy;
// KEY/term.html and KEY/terms.html, where they exist, for that taxonomy's
// pages), year.html, data.html, 404.html, search.html and print.html (whose pages get .Print);
// messages/LANG.yaml, the words of each language (see package words); and
// assets/, copied as it is. A page file
// may redefine a partial for its own pages; nothing a page file defines
// reaches another. Each page is executed with a *Page: .Site, .Kind (home,
// event, term, terms, year, data, 404, search, print), .Root (the relative path to the site
// root, to prefix every internal link), .URL, .Title, .Description, and
// .Event, .Term, .Taxonomy, .Year or .Dataset (of the data page: its
// Files, Updated, Chicago and APA) as the kind needs; the entries of a
// list made with entries get an Entry, .Root and .Event.
//
// The home page's lists come from .Site.Recent, the years it shows in
// full (each Year's .Recent is true), and .Site.Decades, every year by
// decade (.Decade, its first year, and .Years), both newest first.
//
// Templates may call link, span, date, roleSpan, t, count, plurals, size
// (a number of bytes in the language's units: "1.2 MB", "1,2 МБ"),
// newestFirst, dict, countChart, placeMap (the map of a list of events),
// jsonLD and entries (see funcs in templates.go), and the methods
// .Site.YearChart, .Site.Overview, .Site.Activity, .Site.Taxonomy, .Site.DataURL (the data
// page's path, "" without one), .Site.Tally (the count by country and side
// of a taxonomy fed by place), .Event.In, .Event.TermFor (the term a key
// such as place names), .FeedURL and .Citation (of an event page: its CSL
// item, Chicago and APA entries, and links that download it as RIS, BibTeX
// and CSL-JSON); .Site.License and .Site.LicenseURL are the settings. The
// partials place (an event's place, linked to its term) and place-map (the
// map, in a figure) are what the page files call.
//
// .Site.Overview .Root is the home page's picture of the whole timeline
// for readers without JavaScript: inline SVG with a lane for each type
// that has contacts and a column for each year, a circle sized by each
// lane's count that year, each year with contacts a link to its page; its
// size grows with years and types, not contacts. partials/overview.html
// puts it in the figure #overview and loads assets/zoom.js, which draws
// the zoomable timeline in its place from the figure's data-zoom (the URL
// of zoom/), data-root, data-contacts (plurals "contacts") and the words
// it writes (data-label, data-help, data-toolbar, data-in, data-out,
// data-earlier, data-later, data-all, data-range, data-cluster). It keeps
// the range it shows in the page's address, ?from=2014-01&to=2015-06
// (YYYY, YYYY-MM or YYYY-MM-DD), and on #zoom-view as data-from and data-to.
//
// The search page's script (assets/search.js) finds what it works on by
// id and data-* attributes: the form #search with data-index (the URL of
// the index's folder), data-root (of the site's root), data-status (the
// count's plural forms, from plurals) and the words it writes (data-none,
// data-loosen, data-all, data-type, data-from, data-to); its fields q,
// from, to and sort; #facets, where it adds a fieldset of check boxes for
// the types and for each taxonomy; #search-nojs, which it hides; and
// #search-status, #search-none, #search-chart, #results and #search-more,
// which it fills. The header of every other page has a form that sends q
// to it. Headings in Markdown take ids that
// start with "h-", which no template id may.
package site
