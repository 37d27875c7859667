package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a creatorops serve process started by the benchmark.
type server struct {
	cmd     *exec.Cmd
	base    string // http://127.0.0.1:PORT
	log     string // its standard output and error
	done    chan struct{}
	waitErr error
	stopped bool
}

// startServer runs bin serve on db on a free loopback port and waits until /healthz answers 200.
func startServer(bin, db, logPath, cpuprofile string) (*server, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"--db", db}
	if cpuprofile != "" {
		args = append(args, "--cpuprofile", cpuprofile)
	}
	args = append(args, "serve", "--addr", addr)
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	// The child keeps its own copy of the file descriptor.
	defer logf.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// If the benchmark dies, the server must not keep the port and the database.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s serve: %w", bin, err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: logPath, done: make(chan struct{})}
	go func() { s.waitErr = cmd.Wait(); close(s.done) }()
	fmt.Fprintf(os.Stderr, "server pid %d on %s, log in %s; waiting for /healthz…\n", cmd.Process.Pid, s.base, logPath)
	probe := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(2 * time.Minute) // the first start of a big database migrates it
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return nil, fmt.Errorf("the server exited before answering /healthz: %v (log: %s)", s.waitErr, logPath)
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := probe.Get(s.base + "/healthz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return s, nil
		}
	}
	s.stop()
	return nil, fmt.Errorf("the server did not answer /healthz with 200 within 2 minutes (log: %s)", logPath)
}

// freeLoopbackAddr asks the kernel for a free port; another process could take it before the
// server listens, which is unlikely enough for a benchmark.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// peakRSS reads the server's high-water mark of resident memory, in KiB, while it still runs.
func (s *server) peakRSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM line in /proc/PID/status")
}

// cpuTime reads the server's user and system CPU time so far from /proc/PID/stat.
func (s *server) cpuTime() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: the fields that follow start at state.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, errors.New("unexpected /proc/PID/stat format")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	// Linux counts them in USER_HZ ticks, 100 a second on every architecture Go supports.
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// stop sends SIGTERM and waits for a clean exit (the CPU profile is written then); after 20
// seconds it kills the server. Calling it again does nothing.
func (s *server) stop() error {
	if s.stopped {
		return nil
	}
	s.stopped = true
	select {
	case <-s.done:
		return s.waitErr
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case <-s.done:
		return s.waitErr
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("the server did not stop within 20 s of SIGTERM and was killed")
	}
}
