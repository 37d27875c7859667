package cli

import (
	"fmt"
	"io"
	"os"
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
