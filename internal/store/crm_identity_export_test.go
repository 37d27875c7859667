package store

import "context"

// ExecIdentityTest runs a raw statement for the identity tests (a field changed by hand
// between a merge and its unmerge, without the setters of other parts).
func ExecIdentityTest(s *Store, q string, args ...any) error {
	_, err := s.write.ExecContext(context.Background(), q, args...)
	return err
}

// QueryIdentityTest reads strings of one column for the identity tests (timeline kinds, task
// owners).
func QueryIdentityTest(s *Store, q string, args ...any) ([]string, error) {
	rows, err := s.read.QueryContext(context.Background(), q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DetectDuplicatesTest runs detection on data in memory: pairs as "a-b:reason,reason".
func DetectDuplicatesTest(creators [][3]string, accounts [][3]string) []string {
	var cs []dupCreator
	for i, c := range creators {
		cs = append(cs, dupCreator{id: int64(i + 1), username: c[0], name: c[1], email: c[2]})
	}
	var as []dupAccount
	for _, a := range accounts {
		var id int64
		for i, c := range creators {
			if c[0] == a[0] {
				id = int64(i + 1)
			}
		}
		as = append(as, dupAccount{creator: id, platform: a[1], handle: a[2]})
	}
	var out []string
	for _, k := range detectDuplicates(cs, as, nil) {
		s := creators[k.a-1][0] + "-" + creators[k.b-1][0] + ":"
		for i, r := range k.reasons {
			if i > 0 {
				s += ","
			}
			s += r.Kind
		}
		out = append(out, s)
	}
	return out
}
