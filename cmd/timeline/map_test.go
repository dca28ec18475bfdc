package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMapLeadsToPlace clicks, as a reader would, the middle of
// Beijing's circle on the default timeline's home page map (what is drawn
// there, not the link found by its address), and lands on Beijing's place
// page, which has a map of its own.
func TestBrowserMapLeadsToPlace(t *testing.T) {
	ctx, problems := browserWithLog(t)
	url := servedDefault(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the map", `!!document.querySelector("svg.map a[aria-label^='Beijing: ']")`)
	// The zoomable timeline above the map is drawn once its data is read,
	// which moves the map down: wait for it, then scroll the circle into
	// view and find its middle on the screen.
	waitFor(ctx, t, "the zoomable timeline", zoomReady)
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const c = document.querySelector("svg.map a[aria-label^='Beijing: '] circle");
		c.scrollIntoView({block: "center"});
		const r = c.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	hit, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.elementFromPoint(`+ftoa(at[0])+`, `+ftoa(at[1])+`).closest("a")?.getAttribute("aria-label") ?? ""`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hit, "Beijing: ") || !strings.HasSuffix(hit, " contacts") {
		t.Fatalf("the middle of Beijing's circle is the link %q; want Beijing's, named with its contacts", hit)
	}
	if _, err := chromedp.Run(ctx, chromedp.MouseClickXY(at[0], at[1])); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "Beijing's place page", `location.pathname.endsWith("/places/beijing/") && document.querySelector("h1").textContent.startsWith("Beijing")`)
	waitFor(ctx, t, "its map", `document.querySelectorAll("svg.map circle.mark").length === 1`)
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported problems:\n%s", strings.Join(p, "\n"))
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
