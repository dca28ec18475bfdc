package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

func testSite(title, css string) *site.Site {
	return &site.Site{Files: map[string][]byte{
		"index.html":          []byte("<!DOCTYPE html><html><body><h1>" + title + "</h1></body></html>"),
		"events/a/index.html": []byte("<!DOCTYPE html><html><body><h1>Event A</h1></body></html>"),
		"404.html":            []byte("<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>"),
		"assets/style.css":    []byte(css),
		"data/events.json":    []byte(`[]`),
	}}
}

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func start(t *testing.T, files map[string]string) (*Server, *httptest.Server) {
	s := New(func(name string) ([]byte, error) {
		if text, ok := files[name]; ok {
			return []byte(text), nil
		}
		return nil, io.ErrUnexpectedEOF
	})
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); srv.Close() })
	return s, srv
}

func TestServesPagesFromMemory(t *testing.T) {
	s, srv := start(t, nil)
	s.Update(testSite("Home", "body{}"), nil)
	tests := []struct {
		path, status, ctype, body string
		script                    bool
	}{
		{"/", "200 OK", "text/html; charset=utf-8", "<h1>Home</h1>", true},
		{"/events/a/", "200 OK", "text/html; charset=utf-8", "<h1>Event A</h1>", true},
		{"/assets/style.css", "200 OK", "text/css; charset=utf-8", "body{}", false},
		{"/data/events.json", "200 OK", "application/json", "[]", false},
		{"/nowhere/", "404 Not Found", "text/html; charset=utf-8", "<h1>Page not found</h1>", true},
		{"/../../etc/passwd", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/%2e%2e/%2e%2e/etc/passwd", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/..%5c..%5cetc%5cpasswd", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/.%2e/.%2e/etc/passwd", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/%2fetc%2fpasswd", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/C:%5cWindows%5cwin.ini", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/assets/style.css%00.html", "404 Not Found", "text/html; charset=utf-8", "Page not found", true},
		{"/events/a", "301 Moved Permanently", "", "", false},
	}
	for _, tt := range tests {
		resp, body := get(t, srv, tt.path)
		if resp.Status != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) ||
			!strings.Contains(body, tt.body) {
			t.Errorf("GET %s: %s %q %q", tt.path, resp.Status, resp.Header.Get("Content-Type"), body)
		}
		if got := strings.Contains(body, EventsPath); got != tt.script {
			t.Errorf("GET %s: reload script present = %v, want %v", tt.path, got, tt.script)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff header", tt.path)
		}
	}
	if resp, _ := get(t, srv, "/events/a"); resp.Header.Get("Location") != "/events/a/" {
		t.Errorf("redirect to %q, want /events/a/", resp.Header.Get("Location"))
	}
}

// listen opens a live-reload connection and returns its events, one a
// string "name data", after the hello.
func listen(t *testing.T, srv *httptest.Server) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	events := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				events <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(events)
	}()
	if hello := <-events; !strings.HasPrefix(hello, "hello ") {
		t.Fatalf("first event %q, want hello", hello)
	}
	return events
}

func expect(t *testing.T, events <-chan string, want string) {
	t.Helper()
	select {
	case got := <-events:
		if got != want {
			t.Errorf("event %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Errorf("no event; want %q", want)
	}
}

func expectNone(t *testing.T, events <-chan string) {
	t.Helper()
	select {
	case got := <-events:
		t.Errorf("unexpected event %q", got)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestReloadAfterEachBuild(t *testing.T) {
	s, srv := start(t, nil)
	s.Update(testSite("One", "a{}"), nil)
	events := listen(t, srv)

	s.Update(testSite("Two", "a{}"), nil)
	expect(t, events, "reload 2")
	if _, body := get(t, srv, "/"); !strings.Contains(body, "<h1>Two</h1>") || !strings.Contains(body, `let seen = "2"`) {
		t.Errorf("after the reload event the page is %q; want build 2's, marked as build 2", body)
	}
	s.Update(testSite("Two", "a{color:red}"), nil)
	expect(t, events, "css 3")
	s.Update(testSite("Two", "a{color:red}"), nil)
	expectNone(t, events)
}

func TestOverlayWhileBroken(t *testing.T) {
	files := map[string]string{"content/events/a.md": "---\ntitle: A\ndate: 2024-13-01\ntype: meeting\n---\n"}
	s, srv := start(t, files)
	s.Update(testSite("Good", ""), nil)
	events := listen(t, srv)

	broken := site.Diagnostics{{Pos: site.Pos{File: "content/events/a.md", Line: 3, Col: 7}, Msg: `date: "2024-13-01" has no month 13`}}
	s.Update(nil, broken)
	expect(t, events, "reload 2")
	for _, path := range []string{"/", "/events/a/", "/nowhere/"} {
		_, body := get(t, srv, path)
		for _, want := range []string{
			`id="timeline-errors"`, "<strong>content/events/a.md:3:7</strong>",
			"date: &#34;2024-13-01&#34; has no month 13", "   2 | title: A",
			"   3 | date: 2024-13-01", "   4 | type: meeting",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s while broken: no %q in\n%s", path, want, body)
			}
		}
	}
	if _, body := get(t, srv, "/"); !strings.Contains(body, "<h1>Good</h1>") {
		t.Error("the last good site is not served under the overlay")
	}
	s.Update(nil, broken) // the same errors again: nothing new to show
	expectNone(t, events)

	s.Update(testSite("Fixed", ""), nil)
	expect(t, events, "reload 3")
	if _, body := get(t, srv, "/"); strings.Contains(body, "timeline-errors") || !strings.Contains(body, "<h1>Fixed</h1>") {
		t.Errorf("after the fix: %s", body)
	}
}

func TestBoundedClients(t *testing.T) {
	s, srv := start(t, nil)
	s.Update(testSite("One", ""), nil)
	for range maxClients {
		listen(t, srv)
	}
	resp, _ := http.Get(srv.URL + EventsPath)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("client %d: %s, want 503", maxClients+1, resp.Status)
	}
	resp.Body.Close()
}

func TestDroppedClientsAreCleanedUp(t *testing.T) {
	s, srv := start(t, nil)
	s.Update(testSite("One", ""), nil)
	var cancels []context.CancelFunc
	for range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		cancels = append(cancels, cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+EventsPath, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
	}
	if n := s.Clients(); n != 20 {
		t.Fatalf("%d clients connected, want 20", n)
	}
	for _, cancel := range cancels {
		cancel()
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Clients() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.Clients(); n != 0 {
		t.Errorf("%d clients still held after all went away", n)
	}
}

// TestAnswersOnlyToItsHosts: a request whose Host is a name other than
// localhost or one the server was given (as a page rebinding its own
// name to 127.0.0.1 sends) is refused; addresses and localhost are served.
func TestAnswersOnlyToItsHosts(t *testing.T) {
	s, srv := start(t, nil)
	s.Hosts = []string{"preview.example"}
	s.Update(testSite("Home", ""), nil)
	for host, want := range map[string]int{
		"127.0.0.1:1989": http.StatusOK, "localhost:1989": http.StatusOK, "LOCALHOST": http.StatusOK,
		"[::1]:1989": http.StatusOK, "192.168.1.5:1989": http.StatusOK, "app.localhost": http.StatusOK,
		"preview.example:1989": http.StatusOK,
		"attacker.example":     http.StatusMisdirectedRequest, "attacker.example:1989": http.StatusMisdirectedRequest,
		"localhost.attacker.example": http.StatusMisdirectedRequest,
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %s, want %d", host, resp.Status, want)
		}
		if want != http.StatusOK && strings.Contains(string(body), "<h1>Home</h1>") {
			t.Errorf("Host %s: the page was served", host)
		}
	}
}

// preview serves the default content built as the preview builds it,
// with output o alone.
func preview(t *testing.T, o site.Output) (*site.Site, *httptest.Server) {
	st, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, Cache: site.NewCache(), Lazy: true,
		Outputs: []site.Output{o}})
	if err != nil {
		t.Fatal(err)
	}
	s, srv := start(t, nil)
	s.Update(st, nil)
	return st, srv
}

// An export too large to keep is made once for each request, not once
// to find it and again to send it.
func TestBigFileMadeOncePerRequest(t *testing.T) {
	var made atomic.Int32
	big := func(*site.Site) map[string]func() []byte {
		return map[string]func() []byte{"data/big.json": func() []byte {
			made.Add(1)
			return []byte("[" + strings.Repeat(" ", 2<<20) + "]")
		}}
	}
	_, srv := preview(t, big)
	for i := range 2 {
		if resp, body := get(t, srv, "/data/big.json"); resp.StatusCode != http.StatusOK || len(body) != 2<<20+2 {
			t.Fatalf("GET /data/big.json: %s, %d bytes", resp.Status, len(body))
		}
		if n := made.Load(); n != int32(i+1) {
			t.Fatalf("after %d requests the file was made %d times", i+1, n)
		}
	}
}

// An export made in pieces reaches the reader while it is being made:
// the preview holds a piece at a time, not the whole file.
func TestPiecesSentAsMade(t *testing.T) {
	piece := strings.Repeat("x", 256<<10)
	got := make(chan struct{})
	pieces := func(s *site.Site) map[string]func() []byte {
		return map[string]func() []byte{"data/big.txt": s.InPieces("data/big.txt", func(w io.Writer) {
			io.WriteString(w, piece)
			select {
			case <-got:
				io.WriteString(w, "and the rest")
			case <-time.After(5 * time.Second):
				io.WriteString(w, "and the rest, after the reader waited 5 s for the first piece")
			}
		})}
	}
	st, srv := preview(t, pieces)
	resp, err := http.Get(srv.URL + "/data/big.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, len(piece))
	if _, err := io.ReadFull(resp.Body, first); err != nil || string(first) != piece {
		t.Fatalf("the first piece: %v", err)
	}
	close(got)
	if rest, _ := io.ReadAll(resp.Body); string(rest) != "and the rest" {
		t.Errorf("after the first piece came %q", rest)
	}
	if data, ok := st.File("data/big.txt"); !ok || string(data) != piece+"and the rest" {
		t.Errorf("File gives %d bytes, want the %d of both pieces", len(data), len(piece)+12)
	}
}
