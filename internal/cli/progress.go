package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
)

// progressLine draws one self-overwriting status line on a terminal, at most ten times a second.
type progressLine struct {
	w       io.Writer
	enabled bool
	last    time.Time
	width   int
}

func newProgressLine(w io.Writer, quiet bool) *progressLine {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progressLine{w: w, enabled: tty && !quiet}
}

func (p *progressLine) update(pr ingest.Progress) {
	if !p.enabled || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	s := fmt.Sprintf("%s: %3.0f%%  %d rows  %d new, %d updated, %d unchanged, %d rejected",
		pr.File, pr.Fraction*100, pr.Rows, pr.Inserted, pr.Updated, pr.Unchanged, pr.Rejected)
	pad := max(0, p.width-len(s))
	p.width = len(s)
	fmt.Fprintf(p.w, "\r%s%*s", s, pad, "")
}

func (p *progressLine) done() {
	if p.enabled && p.width > 0 {
		fmt.Fprintf(p.w, "\r%*s\r", p.width, "")
		p.width = 0
	}
}

// tuneGCForImport trades memory the import has to spare for less garbage-collection work: a
// large import allocates short-lived rows at a high rate, and at the default GOGC the collector
// took a quarter of the time. The soft memory limit keeps the heap well under the 300 MB the
// import is allowed. GOGC and GOMEMLIMIT in the environment still win.
func tuneGCForImport() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(180 << 20)
	}
}
