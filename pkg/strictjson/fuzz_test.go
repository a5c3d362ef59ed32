package strictjson

import (
	"encoding/json"
	"testing"
)

// FuzzUnmarshal: strict decoding never panics, and whatever it accepts
// plain encoding/json accepts too, with the same result.
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range []string{
		`{"name":"a","count":1}`, `{"name":"a","name":"b"}`, `{"extra":1}`, `{"count":"1"}`,
		`{"name":"a"} x`, `{`, `null`, `[]`, `{"name":"\u00e9"}`, ` {"count":1e3} `,
	} {
		f.Add([]byte(seed))
	}
	type body struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var strict body
		if err := Unmarshal(data, &strict); err != nil {
			return
		}
		var loose body
		if err := json.Unmarshal(data, &loose); err != nil {
			t.Fatalf("strict accepted what encoding/json refuses (%v): %q", err, data)
		}
		if strict != loose {
			t.Fatalf("strict %+v, loose %+v for %q", strict, loose, data)
		}
	})
}
