package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"timeline/site"
	"timeline/site/serve"
	"timeline/site/watch"
)

// quiet is how long a folder must stay still before a rebuild: long enough
// to take in an editor's save, short enough not to be felt.
const quiet = 10 * time.Millisecond

// A preview rebuilds the site whenever its folders change and hands each
// result on: to the server, or to the output folder.
type preview struct {
	opts   site.Options
	dirs   []string // the folders on disk to watch
	stdout io.Writer
	stderr io.Writer
	built  func(*site.Site, error)
	hosts  []string // host names the server answers to, besides localhost and addresses
	kept   string   // what a failed build leaves the reader: "still showing the last good build"
}

// build runs one build, reports it, hands it on and returns it.
func (p *preview) build() *site.Site {
	s, err := site.Build(p.opts)
	if err != nil {
		fmt.Fprintln(p.stderr, err)
		fmt.Fprintf(p.stderr, "timeline: %s; %s\n", countErrors(err), p.kept)
	} else {
		printWarnings(p.stderr, s.Warnings)
		fmt.Fprintf(p.stdout, "timeline: built %s in %s\n", plural(s.PageCount(), "page"), s.Elapsed.Round(100*time.Microsecond))
	}
	p.built(s, err)
	return s
}

// run builds once, calls ready, then builds after every change until ctx
// ends.
func (p *preview) run(ctx context.Context, ready func()) error {
	p.opts.Cache = site.NewCache()
	if len(p.dirs) == 0 {
		if s := p.build(); s != nil {
			noteNoFeeds(p.stdout, s)
		}
		ready()
		fmt.Fprintln(p.stderr, "timeline: the built-in content and templates are in use; nothing to watch")
		<-ctx.Done()
		return nil
	}
	// Watch before the first build, so that no change made once it is
	// out goes unseen.
	w, err := watch.New(quiet, p.dirs...)
	if err != nil {
		return fmt.Errorf("cannot watch %v: %w", p.dirs, err)
	}
	defer w.Close()
	if s := p.build(); s != nil {
		noteNoFeeds(p.stdout, s)
	}
	ready()
	for {
		select {
		case <-ctx.Done():
			return nil
		case batch, ok := <-w.Batches:
			if !ok {
				return nil
			}
			p.opts.Cache.Watched(p.inContent(batch))
			p.build()
		case err := <-w.Errors:
			fmt.Fprintf(p.stderr, "timeline: watching: %v\n", err)
		}
	}
}

// inContent gives the paths of a watcher's batch that are in the content
// folder, as the build names them ("events/x.md"; "." for the folder,
// and for all of it when the folder is not known).
func (p *preview) inContent(batch []string) []string {
	root, err := filepath.Abs(p.opts.ContentDir)
	if p.opts.ContentDir == "" || err != nil {
		return []string{"."}
	}
	var in []string
	for _, name := range batch {
		abs, err := filepath.Abs(name)
		if err != nil {
			return []string{"."}
		}
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			in = append(in, filepath.ToSlash(rel))
		}
	}
	return in
}

// listen opens the server's address, saying how to pick another when it
// is taken.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w; choose another address with --addr, or --addr 127.0.0.1:0 for any free port", addr, err)
	}
	return ln, nil
}

// servePreview serves the site at ln, rebuilding it on every change,
// until ctx ends.
func servePreview(ctx context.Context, p *preview, ln net.Listener) error {
	srv := serve.New(os.ReadFile)
	srv.Hosts = p.hosts
	p.built = srv.Update
	p.opts.Lazy = true // the server asks for the pages it serves
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	err := p.run(ctx, func() { go func() { served <- hs.Serve(ln) }() })
	srv.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err2 := hs.Shutdown(shutdown); err == nil {
		err = err2
	}
	if err2 := <-served; err == nil && !errors.Is(err2, http.ErrServerClosed) {
		err = err2
	}
	return err
}

// isLoopback reports whether a listener only takes connections from this
// machine.
func isLoopback(ln net.Listener) bool {
	addr, ok := ln.Addr().(*net.TCPAddr)
	return ok && addr.IP.IsLoopback()
}
