package main

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

func TestZZAxeEveryPage(t *testing.T) {
	if os.Getenv("AXE_ALL") == "" {
		t.Skip()
	}
	axe, _ := os.ReadFile("../../.ci/tools/node_modules/axe-core/axe.min.js")
	s, _ := site.Build(site.Options{Content: content.FS, Templates: templates.FS})
	ctx := browser(t)
	_, url := startPreview(t, content.FS, nil)
	n, bad := 0, 0
	for _, name := range s.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		page := strings.TrimSuffix(name, "index.html")
		if _, err := chromedp.Run(ctx, chromedp.Navigate(url+page)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+"; true")); err != nil {
			t.Fatal(err)
		}
		report, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document).then((r) => r.violations.map((v) => v.id + " " + v.nodes.length).join("; "))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		n++
		if report != "" {
			bad++
			t.Logf("/%s: %s", page, report)
		}
	}
	t.Logf("axe: %d pages, %d with violations", n, bad)
}
