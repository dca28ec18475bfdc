package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"timeline/content"
	"timeline/site"
	"timeline/site/diskcache"
	"timeline/templates"
)

// cacheFlags choose where timeline build keeps its records of earlier
// builds (package diskcache): the user's cache folder, unless --cache
// names another or --no-cache turns them off.
type cacheFlags struct {
	dir string
	off bool
}

func (c *cacheFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&c.dir, "cache", "", "the build cache `folder` (default: timeline in the user's cache folder)")
	fl.BoolVar(&c.off, "no-cache", false, "build everything, and keep no record of the build")
}

// A buildCache is the cache one build uses: where, and the fingerprints
// of what the build reads, taken before it reads anything.
type buildCache struct {
	*diskcache.Cache
	dir, inputs, build string
}

// open opens the cache for a build with opts, or says on stderr why it
// cannot and gives nil: the build goes on without one.
func (c *cacheFlags) open(b *buildFlags, opts site.Options, stderr io.Writer) *buildCache {
	if c.off {
		return nil
	}
	dir := c.dir
	if dir == "" {
		var err error
		if dir, err = diskcache.Default(); err != nil {
			fmt.Fprintf(stderr, "timeline build: there is no user cache folder (%v); building without a cache (--cache names one)\n", err)
			return nil
		}
	}
	cache, err := diskcache.Open(dir)
	if err == nil {
		var in diskcache.Inputs
		in, err = inputs(b, opts)
		if err == nil {
			var fp, build string
			if fp, build, err = cache.Fingerprint(in); err == nil {
				return &buildCache{cache, dir, fp, build}
			}
		}
	}
	fmt.Fprintf(stderr, "timeline build: cannot use the build cache in %s (%v); building without it\n", dir, err)
	return nil
}

// inputs are what a build with opts reads: the content and template
// folders on disk, its options and this program, which holds the built-in
// content and templates.
func inputs(b *buildFlags, opts site.Options) (diskcache.Inputs, error) {
	prog, err := program()
	if err != nil {
		return diskcache.Inputs{}, err
	}
	in := diskcache.Inputs{Program: prog,
		Options: fmt.Sprintf("content=%q builtin=%v templates=%q builtin=%v base-url=%q drafts=%v",
			b.content, opts.Content == content.FS, b.templates, opts.Templates == templates.FS, b.baseURL, b.drafts)}
	if opts.Content != content.FS {
		in.Folders = append(in.Folders, b.content)
	}
	if opts.Templates != templates.FS {
		in.Folders = append(in.Folders, b.templates)
	}
	return in, nil
}

// program gives the file of the running program, whose bytes identify its
// version and its built-in content and templates.
var program = os.Executable

// last gives what the cache knows of the last build into out, calling
// read with its record before the output is listed; a damaged record is
// reported and ignored.
func (c *buildCache) last(b *buildFlags, stderr io.Writer, read func(*diskcache.Record)) *diskcache.Last {
	l, err := c.Last(b.content, b.out, read)
	if errors.Is(err, diskcache.ErrDamaged) {
		fmt.Fprintf(stderr, "timeline build: the build cache in %s has a damaged record; building again\n", c.dir)
	}
	return l
}

// store gives s, the store of what builds of the content parsed, saying
// on stderr if it was damaged.
func (c *buildCache) store(s *diskcache.Store, stderr io.Writer) *diskcache.Store {
	if s.Damaged {
		fmt.Fprintf(stderr, "timeline build: the build cache in %s has a damaged store of bodies; converting them again\n", c.dir)
	}
	return s
}

// save records a build that left outputs (with the key of each) in
// folders, and keeps what it parsed, or says on w why it could not.
func (c *buildCache) save(b *buildFlags, st *diskcache.Store, outputs, folders []diskcache.File, keys map[string][32]byte, listed error, stdout, stderr string, w io.Writer) {
	err := listed
	if err == nil {
		for i, f := range outputs {
			if key, ok := keys[f.Name]; ok {
				outputs[i].Key = key
			}
		}
		err = c.Save(b.content, b.out, diskcache.Record{Inputs: c.inputs, Build: c.build, Outputs: outputs, Folders: folders, Stdout: stdout, Stderr: stderr})
	}
	if err == nil {
		err = st.Save(c.Cache)
	}
	if err != nil {
		fmt.Fprintf(w, "timeline build: cannot keep a record in the build cache in %s (%v); the next build will not be quicker\n", c.dir, err)
	}
}
