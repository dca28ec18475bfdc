package main

import (
	"cmp"
	"context"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"timeline/site/synth"
)

// zoomRange is the range the zoomable timeline shows, as the address
// writes it, and the address's query.
type zoomRange struct {
	From, To, Search string
}

// days is how many days the range covers.
func (r zoomRange) days(t *testing.T) int {
	t.Helper()
	parse := func(s string, end bool) time.Time {
		for _, f := range []struct {
			layout  string
			y, m, d int
		}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
			if day, err := time.Parse(f.layout, s); err == nil {
				if end {
					return day.AddDate(f.y, f.m, f.d)
				}
				return day
			}
		}
		t.Fatalf("the timeline shows a range from %q to %q", r.From, r.To)
		return time.Time{}
	}
	return int(parse(r.To, true).Sub(parse(r.From, false)).Hours() / 24)
}

func shownRange(ctx context.Context, t *testing.T) zoomRange {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[zoomRange](`({From: document.getElementById("zoom-view").dataset.from,
		To: document.getElementById("zoom-view").dataset.to, Search: location.search})`))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// inURL reports whether the address holds the range.
func (r zoomRange) inURL() bool {
	return r.Search == "?"+url.Values{"from": {r.From}, "to": {r.To}}.Encode()
}

const zoomReady = `document.querySelector("#overview.zooming #zoom-view li") !== null && document.getElementById("zoom-status").textContent !== ""`

// foreignRequests records every request the browser makes to a host other
// than base's.
func foreignRequests(ctx context.Context, t *testing.T, base string) func() []string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var foreign []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			if to, err := url.Parse(r.Request.URL); err != nil || to.Scheme != "data" && to.Host != u.Host {
				mu.Lock()
				foreign = append(foreign, r.Request.URL)
				mu.Unlock()
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), foreign...)
	}
}

// TestBrowserZoomableTimeline uses the home page's timeline as a reader
// does: zooming in by button, by key, by the wheel and by a pinch narrows
// the range and puts it in the address, a reload shows the same range,
// Tab reaches the marks, each a link to its contact named by its date and
// title, a count splits when clicked, and nothing comes from another host.
func TestBrowserZoomableTimeline(t *testing.T) {
	ctx, problems := browserWithLog(t)
	base := servedDefault(t)
	foreign := foreignRequests(ctx, t, base)
	// The page keeps focus, as a reader's window would, even while headless.
	focus := emulation.SetFocusEmulationEnabledParams{Enabled: true}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, focus)
		return err
	}), chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the zoomable timeline", zoomReady)
	all := shownRange(ctx, t)
	if all.From != "1989" || all.To != "2026" || all.Search != "" {
		t.Errorf("the timeline starts at %+v; want 1989 to 2026, and the address without a range", all)
	}
	status := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("zoom-status").textContent`))
		return s
	}
	// zoomed waits for the range to change from r, and checks it is in the
	// address and said in the status.
	zoomed := func(how string, r zoomRange, said string) zoomRange {
		t.Helper()
		waitFor(ctx, t, how+" to change the range", `document.getElementById("zoom-view").dataset.from + "/" + document.getElementById("zoom-view").dataset.to !== "`+r.From+"/"+r.To+`"`)
		got := shownRange(ctx, t)
		if !got.inURL() {
			t.Errorf("after %s the timeline shows %s to %s, but the address says %q", how, got.From, got.To, got.Search)
		}
		waitFor(ctx, t, how+" to be said", `document.getElementById("zoom-status").textContent !== `+jsString(said))
		return got
	}

	said := status()
	if _, err := chromedp.Run(ctx, chromedp.Click(`#overview button[data-act="in"]`)); err != nil {
		t.Fatal(err)
	}
	byButton := zoomed("the zoom-in button", all, said)
	if d, was := byButton.days(t), all.days(t); d > was*6/10 || d < was*4/10 {
		t.Errorf("the zoom-in button shows %d days of %d; want about half", d, was)
	}

	said = status()
	if err := chromedp.Do(ctx, chromedp.Focus("#zoom-view"), chromedp.KeyEvent("+")); err != nil {
		t.Fatal(err)
	}
	byKey := zoomed("the + key", byButton, said)
	if d, was := byKey.days(t), byButton.days(t); d > was*6/10 || d < was*4/10 {
		t.Errorf("+ shows %d days of %d; want about half", d, was)
	}
	said = status()
	if _, err := chromedp.Run(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	moved := zoomed("the → key", byKey, said)
	if moved.days(t) != byKey.days(t) || moved.From <= byKey.From {
		t.Errorf("→ moved %+v to %+v; want the same length, later", byKey, moved)
	}

	if _, err := chromedp.Run(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the timeline after the reload", zoomReady)
	if got := shownRange(ctx, t); got != moved {
		t.Errorf("after a reload the timeline shows %+v; want %+v", got, moved)
	}

	// Tab from the timeline reaches a mark, whose name is its contact's
	// date and title and which links to that contact.
	en := edition(t, "")
	named := map[string]string{}
	for _, e := range en.Events {
		named["/"+e.URL()] = en.FormatSpan(e.Span) + ": " + e.Title
	}
	if _, err := chromedp.Run(ctx, chromedp.Focus("#zoom-view")); err != nil {
		t.Fatal(err)
	}
	reached := false
	for range 100 {
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.activeElement;
			return !a.closest("#zoom-view") ? "out" : a.matches("a.zoom-mark") ? "mark" : "in"; })()`))
		if where == "out" {
			break
		}
		if where == "mark" {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("Tab from the timeline leaves it without reaching a mark")
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[][2]string](`[...document.querySelectorAll("#zoom-view a.zoom-mark")].map((a) => [new URL(a.href).pathname, a.textContent])`))
	if err != nil || len(marks) == 0 {
		t.Fatalf("no marks (%v)", err)
	}
	for _, m := range marks {
		if want, ok := named[m[0]]; !ok || m[1] != want {
			t.Errorf("a mark named %q links to %s, whose contact is %q", m[1], m[0], want)
		}
	}

	// With a mark's label shown, as focus shows it, axe-core finds nothing.
	if shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.activeElement.querySelector(".zoom-tip")).clipPath === "none"`)); !shown {
		t.Error("a mark in focus does not show its date and title")
	}
	if report := axeReport(ctx, t); report != "" {
		t.Errorf("the zoomed timeline with a mark in focus: axe-core finds violations:\n%s", report)
	}

	// The wheel zooms in where it is.
	said = status()
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector("#zoom-view .zoom-track").getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	before := shownRange(ctx, t)
	// (Chromium wants both deltas, and a zero one is left out of the call.)
	wheel := func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, -400 }
	if _, err := chromedp.Run(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, box[0], box[1], wheel)); err != nil {
		t.Fatal(err)
	}
	byWheel := zoomed("the wheel", before, said)
	if byWheel.days(t) >= before.days(t) {
		t.Errorf("the wheel turned forward shows %d days of %d; want fewer", byWheel.days(t), before.days(t))
	}

	// Two fingers moving apart zoom in.
	said = status()
	touch := func(typ input.DispatchTouchEventType, spread float64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			one, two := 1.0, 2.0
			ps := []*input.TouchPoint{{X: box[0] - spread, Y: box[1], ID: &one}, {X: box[0] + spread, Y: box[1], ID: &two}}
			if typ == input.DispatchTouchEventTypeTouchEnd {
				ps = nil
			}
			_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: ps})
			return err
		})
	}
	if err := chromedp.Do(ctx, touch(input.DispatchTouchEventTypeTouchStart, 40), touch(input.DispatchTouchEventTypeTouchMove, 80), touch(input.DispatchTouchEventTypeTouchMove, 160), touch(input.DispatchTouchEventTypeTouchEnd, 0)); err != nil {
		t.Fatal(err)
	}
	byPinch := zoomed("a pinch", byWheel, said)
	if d, was := byPinch.days(t), byWheel.days(t); d > was/3 {
		t.Errorf("fingers moving four times as far apart show %d days of %d; want about a quarter", d, was)
	}

	// A count, clicked, zooms in on its contacts and splits into marks
	// and smaller counts that add up to it.
	if _, err := chromedp.Run(ctx, chromedp.Click(`#overview button[data-act="all"]`)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the whole timeline again", `location.search === ""`)
	type item struct {
		Href string
		A, B float64 // a count's days
		N    int
	}
	var clicked item
	clicked, err = chromedp.Run(ctx, chromedp.Evaluate[item](`(() => {
		const most = [...document.querySelectorAll("#zoom-view .zoom-count")].reduce((m, b) => (+b.textContent > +m.textContent ? b : m));
		most.closest("ul").id = "split";
		most.click();
		return {A: +most.dataset.a, B: +most.dataset.b, N: +most.textContent};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "a count to zoom in", `location.search !== ""`)
	items, err := chromedp.Run(ctx, chromedp.Evaluate[[]item](`[...document.querySelectorAll("#split li > *")].map((e) =>
		({Href: e.getAttribute("href") || "", A: +e.dataset.a || 0, B: +e.dataset.b || 0, N: e.matches("a") ? 1 : +e.textContent}))`))
	if err != nil {
		t.Fatal(err)
	}
	start := map[string]float64{}
	for _, e := range en.Events {
		start["./events/"+e.Slug+"/"] = float64(time.Date(e.Span.Start.Year, time.Month(max(1, e.Span.Start.Month)), max(1, e.Span.Start.Day), 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	parts, counted := 0, 0
	for _, it := range items {
		at := (it.A + it.B) / 2
		if it.Href != "" {
			at = start[it.Href]
		}
		if at >= clicked.A && at <= clicked.B {
			parts, counted = parts+1, counted+it.N
		}
	}
	if parts < 2 || counted < clicked.N {
		t.Errorf("a count of %d, clicked, shows %d items within its days, counting %d contacts; want several, adding up to it", clicked.N, parts, counted)
	}

	// Down to days: a week shows two contacts of one day as two marks, as
	// no zoom could part them.
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"?from=2016-06-20&to=2016-06-26")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "a week of the timeline", zoomReady)
	day, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#zoom-view .type-summit-sideline li > *")].map((e) => e.getAttribute("href") || "count " + e.textContent)`))
	if err != nil || len(day) != 2 || !strings.Contains(strings.Join(day, " "), "/events/2016-06-23-") {
		t.Errorf("23 June 2016's two summit meetings show as %q (%v); want two marks", day, err)
	}

	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported problems:\n%s", strings.Join(p, "\n"))
	}
	if f := foreign(); len(f) > 0 {
		t.Errorf("the page asked other hosts for:\n%s", strings.Join(f, "\n"))
	}
}

// axeReport runs axe-core on the page as it stands and lists what it
// finds (see TestBrowserAccessibility).
func axeReport(ctx context.Context, t *testing.T) string {
	t.Helper()
	axe, err := os.ReadFile(cmp.Or(os.Getenv("AXE_CORE_JS"), "../../.ci/tools/node_modules/axe-core/axe.min.js"))
	if err != nil {
		t.Fatalf("the test needs axe-core; .ci/setup installs it, or set AXE_CORE_JS to an axe.min.js: %v", err)
	}
	report, err := chromedp.Run(ctx, chromedp.Evaluate[string](string(axe)+`; axe.run(document).then((r) =>
		r.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ") + ")").join("\n"))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return report
}

func jsList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = jsString(s)
	}
	return "[" + strings.Join(quoted, ",") + "]"
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// TestBrowserZoomReadsOnlyItsRange: at thousands of contacts the whole
// timeline shows counts read from zoom/meta.json alone, which add up to
// every contact; a narrow range reads only the files of contacts that
// cover it.
func TestBrowserZoomReadsOnlyItsRange(t *testing.T) {
	const events = 2500
	ctx, problems := browserWithLog(t)
	_, base := startPreview(t, synth.FS(events, 1), nil)
	var mu sync.Mutex
	var read []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && strings.Contains(r.Request.URL, "/zoom/") {
			mu.Lock()
			read = append(read, r.Request.URL[strings.Index(r.Request.URL, "/zoom/")+6:])
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	files := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := read
		read = nil
		return out
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the zoomable timeline", zoomReady)
	total, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("#zoom-view .zoom-count")].reduce((n, b) => n + +b.textContent.replace(/\D/g, ""), 0)`))
	if err != nil || total != events {
		t.Errorf("the counts of the whole timeline add up to %d (%v); want %d", total, err, events)
	}
	if got := files(); len(got) != 1 || got[0] != "meta.json" {
		t.Errorf("the whole timeline read %v from zoom/; want meta.json alone", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"?from=2010-03&to=2010-04")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "marks of two months", `document.querySelector("#zoom-view a.zoom-mark") !== null`)
	numbered := regexp.MustCompile(`^\d+\.json$`)
	var contacts []string
	for _, f := range files() {
		if numbered.MatchString(f) {
			contacts = append(contacts, f)
		}
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Promise.all(`+jsList(contacts)+`.map((f) => fetch("zoom/" + f).then((r) => r.json())))
		.then((files) => files.reduce((n, rows) => n + rows.length, 0))`, chromedp.EvalAwaitPromise))
	if err != nil || len(contacts) == 0 || rows > events/10 {
		t.Errorf("two months of %d contacts read %v from zoom/, %d contacts (%v); want only the few files that cover them", events, contacts, rows, err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported problems:\n%s", strings.Join(p, "\n"))
	}
}
