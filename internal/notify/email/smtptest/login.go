package smtptest

import "errors"

// loginServer is the server side of AUTH LOGIN, which go-sasl no longer ships: it asks for the
// username, then the password.
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

// Next answers one client response.
func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step = 1
		if resp == nil {
			return []byte("Username:"), false, nil
		}
		fallthrough
	case 1:
		l.user, l.step = string(resp), 2
		return []byte("Password:"), false, nil
	case 2:
		l.step = 3
		return nil, true, l.check(l.user, string(resp))
	}
	return nil, true, errors.New("smtptest: unexpected LOGIN response")
}
