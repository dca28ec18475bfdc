package diskcache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgramKnownByItsStamp: a program file that is as it was when its
// sum was kept is not hashed again, and one rewritten with the same size
// and modification time is.
func TestProgramKnownByItsStamp(t *testing.T) {
	defer func(was time.Duration) { settle = was }(settle)
	settle = 0
	dir := t.TempDir()
	c, err := Open(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "timeline")
	if err := os.WriteFile(prog, []byte("version 1"), 0o755); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(prog)
	_, first, err := c.Fingerprint(Inputs{Program: prog})
	if err != nil {
		t.Fatal(err)
	}
	// Its bytes changed behind the cache's back: a program built anew,
	// the same size, given its old time.
	if err := os.WriteFile(prog, []byte("version 2"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(prog, info.ModTime(), info.ModTime())
	_, second, err := c.Fingerprint(Inputs{Program: prog})
	if err != nil {
		t.Fatal(err)
	}
	if second == first {
		t.Errorf("a program rewritten with its size and time has the old one's fingerprint")
	}
	// Unchanged since: known by its stamp, so the sum kept is the one
	// used, not read from the file.
	known := filepath.Join(c.dir, "programs")
	kept, err := os.ReadFile(known)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(kept), "\n")
	stamp, _, _ := strings.Cut(line, " sum ")
	if err := os.WriteFile(known, []byte(stamp+" sum "+strings.Repeat("0", 64)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, third, err := c.Fingerprint(Inputs{Program: prog})
	if err != nil {
		t.Fatal(err)
	}
	if third == second {
		t.Errorf("the unchanged program was hashed again, not known by its stamp")
	}
}
