package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetupInstallsWhatIsMissing runs .ci/setup on machines that lack some
// of what it needs, with apt-get, sudo, npm and go replaced by stand-ins
// that log how they are called: it installs the Debian packages that are
// missing, through sudo when not root, and then the npm tools and the Go
// modules, whatever the machine had.
func TestSetupInstallsWhatIsMissing(t *testing.T) {
	setup, err := filepath.Abs("../../.ci/setup")
	if err != nil {
		t.Fatal(err)
	}
	commands := map[string]string{"default-jre-headless": "java", "chromium": "chromium",
		"libxml2-utils": "xmllint", "poppler-utils": "pdftotext", "nodejs": "node", "npm": "npm"}
	for _, tt := range []struct {
		name string
		uid  string
		has  []string // the commands the machine has
		want []string // the lines of the log
	}{
		{"a bare machine, as a user", "1000", nil, []string{
			"sudo apt-get update -qq",
			"sudo apt-get install -y -qq default-jre-headless chromium libxml2-utils poppler-utils nodejs npm",
			"npm install", "node .ci/tools/node_modules/pagefind/lib/runner/bin.cjs --version", "go mod download", "go install honnef.co/go/tools/cmd/staticcheck"}},
		{"a bare machine, as root", "0", nil, []string{
			"apt-get update -qq",
			"apt-get install -y -qq default-jre-headless chromium libxml2-utils poppler-utils nodejs npm",
			"npm install", "node .ci/tools/node_modules/pagefind/lib/runner/bin.cjs --version", "go mod download", "go install"}},
		{"a machine with Node and a JRE", "0", []string{"java", "node", "npm"}, []string{
			"apt-get update -qq",
			"apt-get install -y -qq chromium libxml2-utils poppler-utils",
			"npm install", "node .ci/tools/node_modules/pagefind/lib/runner/bin.cjs --version", "go mod download", "go install"}},
		{"a machine with everything", "1000", []string{"java", "chromium", "xmllint", "pdftotext", "node", "npm"}, []string{
			"npm install", "node .ci/tools/node_modules/pagefind/lib/runner/bin.cjs --version", "go mod download", "go install"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// bin is the machine's PATH; apt-get installs a package by
			// linking its command from debian into bin.
			bin, debian, log := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "log")
			stub := func(dir, name, script string) {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			logs := func(name string) string { return `echo "` + name + ` $*" >>` + log }
			var install strings.Builder
			for pkg, name := range commands {
				stub(debian, name, logs(name))
				install.WriteString(`case " $* " in *" install "*" ` + pkg + ` "*) /bin/ln -s ` + debian + "/" + name + " " + bin + "/" + name + ";; esac\n")
			}
			stub(bin, "apt-get", logs("apt-get")+"\n"+install.String())
			stub(bin, "sudo", `printf "sudo " >>`+log+`; exec "$@"`)
			stub(bin, "id", "echo "+tt.uid)
			stub(bin, "go", logs("go"))
			stub(bin, "dirname", `exec /usr/bin/dirname "$@"`)
			for _, name := range tt.has {
				if err := os.Symlink(filepath.Join(debian, name), filepath.Join(bin, name)); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("/bin/bash", setup)
			cmd.Env = []string{"PATH=" + bin, "HOME=" + t.TempDir()}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			data, _ := os.ReadFile(log)
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("log:\n%s\nwant lines starting:\n%s", data, strings.Join(tt.want, "\n"))
			}
			for i, want := range tt.want {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("line %d: %q, want it to start %q", i+1, lines[i], want)
				}
			}
		})
	}
}
