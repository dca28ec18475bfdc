package main

import (
	"cmp"
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

// defaultSite is the default timeline, built once for the tests that read
// it: a built Site never changes.
var defaultSite = sync.OnceValues(func() (*site.Site, error) {
	return site.Build(site.Options{Content: content.FS, Templates: templates.FS})
})

// edition gives the default timeline's edition key ("" for the default).
func edition(t *testing.T, key string) *site.Site {
	s, err := defaultSite()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range s.Translated {
		if o.Edition.Key == key {
			return o
		}
	}
	if key != "" {
		t.Fatalf("the default timeline has no edition %q", key)
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestBrowserEditionSwitcher follows the language switcher of an event
// page from English to Russian to Chinese and back: each lands on the same
// event, in its edition's language.
func TestBrowserEditionSwitcher(t *testing.T) {
	ctx, problems := browserWithLog(t)
	url := servedDefault(t)
	const event = "events/2019-06-05-xi-state-visit-russia/"
	title := func(key string) string {
		for _, e := range edition(t, key).Events {
			if e.URL() == event {
				return e.Title
			}
		}
		t.Fatalf("no event %s in edition %q", event, key)
		return ""
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(url+event)); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ lang, path, key string }{
		{"ru", "/ru/" + event, "ru"}, {"zh-Hans", "/zh/" + event, "zh"}, {"en", "/" + event, ""},
	} {
		if _, err := chromedp.Run(ctx, chromedp.Click(`nav.editions a[hreflang="`+step.lang+`"]`)); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, "the "+step.lang+" page", `location.pathname === "`+step.path+`"`)
		waitFor(ctx, t, "its title in "+step.lang, `document.querySelector("h1").textContent === `+strconv.Quote(title(step.key))+
			` && document.documentElement.lang === "`+step.lang+`"`)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserAccessibility runs axe-core in Chromium on a page of each
// kind in each edition. It reads axe.min.js from the npm package axe-core: the file
// AXE_CORE_JS names, or else the one .ci/setup installs.
func TestBrowserAccessibility(t *testing.T) {
	axePath := cmp.Or(os.Getenv("AXE_CORE_JS"), "../../.ci/tools/node_modules/axe-core/axe.min.js")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("the accessibility test needs axe-core; .ci/setup installs it, or set AXE_CORE_JS to an axe.min.js: %v", err)
	}
	url := servedDefault(t)
	kinds := []string{"", "events/2024-02-08-xi-putin-phone-call/", "events/2019-06-05-xi-state-visit-russia/",
		"people/xi-jinping/", "topics/sco/", "years/2024/", "people/", "data/", "print/", "print/people/xi-jinping/",
		"places/", "places/beijing/", "search/?q=Great+Hall&person=xi-jinping"}
	// Each edition in a browser of its own, and the English pages again in
	// dark mode, whose charts have colours of their own.
	for _, run := range []struct{ edition, mode string }{{"", "light"}, {"ru/", "light"}, {"zh/", "light"}, {"", "dark"}} {
		t.Run(cmp.Or(strings.TrimSuffix(run.edition, "/"), "en")+"-"+run.mode, func(t *testing.T) {
			ctx := browser(t)
			if run.mode == "dark" {
				dark := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}
				if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, dark)
					return err
				})); err != nil {
					t.Fatal(err)
				}
			}
			for _, kind := range kinds {
				page := run.edition + kind
				if _, err := chromedp.Run(ctx, chromedp.Navigate(url+page)); err != nil {
					t.Fatal(err)
				}
				if kind == "" {
					waitFor(ctx, t, "the zoomable timeline", zoomReady)
				}
				if strings.Contains(page, "search/") {
					waitFor(ctx, t, "results and their filters", `document.getElementById("results").dataset.count !== undefined && document.querySelector("fieldset.facet") !== null`)
				}
				if run.mode == "dark" {
					waitFor(ctx, t, "dark mode", `matchMedia("(prefers-color-scheme: dark)").matches`)
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+"; true")); err != nil {
					t.Fatal(err)
				}
				report, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document).then((r) =>
					(r.passes.length < 10 ? ["too few passes: " + r.passes.length] : []).concat(r.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ") + ")")).join("\n"))`,
					chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				if report != "" {
					t.Errorf("/%s (%s mode): axe-core finds violations:\n%s", page, run.mode, report)
				}
			}
		})
	}
}

// TestBrowserPhoneLayout reads the default timeline on a 390 px wide
// phone: the year bar does not stay on screen over the text, the year
// chart's labels keep at least 11 px, and on a person's page a contact of
// several days keeps its dates, dash included, in one cell beside its title.
func TestBrowserPhoneLayout(t *testing.T) {
	ctx := browser(t)
	url := servedDefault(t)
	for _, step := range []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(390, 844), chromedp.Navigate(url)} {
		if _, err := chromedp.Run(ctx, step); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(ctx, t, "the year bar", `document.querySelector(".years") !== null`)
	bar, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".years")).position`))
	if err != nil || bar == "sticky" || bar == "fixed" {
		t.Errorf("the year bar is %q on a phone (%v); it should scroll away", bar, err)
	}
	// The size a label is drawn at: its font size times the chart's scale.
	smallest, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
		const svg = document.querySelector("figure.year-chart svg");
		const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		return Math.min(...[...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
	})()`))
	if err != nil || smallest < 11 {
		t.Errorf("the year chart's smallest label is drawn at %.1f px on a phone (%v); want at least 11", smallest, err)
	}
	for _, step := range []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1024, 800), chromedp.Navigate(url + "people/vladimir-putin/")} {
		if _, err := chromedp.Run(ctx, step); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(ctx, t, "Putin's contacts", `document.querySelectorAll("ol.rows li").length > 0`)
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("ol.rows li")].filter((li) => {
		const times = li.querySelectorAll("time"), link = li.querySelector(":scope > a");
		return times.length === 2 && link.getBoundingClientRect().top - times[0].getBoundingClientRect().top > 4;
	}).length`))
	ranges, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("ol.rows li")].filter((li) => li.querySelectorAll("time").length === 2).length`))
	if err != nil || ranges == 0 || broken > 0 {
		t.Errorf("%d of %d rows of several days are broken over two lines of the grid, the title below the dates (%v)", broken, ranges, err)
	}
}
