package strictjson

import (
	"strings"
	"testing"
)

func TestUnmarshal(t *testing.T) {
	type body struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	tests := []struct {
		name    string
		in      string
		wantErr string // substring; "" means success
	}{
		{"valid", `{"name":"a","count":1}`, ""},
		{"whitespace around", " \n{\"name\":\"a\"}\n ", ""},
		{"unknown field", `{"name":"a","extra":1}`, `unknown field "extra"`},
		{"duplicate key", `{"name":"a","name":"b"}`, `duplicate field "name"`},
		{"wrong type", `{"count":"1"}`, "cannot unmarshal string"},
		{"trailing garbage", `{"name":"a"} x`, "invalid character"},
		{"two values", `{"name":"a"}{"name":"b"}`, "invalid character"},
		{"case mismatch is unknown", `{"Name":"a"}`, `unknown field "Name"`},
		{"malformed", `{"name":`, "unexpected end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b body
			err := Unmarshal([]byte(tt.in), &b)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
