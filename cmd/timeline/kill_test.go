package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"timeline/site/synth"
)

// entriesOf lists the names in a folder.
func entriesOf(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// sums gives every file of a folder with the hash of its bytes.
func sums(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKilledBuildsLoseNothing kills a build (SIGKILL, in a process of its
// own) at ten moments from its start to its end: every time the output
// is the previous site, whole, and the next build leaves no stage beside
// it. A build stopped with SIGTERM leaves none at all.
func TestKilledBuildsLoseNothing(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "timeline") // testscript.Main runs it as the command
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	if err := os.CopyFS(content, synth.FS(500, 1)); err != nil {
		t.Fatal(err)
	}
	build := func() *exec.Cmd { return exec.Command(bin, "build", "--content", content, "--out", out) }
	start := time.Now()
	if msg, err := build().CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, msg)
	}
	took := time.Since(start)
	want := sums(t, out)
	for i := range 10 {
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(took * time.Duration(i) / 9)
		cmd.Process.Kill()
		cmd.Wait()
		got := sums(t, out)
		if len(got) != len(want) {
			t.Fatalf("killed at %d/9 of a build: the output has %d files, want %d", i, len(got), len(want))
		}
		for name, sum := range want {
			if got[name] != sum {
				t.Fatalf("killed at %d/9 of a build: %s differs", i, name)
			}
		}
	}
	// A build told to stop (Ctrl-C, SIGTERM) takes its own stage away.
	for i := range 4 {
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(took * time.Duration(2*i+1) / 8)
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		for _, e := range entriesOf(t, dir) {
			if strings.HasPrefix(e, ".public.new-") {
				t.Errorf("a build stopped at %d/8 left %s", 2*i+1, e)
			}
		}
		if got := sums(t, out); len(got) != len(want) {
			t.Fatalf("a build stopped at %d/8 left %d files, want %d: %v", 2*i+1, len(got), len(want), got)
		}
	}
	if msg, err := build().CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, msg)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("%s is left beside the output", e.Name())
		}
	}
}
