package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// TestTimelineJSReadsOurExport loads data/timelinejs.json of the default
// timeline into the real TimelineJS3 (the npm package .ci/setup installs,
// served by the test, fonts from other hosts unreachable), and finds a
// slide per event, each with its date as our pages write it and a link
// to its page, and no script error.
func TestTimelineJSReadsOurExport(t *testing.T) {
	const dist = "../../.ci/tools/node_modules/@knight-lab/timelinejs/dist"
	if _, err := os.Stat(dist + "/js/timeline.js"); err != nil {
		t.Fatalf("the TimelineJS test needs @knight-lab/timelinejs; .ci/setup installs it: %v", err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, BaseURL: srv.URL + "/site/", Outputs: output.All})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/tl/", http.StripPrefix("/tl/", http.FileServer(http.Dir(dist))))
	mux.HandleFunc("/site/data/timelinejs.json", func(w http.ResponseWriter, r *http.Request) {
		data, _ := s.File("data/timelinejs.json")
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	})
	mux.HandleFunc("/embed.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/tl/css/timeline.css"><script src="/tl/js/timeline.js"></script></head>
<body><div id="tl" style="width:1000px;height:600px"></div>
<script>window.tl = new TL.Timeline("tl", "/site/data/timelinejs.json");</script></body></html>`))
	})
	ctx, problems := browserWithLog(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/embed.html")); err != nil {
		t.Fatal(err)
	}
	want := len(s.Events) + 1 // and the title slide
	waitFor(ctx, t, "a slide per event", `document.querySelectorAll(".tl-slide").length === `+strconv.Itoa(want))
	byPrecision := map[string]site.Event{}
	for _, e := range s.Events {
		switch {
		case e.Span.Start.Month == 0:
			byPrecision["year"] = *e
		case e.Span.Start.Day == 0:
			byPrecision["month"] = *e
		default:
			byPrecision["day"] = *e
		}
	}
	for precision, e := range byPrecision {
		date := s.FormatDate(e.Span.Start)
		link := srv.URL + "/site/" + e.URL()
		js := `[...document.querySelectorAll(".tl-slide")].some((sl) => sl.querySelector(".tl-headline-date") &&
			sl.querySelector(".tl-headline-date").textContent.includes(` + strconv.Quote(date) + `) &&
			sl.querySelector('a[href="` + link + `"]'))`
		waitFor(ctx, t, "the "+precision+" event's slide with "+date+" and its link", js)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll(".tl-slide a[href*='/site/events/']")].map((a) => a.href)).size`))
	if err != nil {
		t.Fatal(err)
	}
	if links != len(s.Events) {
		t.Errorf("the slides link to %d event pages, want %d", links, len(s.Events))
	}
	for _, p := range problems() {
		if strings.HasPrefix(p, "exception") {
			t.Errorf("the page threw: %s", p)
		}
	}
}
