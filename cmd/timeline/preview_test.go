package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"timeline/content"
	"timeline/site/synth"
)

// startPreview copies a content tree into a temp folder, serves it with
// live reload, and returns the folder and the site's URL.
func startPreview(t testing.TB, contentFS fs.FS, templateFiles map[string]string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), contentFS); err != nil {
		t.Fatal(err)
	}
	for name, text := range templateFiles {
		writeFile(t, filepath.Join(dir, "templates", name), text)
	}
	b := buildFlags{content: filepath.Join(dir, "content"), templates: filepath.Join(dir, "templates"),
		set: map[string]bool{"content": true, "templates": len(templateFiles) > 0}}
	opts, err := b.options()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	p := &preview{opts: opts, dirs: b.dirs(opts), stdout: io.Discard, stderr: io.Discard}
	go func() { done <- servePreview(ctx, p, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("preview: %v", err)
		}
	})
	return dir, "http://" + ln.Addr().String() + "/"
}

// servedDefault gives the address of a preview of the default timeline,
// shared by the tests that only read it: the first of them starts it, and
// it runs until the tests end.
func servedDefault(t *testing.T) string {
	t.Helper()
	url, err := defaultPreview()
	if err != nil {
		t.Fatal(err)
	}
	return url
}

var defaultPreview = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp(testTemp, "preview-")
	if err != nil {
		return "", err
	}
	if err := os.CopyFS(filepath.Join(dir, "content"), content.FS); err != nil {
		return "", err
	}
	b := buildFlags{content: filepath.Join(dir, "content"), templates: filepath.Join(dir, "templates"), set: map[string]bool{"content": true}}
	opts, err := b.options()
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	p := &preview{opts: opts, dirs: b.dirs(opts), stdout: io.Discard, stderr: io.Discard}
	go servePreview(context.Background(), p, ln)
	return "http://" + ln.Addr().String() + "/", nil
})

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write to a temp file and rename, as most editors do, so the
	// watcher never sees half a file.
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// browser starts headless Chromium; without one the test fails, saying how
// to install it. A test's browser gives up after three minutes, time for
// axe-core to read three dozen pages on a busy machine.
func browser(t *testing.T) context.Context {
	ctx, _ := browserWithLog(t)
	return ctx
}

// browserWithLog is browser, and it also collects the page's JavaScript
// exceptions, console errors and failed loads.
func browserWithLog(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	actx := chromium(t)
	var mu sync.Mutex
	var problems []string
	note := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	ctx, cancel2 := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			note("exception: %s %v", ev.ExceptionDetails.Text, ev.ExceptionDetails.Exception)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				note("console.error: %v", ev.Args)
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				note("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
	}))
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

// chromium gives an allocator that starts headless Chromium, with a
// profile in a temporary folder, for chromedp.NewContext; without Chromium
// it fails, saying how to install it.
func chromium(tb testing.TB) context.Context {
	tb.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		tb.Fatal("the browser tests need Chromium; .ci/setup installs it (apt-get install chromium)")
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.UserDataDir(tb.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	tb.Cleanup(cancel)
	return actx
}

// waitFor checks a JavaScript condition in the page every 20ms, across
// reloads, until it holds.
func waitFor(ctx context.Context, t *testing.T, what, js string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a rebuild under -race on a busy machine
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 400)`))
	t.Fatalf("%s: not seen within 30s; the page shows:\n%s", what, body)
}

const event = "events/2024-02-08-xi-putin-phone-call.md"

func TestBrowserLiveReload(t *testing.T) {
	ctx := browser(t)
	dir, url := startPreview(t, content.FS, map[string]string{"assets/extra.css": "p { color: rgb(1, 2, 3); }"})
	file := filepath.Join(dir, "content", event)
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := url + "events/2024-02-08-xi-putin-phone-call/"
	if _, err := chromedp.Run(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the page loads", `document.querySelector("h1").textContent.includes("Lunar New Year")`)

	// A new title on disk shows without any action in the browser.
	retitled := regexp.MustCompile(`(?m)^title: .*$`).ReplaceAllString(string(original), "title: A title changed on disk")
	writeFile(t, file, retitled)
	waitFor(ctx, t, "the new title", `document.querySelector("h1").textContent === "A title changed on disk"`)

	// Broken frontmatter: the overlay names the file and line.
	writeFile(t, file, strings.Replace(retitled, "date: 2024-02-08", "date: 2024-02-30", 1))
	waitFor(ctx, t, "the error overlay", `(document.querySelector("#timeline-errors") || {}).innerText?.includes(
		"content/events/2024-02-08-xi-putin-phone-call.md:3:7")`)
	waitFor(ctx, t, "the last good page under it", `document.querySelector("h1").textContent === "A title changed on disk"`)

	// The fix takes the overlay away by itself.
	writeFile(t, file, string(original))
	waitFor(ctx, t, "the overlay to go", `!document.querySelector("#timeline-errors") &&
		document.querySelector("h1").textContent.includes("Lunar New Year")`)
}

func TestBrowserStylesheetChangeKeepsPage(t *testing.T) {
	ctx := browser(t)
	css, err := os.ReadFile("../../templates/assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	dir, url := startPreview(t, content.FS, map[string]string{"assets/style.css": string(css)})
	if _, err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the page loads", `document.querySelector("h1").textContent === "China–Russia contacts"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "templates", "assets", "style.css"), string(css)+"\nh1 { color: rgb(10, 20, 30); }\n")
	waitFor(ctx, t, "the new style", `getComputedStyle(document.querySelector("h1")).color === "rgb(10, 20, 30)"`)
	waitFor(ctx, t, "no full reload", `window.notReloaded === true`)
}

// BenchmarkEditToReload measures from the write of one event file to the
// reload event reaching a connected client (ms-median), and to the
// event's page, with the new title, served (ms-page-median), on the
// default content and on a synthetic tree of 10,000 events.
func BenchmarkEditToReload(b *testing.B) {
	b.Run("default", func(b *testing.B) { editToReload(b, content.FS, event) })
	n := 10000
	if testing.Short() {
		n = 200 // CI's once-over
	}
	b.Run(fmt.Sprintf("synthetic-%d", n), func(b *testing.B) {
		fsys := synth.FS(n, 1)
		matches, _ := fs.Glob(fsys, "events/2000-01-*.md")
		editToReload(b, fsys, matches[0])
	})
}

func editToReload(b *testing.B, contentFS fs.FS, name string) {
	dir, url := startPreview(b, contentFS, nil)
	resp, err := http.Get(url + "_timeline/events")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "event: ") {
				events <- strings.TrimPrefix(line, "event: ")
			}
		}
	}()
	<-events // hello
	file := filepath.Join(dir, "content", name)
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	page := url + "events/" + strings.TrimSuffix(filepath.Base(name), ".md") + "/"
	var times, pages []time.Duration
	for i := 0; b.Loop(); i++ {
		want := "Edit number " + strconv.Itoa(i)
		text := title.ReplaceAllString(string(original), "title: "+want)
		start := time.Now()
		writeFile(b, file, text)
		if e := <-events; e != "reload" {
			b.Fatalf("event %q", e)
		}
		times = append(times, time.Since(start))
		resp, err := http.Get(page)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) {
			b.Fatalf("%s lacks the new title %q after the reload event", page, want)
		}
		pages = append(pages, time.Since(start))
	}
	median := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(median(times), "ms-median")
	b.ReportMetric(median(pages), "ms-page-median")
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr strings.Builder
	code := run([]string{"serve", "--addr", ln.Addr().String()}, &stdout, &stderr)
	want := "timeline serve: cannot listen on " + ln.Addr().String()
	if code != 1 || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "--addr 127.0.0.1:0") {
		t.Errorf("exit %d, stderr %q; want 1 and %q with a hint", code, stderr.String(), want)
	}
}

// TestRapidEditsAndManyClientsLeaveNoGrowth connects 100 live-reload
// clients, saves an event 1,000 times as fast as it can, lets the clients
// go, and compares goroutines and heap with what they were before.
func TestRapidEditsAndManyClientsLeaveNoGrowth(t *testing.T) {
	dir, url := startPreview(t, content.FS, nil)
	transport := &http.Transport{}
	client := &http.Client{Transport: transport}
	page := url + "events/2024-02-08-xi-putin-phone-call/"
	waitForPage := func(want string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second) // a rebuild under -race on a loaded machine
		for time.Now().Before(deadline) {
			if resp, err := client.Get(page); err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(body), want) {
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("the page never showed %q", want)
	}
	measure := func() (int, uint64) {
		transport.CloseIdleConnections()
		goruntime.GC()
		var m goruntime.MemStats
		goruntime.ReadMemStats(&m)
		return goruntime.NumGoroutine(), m.HeapAlloc
	}
	waitForPage("Lunar New Year")
	goroutines, heap := measure()

	ctx, cancel := context.WithCancel(context.Background())
	var clients sync.WaitGroup
	for range 100 {
		req, _ := http.NewRequestWithContext(ctx, "GET", url+"_timeline/events", nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		clients.Go(func() { io.Copy(io.Discard, resp.Body); resp.Body.Close() })
	}
	file := filepath.Join(dir, "content", event)
	original, _ := os.ReadFile(file)
	title := regexp.MustCompile(`(?m)^title: .*$`)
	for i := range 1000 {
		writeFile(t, file, title.ReplaceAllString(string(original), "title: Edit "+strconv.Itoa(i)))
	}
	waitForPage("<h1>Edit 999</h1>")
	cancel()
	clients.Wait()

	var g int
	var h uint64
	deadline := time.Now().Add(10 * time.Second)
	for {
		g, h = measure()
		if g <= goroutines+2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if g > goroutines+2 {
		t.Errorf("goroutines: %d before, %d after", goroutines, g)
	}
	if h > heap+heap/2+8<<20 {
		t.Errorf("heap: %d MB before, %d MB after", heap>>20, h>>20)
	}
	t.Logf("goroutines %d -> %d, heap %d -> %d MB", goroutines, g, heap>>20, h>>20)
}

type fakeListener struct {
	net.Listener
	addr net.Addr
}

func (f fakeListener) Addr() net.Addr { return f.addr }

func TestIsLoopback(t *testing.T) {
	for _, tt := range []struct {
		ip   net.IP
		want bool
	}{{net.IPv4(127, 0, 0, 1), true}, {net.IPv6loopback, true}, {net.IPv4zero, false}, {net.IPv4(192, 0, 2, 1), false}} {
		if got := isLoopback(fakeListener{addr: &net.TCPAddr{IP: tt.ip}}); got != tt.want {
			t.Errorf("isLoopback(%v) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}
