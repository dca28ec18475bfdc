package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPagesWorkflow runs the commands of the GitHub Pages workflow the
// README offers, as GitHub would for the repository example/timeline, and
// checks that the folder it uploads is the site, built for its address.
func TestPagesWorkflow(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Permissions map[string]string
		Env         map[string]string
		Jobs        map[string]struct {
			Steps []struct {
				Uses string
				Run  string
				With map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	if wf.Permissions["pages"] != "write" || wf.Permissions["id-token"] != "write" {
		t.Errorf("permissions %v: Pages needs pages: write and id-token: write", wf.Permissions)
	}
	site := filepath.Join(t.TempDir(), "site")
	github := strings.NewReplacer("${{ github.repository_owner }}", "example",
		"${{ github.event.repository.name }}", "timeline", "${{ env.SITE_DIR }}", site)
	expression := regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	var uploaded string
	deployed := false
	for _, step := range append(wf.Jobs["build"].Steps, wf.Jobs["deploy"].Steps...) {
		switch {
		case strings.HasPrefix(step.Uses, "actions/upload-pages-artifact@"):
			uploaded = github.Replace(step.With["path"])
		case strings.HasPrefix(step.Uses, "actions/deploy-pages@"):
			deployed = true
		case step.Run != "":
			command := github.Replace(step.Run)
			if e := expression.FindString(command); e != "" {
				t.Fatalf("the test does not know %s, in %q", e, step.Run)
			}
			cmd := exec.Command("bash", "-euo", "pipefail", "-c", command)
			cmd.Dir = "../.."
			cmd.Env = append(os.Environ(), "SITE_DIR="+site)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", command, err, out)
			}
		}
	}
	if uploaded != site || !deployed {
		t.Fatalf("the workflow uploads %q (want the built folder %s) and deploys: %v", uploaded, site, deployed)
	}
	page, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `<link rel="canonical" href="https://example.github.io/timeline/">`; !strings.Contains(string(page), want) {
		t.Errorf("index.html has no %s", want)
	}
	if _, err := os.Stat(filepath.Join(site, "feed.xml")); err != nil {
		t.Errorf("no feed: %v", err)
	}
}
