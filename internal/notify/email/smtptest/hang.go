package smtptest

import (
	"net"
	"sync"
)

// Silent is a TCP listener that accepts connections and never says a word, like a firewall
// that swallows packets after the handshake: the client must time out on the greeting.
type Silent struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// StartSilent listens on 127.0.0.1 on a free port.
func StartSilent() (*Silent, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Silent{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s, nil
}

// Port is the listening port.
func (s *Silent) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Close stops listening and drops the held connections.
func (s *Silent) Close() {
	_ = s.ln.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
}
