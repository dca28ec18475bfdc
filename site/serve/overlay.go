package serve

import (
	"bytes"
	"html/template"
	"strings"

	"timeline/site"
)

// An errorView is one error as the overlay shows it: where, what, and the
// lines around it.
type errorView struct {
	Where, Msg string
	Lines      []sourceLine
}

type sourceLine struct {
	Number int
	Text   string
	Here   bool
}

var overlayTemplate = template.Must(template.New("overlay").Parse(`<div id="timeline-errors" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;padding:2rem">
<h2 style="margin:0 0 1rem;color:#ff8b7e;font-size:1.2rem">The build failed: {{len .}} error{{if gt (len .) 1}}s{{end}}. This page is the last good build; fix the files and it reloads.</h2>
{{range .}}<section style="margin:0 0 1.5rem">
<p style="margin:0"><strong>{{.Where}}</strong>: {{.Msg}}</p>
{{with .Lines}}<pre style="margin:.4rem 0 0;padding:.5rem;background:#000;overflow:auto">{{range .}}<span{{if .Here}} style="background:#5c1d1d;display:block"{{else}} style="display:block"{{end}}>{{printf "%4d" .Number}} | {{.Text}}</span>{{end}}</pre>{{end}}
</section>{{end}}
</div>
`))

// overlay writes the error overlay for a failed build.
func (s *Server) overlay(buf *bytes.Buffer, errs site.Diagnostics) {
	views := make([]errorView, len(errs))
	for i, e := range errs {
		views[i] = errorView{Msg: e.Msg, Where: e.Pos.String(), Lines: s.lines(e)}
	}
	overlayTemplate.Execute(buf, views)
}

// lines returns the line of an error with one line either side.
func (s *Server) lines(e *site.Diagnostic) []sourceLine {
	if e.Line == 0 || e.File == "" || s.ReadFile == nil {
		return nil
	}
	data, err := s.ReadFile(e.File)
	if err != nil {
		return nil
	}
	all := strings.Split(string(data), "\n")
	var out []sourceLine
	for n := max(e.Line-1, 1); n <= min(e.Line+1, len(all)); n++ {
		out = append(out, sourceLine{n, strings.TrimRight(all[n-1], "\r"), n == e.Line})
	}
	return out
}
