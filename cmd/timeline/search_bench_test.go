package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// searchQueries are the benchmark's five queries, one of each kind, from
// the synthetic vocabulary (site/synth): a word in nearly every event, a
// number in about one event in a hundred (in tables, and the title of
// event 250), a person's name (in about one in eighty), two common words,
// and the start of a word.
var searchQueries = []struct{ kind, q string }{
	{"common", "cooperation"},
	{"rare", "250"},
	{"person", "Person 042"},
	{"two-words", "energy pipeline"},
	{"prefix", "pipel"},
}

// searchWait bounds every wait for a first result.
const searchWait = 60 * time.Second

// BenchmarkSearchInBrowser builds synthetic timelines of 10,000 and 50,000
// events (300 with -short, as CI runs every benchmark once), indexes their
// event pages with Pagefind too, and for each query and each engine opens a
// page in a fresh browser context (an empty cache) and measures the time
// from the start of navigation until the first result is in the page, and
// the bytes of the responses the page (or its workers) had by then: ours is
// search/?q=…, Pagefind's a page of the benchmark's own that calls
// pagefind.search and the first result's data().
func BenchmarkSearchInBrowser(b *testing.B) {
	sizes := []int{10000, 50000}
	if testing.Short() {
		sizes = []int{300}
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) { searchInBrowser(b, n) })
	}
}

// engine is one search to measure: the page that runs a query.
type engine struct {
	name string
	page func(q string) string // the page's path for a query
}

// firstResult is one measurement.
type firstResult struct {
	bytes   int64      // of the responses the page had when it showed the first result
	ms      float64    // from navigation start to the first result
	href    string     // the first result's link, from the site's root
	files   []sentFile // those responses, in the order they were sent
	skipped []sentFile // the other responses sent by then (an icon, files read after)
	missing []string   // what the page had and the server did not send
	none    bool       // the page found nothing
}

func searchInBrowser(b *testing.B, n int) {
	out, stats := buildSearchSite(b, n)
	srv := startBenchServer(b, out)
	browserCtx, cancel := chromedp.NewContext(chromium(b))
	b.Cleanup(cancel)
	if err := chromedp.Do(browserCtx); err != nil {
		b.Fatalf("starting Chromium: %v", err)
	}
	engines := []engine{
		{"ours", func(q string) string { return "/search/?q=" + url.QueryEscape(q) }},
		{"pagefind", func(q string) string { return "/_bench/pagefind.html?q=" + url.QueryEscape(q) }},
	}
	samples := map[string][]firstResult{}
	for b.Loop() {
		for _, query := range searchQueries {
			for _, e := range engines {
				r, err := measureFirstResult(browserCtx, srv, e.page(query.q))
				if err != nil {
					b.Fatalf("%s, %q (%d events): %v", e.name, query.q, n, err)
				}
				key := e.name + "-" + query.kind
				samples[key] = append(samples[key], r)
			}
		}
	}

	var table, detail strings.Builder
	fmt.Fprintf(&table, "%d events: %s\n| query | ours KB | ours ms | Pagefind KB | Pagefind ms |\n|---|---|---|---|---|\n", n, stats)
	for _, query := range searchQueries {
		fmt.Fprintf(&table, "| %s `%s` |", query.kind, query.q)
		for _, e := range engines {
			key := e.name + "-" + query.kind
			r := median(samples[key])
			b.ReportMetric(float64(r.bytes), key+"-B")
			b.ReportMetric(r.ms, key+"-ms")
			fmt.Fprintf(&table, " %.1f | %.0f |", float64(r.bytes)/1e3, r.ms)
			fmt.Fprintf(&detail, "%s %q: first result %s after %.0f ms, %d bytes:", e.name, query.q, r.href, r.ms, r.bytes)
			for _, f := range r.files {
				fmt.Fprintf(&detail, " %s", f)
			}
			if len(r.skipped) > 0 {
				fmt.Fprintf(&detail, "; not counted:")
				for _, f := range r.skipped {
					fmt.Fprintf(&detail, " %s", f)
				}
			}
			detail.WriteString("\n")
		}
		table.WriteString("\n")
	}
	b.ReportMetric(stats.indexTime.Seconds(), "pagefind-index-s")
	b.ReportMetric(float64(stats.pagefindBytes), "pagefind-index-B")
	b.ReportMetric(float64(stats.ourBytes), "ours-index-B")
	b.Logf("\n%s", &table)
	b.Logf("the responses each page had when it showed its first result (path, bytes on the wire, and the body before gzip):\n%s", &detail)
}

// siteStats are the figures of a built and indexed site.
type siteStats struct {
	buildTime, indexTime    time.Duration // ours for the whole site, Pagefind's for its index
	ourFiles, pagefindFiles int           // under search/ and pagefind/
	ourBytes, pagefindBytes int64
}

func (s siteStats) String() string {
	return fmt.Sprintf("built in %.1f s, search/ holds %d files, %.1f MB; Pagefind indexed the event pages in %.1f s into %d files, %.1f MB",
		s.buildTime.Seconds(), s.ourFiles, float64(s.ourBytes)/1e6, s.indexTime.Seconds(), s.pagefindFiles, float64(s.pagefindBytes)/1e6)
}

// buildSearchSite makes a synthetic timeline of n events, builds it as
// timeline build does, indexes it with Pagefind, and writes the harness
// page; it returns the output folder.
func buildSearchSite(b *testing.B, n int) (string, siteStats) {
	pagefind, err := filepath.Abs("../../.ci/tools/node_modules/pagefind/lib/runner/bin.cjs")
	if err == nil {
		_, err = os.Stat(pagefind)
	}
	if err != nil {
		b.Fatalf("the search benchmark needs Pagefind; .ci/setup installs it into .ci/tools: %v", err)
	}
	dir := b.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	var log bytes.Buffer
	if code := run([]string{"synth", "--events", strconv.Itoa(n), content}, &log, &log); code != 0 {
		b.Fatalf("timeline synth: exit %d\n%s", code, &log)
	}
	var stats siteStats
	start := time.Now()
	if code := run([]string{"build", "--content", content, "--out", out}, &log, &log); code != 0 {
		b.Fatalf("timeline build: exit %d\n%s", code, &log)
	}
	stats.buildTime = time.Since(start)
	if _, err := os.Stat(filepath.Join(out, "search", "index.html")); err != nil {
		b.Fatalf("the build has no search page (search/index.html): %v", err)
	}

	// Pagefind reads only the event pages (and their whole <body>, as none
	// marks data-pagefind-body), as those are what our index covers.
	start = time.Now()
	cmd := exec.Command("node", pagefind, "--site", out, "--glob", "events/**/*.html")
	pfLog, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s: %v\n%s", cmd, err, pfLog)
	}
	stats.indexTime = time.Since(start)
	if !bytes.Contains(pfLog, fmt.Appendf(nil, "Indexed %d pages\n", n)) {
		b.Fatalf("Pagefind did not index the %d event pages:\n%s", n, pfLog)
	}
	stats.pagefindFiles, stats.pagefindBytes = folderSize(b, filepath.Join(out, "pagefind"))
	stats.ourFiles, stats.ourBytes = folderSize(b, filepath.Join(out, "search"))

	// The harness is written after indexing, so Pagefind never sees it.
	harness := filepath.Join(out, "_bench", "pagefind.html")
	if err := os.MkdirAll(filepath.Dir(harness), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(harness, []byte(pagefindHarness), 0o644); err != nil {
		b.Fatal(err)
	}
	return out, stats
}

// median gives the measurement of median time among samples.
func median(samples []firstResult) firstResult {
	sorted := slices.Clone(samples)
	slices.SortFunc(sorted, func(a, b firstResult) int { return cmp.Compare(a.ms, b.ms) })
	return sorted[len(sorted)/2]
}

// folderSize counts the files under dir and their bytes.
func folderSize(tb testing.TB, dir string) (files int, size int64) {
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files, size = files+1, size+info.Size()
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files, size
}

// pagefindHarness searches with Pagefind's JavaScript API as a site would,
// and shows the first result as ours does, so that one observer times both.
const pagefindHarness = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Pagefind</title><link rel="icon" href="data:,">
<ol id="results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
const search = await pagefind.search(q);
const first = search.results.length ? await search.results[0].data() : null;
const ol = document.getElementById("results");
if (first) {
  const li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
  li.className = "result";
  a.href = first.url;
  a.textContent = first.meta.title;
  p.className = "excerpt";
  p.innerHTML = first.excerpt;
  li.append(a, p);
  ol.append(li);
} else {
  benchFoundNothing();
}
</script>
</html>
`

// firstResultObserver runs in every page before its own scripts: when the
// first #results li.result is in the document it sends the server the time
// and the URLs of the document and of every resource the page had by then
// (the resource timing entries; a worker's fetches are not among them).
const firstResultObserver = `(() => {
  performance.setResourceTimingBufferSize(100000);
  let told = false;
  const tell = (report) => {
    told = true;
    fetch("/_bench/first-result", {method: "POST", body: JSON.stringify(report), keepalive: true});
  };
  window.benchFoundNothing = () => tell({none: true});
  const look = () => {
    const li = !told && document.querySelector("#results li.result");
    if (!li) return;
    const ms = performance.now(), a = li.querySelector("a[href]");
    const loaded = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    tell({ms, href: a ? a.href : "", loaded: loaded.map((e) => e.name)});
  };
  new MutationObserver(look).observe(document, {childList: true, subtree: true});
})();`

// measureFirstResult opens page in a new browser context and waits for the
// first result.
func measureFirstResult(browserCtx context.Context, srv *benchServer, pagePath string) (firstResult, error) {
	var mu sync.Mutex
	var problems []string
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		if ev, ok := ev.(*runtime.EventExceptionThrown); ok {
			text := ev.ExceptionDetails.Text
			if e := ev.ExceptionDetails.Exception; e != nil {
				text = e.Description
			}
			mu.Lock()
			problems = append(problems, text)
			mu.Unlock()
		}
	}))
	defer cancel()
	// The first call opens the tab, which lives as long as that call's
	// context: so it gets ctx, and a timer that cancels ctx bounds it.
	timer := time.AfterFunc(searchWait, cancel)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: firstResultObserver})
	if !timer.Stop() {
		err = fmt.Errorf("no tab within %s", searchWait)
	}
	if err != nil {
		return firstResult{}, fmt.Errorf("preparing the page: %w", err)
	}
	wait, cancelWait := context.WithTimeout(ctx, searchWait)
	defer cancelWait()
	seen := srv.expect()
	// Page.navigate, not chromedp.Navigate, which waits for the load event.
	res, err := chromedp.Call(wait, page.Navigate, page.NavigateParams{URL: srv.url + pagePath})
	if err == nil && res.ErrorText != "" {
		err = errors.New(res.ErrorText)
	}
	if err != nil {
		return firstResult{}, fmt.Errorf("opening %s: %w", pagePath, err)
	}
	select {
	case r := <-seen:
		if r.none {
			return r, fmt.Errorf("%s found nothing", pagePath)
		}
		if len(r.missing) > 0 {
			return r, fmt.Errorf("%s had %q, which the server did not send", pagePath, r.missing)
		}
		r.href = strings.TrimPrefix(r.href, srv.url)
		if !strings.HasPrefix(r.href, "/events/") {
			return r, fmt.Errorf("the first result in %s links to %q, not an event page", pagePath, r.href)
		}
		return r, nil
	case <-wait.Done():
	}
	look, cancelLook := context.WithTimeout(ctx, 5*time.Second)
	defer cancelLook()
	text, _ := chromedp.Run(look, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 400) : ""`))
	mu.Lock()
	defer mu.Unlock()
	return firstResult{}, fmt.Errorf("no #results li.result in %s within %s; errors: %q; the page shows:\n%s",
		pagePath, searchWait, problems, text)
}

// benchServer serves a built site as a static host does, gzipping text and
// leaving other files (Pagefind's are gzipped already) as they are, and
// notes the bytes each response took on its connection.
type benchServer struct {
	url string

	mu      sync.Mutex
	sent    []sentFile      // since expect, as each response ends
	workers map[string]bool // the URLs of worker scripts served
	seen    chan firstResult
}

// sentFile is one response.
type sentFile struct {
	uri        string // as requested: path and query
	wire       int64  // written to the connection: headers, body, chunk framing
	body, size int64  // the body as sent, and before gzip
	worker     bool   // a worker's script, or fetched by a worker
}

func (f sentFile) String() string {
	if f.body != f.size {
		return fmt.Sprintf("%s %d (%d)", f.uri, f.wire, f.size)
	}
	return fmt.Sprintf("%s %d", f.uri, f.wire)
}

type connKey struct{}

func startBenchServer(tb testing.TB, root string) *benchServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &benchServer{url: "http://" + ln.Addr().String()}
	files := http.FileServerFS(os.DirFS(root))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_bench/first-result", s.firstResult)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn := r.Context().Value(connKey{}).(*countingConn)
		before := conn.written.Load()
		cw := &countingWriter{ResponseWriter: w}
		if compressible(r.URL.Path) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			r.Header.Del("Range")
			cw.gzip = gzip.NewWriter(&bodyCounter{cw})
		}
		files.ServeHTTP(cw, r)
		if cw.gzip != nil {
			cw.gzip.Close()
		}
		// Flushed, the response is on the connection but for the last
		// chunk's five bytes.
		_ = http.NewResponseController(w).Flush()
		s.mu.Lock()
		defer s.mu.Unlock()
		worker := r.Header.Get("Sec-Fetch-Dest") == "worker"
		if worker {
			s.workers[s.url+r.RequestURI] = true
		}
		s.sent = append(s.sent, sentFile{uri: r.RequestURI, wire: conn.written.Load() - before, body: cw.sent, size: cw.size,
			worker: worker || s.workers[r.Referer()]})
	}))
	hs := &http.Server{Handler: mux, ConnContext: func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, c)
	}}
	go hs.Serve(countingListener{ln})
	tb.Cleanup(func() { hs.Close() })
	return s
}

// expect starts a measurement: it forgets what was sent and gives the
// channel that the next first result arrives on.
func (s *benchServer) expect() <-chan firstResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent, s.workers = nil, map[string]bool{}
	s.seen = make(chan firstResult, 1)
	return s.seen
}

// firstResult takes a page's report and counts the responses that it had:
// those it names, and those its workers fetched before the report came.
func (s *benchServer) firstResult(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
	var report struct {
		MS     float64  `json:"ms"`
		Href   string   `json:"href"`
		None   bool     `json:"none"`
		Loaded []string `json:"loaded"`
	}
	if err := json.NewDecoder(r.Body).Decode(&report); err != nil {
		report.Href = "a report the benchmark could not read: " + err.Error()
	}
	res := firstResult{ms: report.MS, href: report.Href, none: report.None}
	// The server notes a response just after sending it, so one that the
	// page had may take a moment to be noted.
	for deadline := time.Now().Add(time.Second); ; time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		res.files, res.skipped, res.missing = nil, nil, nil
		need := map[string]int{}
		for _, u := range report.Loaded {
			need[u]++
		}
		for _, f := range s.sent {
			switch u := s.url + f.uri; {
			case need[u] > 0:
				need[u]--
				res.files = append(res.files, f)
			case f.worker:
				res.files = append(res.files, f)
			default:
				res.skipped = append(res.skipped, f)
			}
		}
		for u, n := range need {
			for range n {
				res.missing = append(res.missing, u)
			}
		}
		if len(res.missing) == 0 || time.Now().After(deadline) {
			break
		}
		s.mu.Unlock()
	}
	defer s.mu.Unlock()
	for _, f := range res.files {
		res.bytes += f.wire
	}
	select {
	case s.seen <- res:
	default: // a second report from the same page
	}
}

// compressible tells the files a static host gzips, by their names: text,
// and folders (their index.html).
func compressible(p string) bool {
	if strings.HasSuffix(p, "/") {
		return true
	}
	t, _, _ := mime.ParseMediaType(mime.TypeByExtension(path.Ext(p)))
	return strings.HasPrefix(t, "text/") || t == "application/json" || t == "application/javascript" ||
		t == "image/svg+xml" || t == "application/xml"
}

// countingWriter gzips the body when gzip is set, and counts its bytes
// before (size) and after (sent) compression.
type countingWriter struct {
	http.ResponseWriter
	gzip       *gzip.Writer
	sent, size int64
	header     bool // written
}

func (w *countingWriter) WriteHeader(code int) {
	w.header = true
	if w.gzip != nil {
		h := w.Header()
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if !w.header {
		w.WriteHeader(http.StatusOK)
	}
	w.size += int64(len(p))
	if w.gzip != nil {
		return w.gzip.Write(p)
	}
	w.sent += int64(len(p))
	return w.ResponseWriter.Write(p)
}

// bodyCounter takes the gzipped body to the response.
type bodyCounter struct{ w *countingWriter }

func (c *bodyCounter) Write(p []byte) (int, error) {
	c.w.sent += int64(len(p))
	return c.w.ResponseWriter.Write(p)
}

// countingListener counts the bytes written to each of its connections.
type countingListener struct{ net.Listener }

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c}, nil
}

type countingConn struct {
	net.Conn
	written atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written.Add(int64(n))
	return n, err
}
