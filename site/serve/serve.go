// Package serve is the live-preview server. It serves the latest build of
// a site from memory (a Lazy build, whose pages are made as they are
// asked for), with a small script injected into every page (never
// written to disk) that listens for Server-Sent Events: "reload" once a
// new build that changed a page is in place, "css" when only stylesheets
// changed. While the content
// is broken it keeps serving the last good build and lays an overlay over
// every page naming each error's file:line:col with the offending lines;
// the next good build takes it away.
package serve

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"timeline/site"
)

// EventsPath is where browsers listen for reloads.
const EventsPath = "/_timeline/events"

// maxClients bounds the live-reload connections held open at once.
const maxClients = 64

// A Server serves the current build. Its zero value is not usable; call New.
type Server struct {
	mu      sync.RWMutex
	site    *site.Site
	errs    site.Diagnostics // the last build's errors; nil after a good build
	version int              // counts the builds handed over
	clients map[chan string]bool
	done    chan struct{}
	closed  bool

	// ReadFile reads a file named in an error, to show its lines.
	ReadFile func(name string) ([]byte, error)
	// Hosts are the host names the server answers to besides localhost
	// and addresses (see allowedHost).
	Hosts []string
}

// New returns a server with nothing built yet.
func New(readFile func(string) ([]byte, error)) *Server {
	return &Server{clients: map[chan string]bool{}, done: make(chan struct{}), ReadFile: readFile}
}

// Update hands the server the result of a build and tells the browsers:
// a failed build keeps the last good site and shows its errors.
func (s *Server) Update(next *site.Site, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	event := ""
	switch {
	case err != nil:
		errs := asErrors(err)
		if s.errs.Error() != errs.Error() {
			event = "reload"
		}
		s.errs = errs
	case s.errs != nil || s.site == nil:
		s.site, s.errs, event = next, nil, "reload"
	default:
		event = change(next.Changed(s.site))
		s.site = next
	}
	if event == "" {
		return
	}
	s.version++
	msg := fmt.Sprintf("event: %s\ndata: %d\n\n", event, s.version)
	for c := range s.clients {
		select {
		case c <- msg:
		default: // this client has a reload pending already
		}
	}
}

func asErrors(err error) site.Diagnostics {
	var errs site.Diagnostics
	if errors.As(err, &errs) {
		return errs
	}
	return site.Diagnostics{{Msg: err.Error()}}
}

// change names what a browser must do between two builds, given the
// files that changed: nothing when none did, "css" when only stylesheets
// did, else "reload".
func change(changed []string) string {
	event := ""
	for _, name := range changed {
		if !strings.HasSuffix(name, ".css") {
			return "reload"
		}
		event = "css"
	}
	return event
}

// Close ends every live-reload connection, so that the HTTP server can
// shut down.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// Clients counts the open live-reload connections.
func (s *Server) Clients() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.clients)
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if !s.allowedHost(r.Host) {
		http.Error(w, fmt.Sprintf("this preview does not answer to the host name %q; "+
			"open it at localhost or its address, or start it with --host %s", r.Host, hostName(r.Host)), http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	s.mu.RLock()
	st, errs, version := s.site, s.errs, s.version
	s.mu.RUnlock()
	if st == nil {
		st = &site.Site{Files: map[string][]byte{}}
	}
	name, data, redirect, ok := lookup(st, r.URL.Path)
	switch {
	case redirect != "":
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	case !ok:
		w.WriteHeader(http.StatusNotFound)
		name = "404.html"
		if data, ok = st.File(name); !ok {
			s.writePage(w, []byte("<!DOCTYPE html><title>Not found</title><h1>Not found</h1></html>"), errs, version)
			return
		}
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if write, ok := st.Writer(name); ok {
		write(w) // an export made in pieces, sent as they are made
		return
	}
	if strings.HasPrefix(ctype, "text/html") {
		s.writePage(w, data, errs, version)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// allowedHost tells whether a request's Host is one the preview answers
// to: an IP address, localhost (or a name under .localhost), or one of
// Hosts. A web page whose own name a DNS rebinding points at 127.0.0.1
// sends its own name, and so cannot read the preview, its drafts or its
// overlay's excerpts of the content.
func (s *Server) allowedHost(host string) bool {
	name := hostName(host)
	if _, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
		return true
	}
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	for _, h := range s.Hosts {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// hostName is a Host header without its port.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}

// lookup finds the file for a URL path, and gives its bytes: the file
// itself, or the folder's index.html. A folder asked for without its slash
// is redirected to it, as static hosts do, so that relative links resolve.
// The file is made once, or, for an export made in pieces, not yet (see
// site.Site.Writer): one too large to keep is made on each ask.
func lookup(st *site.Site, urlPath string) (name string, data []byte, redirect string, ok bool) {
	if strings.Contains(urlPath, "\\") || strings.Contains(urlPath, "\x00") {
		return "", nil, "", false
	}
	clean := path.Clean("/" + urlPath)
	name = strings.TrimPrefix(clean, "/")
	if strings.HasSuffix(urlPath, "/") || name == "" {
		name = path.Join(name, "index.html")
	}
	if _, ok := st.Writer(name); ok {
		return name, nil, "", true
	}
	if data, ok := st.File(name); ok {
		return name, data, "", true
	}
	if _, ok := st.File(path.Join(name, "index.html")); ok && !strings.HasSuffix(urlPath, "/") {
		return "", nil, clean + "/", false
	}
	return "", nil, "", false
}

// writePage sends an HTML page of build version with the reload script,
// and the error overlay when the last build failed.
func (s *Server) writePage(w http.ResponseWriter, page []byte, errs site.Diagnostics, version int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var extra bytes.Buffer
	if errs != nil {
		s.overlay(&extra, errs)
	}
	fmt.Fprintf(&extra, reloadScript, version)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+extra.Len())
	out = append(append(append(out, page[:i]...), extra.Bytes()...), page[i:]...)
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Write(out)
}

// events streams reload events to one browser until it goes away.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	c := make(chan string, 4)
	s.mu.Lock()
	if len(s.clients) >= maxClients || s.closed {
		s.mu.Unlock()
		http.Error(w, "too many live-reload connections", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = true
	version := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	if _, err := fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", version); err != nil || rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		msg := ""
		select {
		case msg = <-c:
		case <-ping.C:
			msg = ": ping\n\n" // finds browsers that left without a word
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		if _, err := fmt.Fprint(w, msg); err != nil || rc.Flush() != nil {
			return
		}
	}
}

// reloadScript listens for builds; %d is the build the page comes from.
// "hello" carries the build current when the browser connects: if that is
// another (a build finished between the page and the connection, the
// connection dropped, or the server restarted), the page is stale.
const reloadScript = `<script>
(() => {
  let seen = "%d";
  const es = new EventSource("` + EventsPath + `");
  es.addEventListener("hello", (e) => {
    if (seen !== e.data) location.reload();
  });
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("css", (e) => {
    seen = e.data;
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", e.data);
      link.href = url.href;
    }
  });
})();
</script>
`
