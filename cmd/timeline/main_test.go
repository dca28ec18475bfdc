package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// Builds keep their records in a cache of the tests' own, not the user's.
	var err error
	if testTemp, err = os.MkdirTemp("", "timeline-test-"); err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", filepath.Join(testTemp, "cache"))
	testscript.Main(removing{m, testTemp}, map[string]func(){
		"timeline": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// removing runs the tests, then removes a folder: testscript.Main exits
// when they are done, so that a deferred call would never run.
type removing struct {
	m   *testing.M
	dir string
}

func (r removing) Run() int {
	defer os.RemoveAll(r.dir)
	return r.m.Run()
}

// testTemp is a folder for the whole run of the tests, removed after it.
var testTemp string

// TestScripts runs the command scripts in testdata/script; see
// github.com/rogpeppe/go-internal/testscript for their language, plus
// "samedir A B": the two folders hold the same files with the same bytes,
// and "waitfile FILE": FILE appears within ten seconds.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"samedir": sameDir, "waitfile": waitFile, "replace": replace},
	})
}

// replace FILE OLD NEW replaces the first OLD in FILE with NEW, as a user
// editing it would.
func replace(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 || neg {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	text := ts.ReadFile(args[0])
	if !strings.Contains(text, args[1]) {
		ts.Fatalf("%s has no %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(text, args[1], args[2], 1)), 0o644))
}

func waitFile(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: waitfile FILE")
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
	}
	ts.Fatalf("%s did not appear within 10s", args[0])
}

func sameDir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: samedir A B")
	}
	a, b := tree(ts, ts.MkAbs(args[0])), tree(ts, ts.MkAbs(args[1]))
	diff := ""
	for name, data := range a {
		if other, ok := b[name]; !ok {
			diff += fmt.Sprintf("only in %s: %s\n", args[0], name)
		} else if !bytes.Equal(data, other) {
			diff += fmt.Sprintf("differs: %s\n", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diff += fmt.Sprintf("only in %s: %s\n", args[1], name)
		}
	}
	if neg && diff == "" {
		ts.Fatalf("%s and %s are the same", args[0], args[1])
	}
	if !neg && diff != "" {
		ts.Fatalf("%s and %s differ:\n%s", args[0], args[1], diff)
	}
}

func tree(ts *testscript.TestScript, dir string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[rel], err = os.ReadFile(p)
		return err
	})
	ts.Check(err)
	return files
}

// TestWriteFailureExitCode: a site that cannot be written (here, its
// folder cannot be made, as a file stands where a parent folder goes) is
// not blamed on the content: its own message and exit status 3.
func TestWriteFailureExitCode(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	code := run([]string{"build", "--out", filepath.Join(notes, "public")}, &stdout, &stderr)
	if code != 3 || !strings.Contains(stderr.String(), "cannot write the site into") || strings.Contains(stderr.String(), "error") {
		t.Errorf("exit %d, stderr %q; want 3 and a message on writing, not on errors in the content", code, stderr.String())
	}
	if data, _ := os.ReadFile(notes); string(data) != "notes" {
		t.Error("notes.txt was changed")
	}
}
