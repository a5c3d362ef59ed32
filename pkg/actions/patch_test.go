/*
Copyright 2026 The Kubeflow Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package actions

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"

	"github.com/kubeflow/workspaces-bff/pkg/models"
	"github.com/kubeflow/workspaces-bff/pkg/strictjson"
)

// jsonEqual compares two JSON texts by value.
func jsonEqual(t *testing.T, got, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("result %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

// TestMergePatchRFC7386 runs the examples of RFC 7386, Appendix A.
func TestMergePatchRFC7386(t *testing.T) {
	for _, tt := range []struct{ target, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
		// Large integers survive.
		{`{"a":1}`, `{"a":9007199254740993}`, `{"a":9007199254740993}`},
	} {
		t.Run(tt.target+" + "+tt.patch, func(t *testing.T) {
			parsed, err := checkPatch(MergePatch, []byte(tt.patch))
			if err != nil {
				t.Fatal(err)
			}
			got, err := mergePatch([]byte(tt.target), parsed)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, string(got), tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if strings.Contains(tt.patch, "9007199254740993") && !strings.Contains(string(got), "9007199254740993") {
				t.Errorf("a large integer lost precision: %s", got)
			}
		})
	}
}

// TestCheckPatch: patches are held to the rules of every other body, and
// to limits on what they may cost.
func TestCheckPatch(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	ops := func(n int) string {
		return "[" + strings.TrimSuffix(strings.Repeat(`{"op":"test","path":"/data/paused","value":false},`, n), ",") + "]"
	}
	for _, tt := range []struct {
		name    string
		pt      PatchType
		patch   string
		wantErr string // "" means accepted
	}{
		{"a merge patch", MergePatch, `{"data":{"displayName":"x"}}`, ""},
		{"a JSON Patch", JSONPatch, `[{"op":"add","path":"/data/displayName","value":"x"}]`, ""},
		{"an empty JSON Patch", JSONPatch, `[]`, ""},
		{"a string inside a JSON Patch with brackets", JSONPatch, `[{"op":"add","path":"/a","value":"` + strings.Repeat("[{", 100) + `\"]"}]`, ""},
		{"a merge patch with a duplicate key", MergePatch, `{"data":{"displayName":"a","displayName":"b"}}`, `duplicate field "data.displayName"`},
		{"a JSON Patch with a duplicate key", JSONPatch, `[{"op":"add","path":"/a","value":1,"value":2}]`, "duplicate field"},
		{"a JSON Patch with a duplicate key inside a value", JSONPatch, `[{"op":"add","path":"/a","value":{"b":1,"b":2}}]`, `duplicate field "[0].value.b"`},
		{"trailing data", MergePatch, `{} x`, "invalid character"},
		{"a JSON Patch of null", JSONPatch, `null`, "must be an array"},
		{"a JSON Patch that is an object", JSONPatch, `{"op":"add"}`, "must be an array"},
		{"a merge patch at the depth limit", MergePatch, `{"data":{"x":` + deep(maxPatchDepth-2) + `}}`, ""},
		{"a merge patch past the depth limit", MergePatch, `{"data":{"x":` + deep(maxPatchDepth-1) + `}}`, "maximum depth"},
		{"a JSON Patch past the depth limit", JSONPatch, `[{"op":"add","path":"/a","value":` + deep(maxPatchDepth) + `}]`, "maximum depth"},
		{"100,000 nested arrays", MergePatch, deep(100000), "maximum depth"},
		{"a JSON Patch at the operation limit", JSONPatch, ops(maxPatchOperations), ""},
		{"a JSON Patch past the operation limit", JSONPatch, ops(maxPatchOperations + 1), "more than the maximum"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkPatch(tt.pt, []byte(tt.patch))
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

// TestPatchCostIsBounded: patches that cost the libraries minutes or
// gigabytes are answered at once. Before the bounds, the merge patch took
// seven minutes of CPU and the copies made 270 MB from 855 bytes.
func TestPatchCostIsBounded(t *testing.T) {
	doc := []byte(`{"data":{"displayName":"x","paused":false}}`)
	var members strings.Builder
	members.WriteString(`{"data":{"x":{`)
	for i := 0; members.Len() < 4<<20-100; i++ {
		if i > 0 {
			members.WriteString(",")
		}
		fmt.Fprintf(&members, `"k%d":[]`, i)
	}
	members.WriteString(`}}}`)
	var copies []string
	for i := 0; i < 30; i++ {
		copies = append(copies, fmt.Sprintf(`{"op":"copy","from":"/data","path":"/data/x%d"}`, i))
	}
	for _, tt := range []struct {
		name    string
		pt      PatchType
		patch   string
		wantErr string
	}{
		{"a 4 MiB merge patch of short members", MergePatch, members.String(), ""},
		{"a JSON Patch of doubling copies", JSONPatch, "[" + strings.Join(copies, ",") + "]", "exceeding the limit"},
	} {
		// No timing here (speed belongs in benchmarks): before the limits
		// these cases took minutes or gigabytes, which the test binary's
		// timeout and memory would show.
		t.Run(tt.name, func(t *testing.T) {
			_, err := patchDocument(doc, tt.pt, []byte(tt.patch))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// FuzzMergePatch: for the form a PATCH edits, our merge decodes to what
// the library's merge decoded to, or refuses it. The two differ on JSON
// alone: the library also drops null members of objects inside arrays,
// which RFC 7386 takes whole. Decoded into the form, a null member and a
// missing one are the same, except that an unknown one is refused.
func FuzzMergePatch(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"displayName":"x"}}`, `{"data":null}`, `null`, `[]`, `"s"`, `{"data":{"x":1}}`,
		`{"data":{"podTemplate":{"podMetadata":{"labels":{"a":"b","c":null}}}}}`,
		`{"data":{"paused":true,"podTemplate":{"volumes":{"data":[{"pvcName":"p","mountPath":null}]}}}}`,
		`{"data":{"podTemplate":{"volumes":{"data":[null]}}}}`,
	} {
		f.Add([]byte(seed))
	}
	form := models.WorkspaceUpdate{Revision: "r", DisplayName: "x", PodTemplate: models.PodTemplateMutate{
		PodMetadata: models.PodMetadata{Labels: map[string]string{"c": "d"}},
		Volumes:     models.PodVolumesMutate{Data: []models.PodVolumeMount{{PVCName: "p", MountPath: "/p"}}},
	}}
	doc, err := json.Marshal(envelope[models.WorkspaceUpdate]{Data: &form})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, patch []byte) {
		if _, err := checkPatch(MergePatch, patch); err != nil {
			return
		}
		cp := form
		ours, oursErr := applyPatch(&cp, MergePatch, patch)
		merged, err := jsonpatch.MergePatch(doc, patch)
		if err != nil {
			return // the library refuses some valid patches (a top-level scalar)
		}
		var theirs envelope[models.WorkspaceUpdate]
		theirsErr := strictjson.Unmarshal(merged, &theirs)
		if theirsErr == nil && theirs.Data == nil {
			theirsErr = errors.New("data is required")
		}
		if oursErr == nil && theirsErr != nil {
			t.Fatalf("patch %s: ours accepted what the library's refused: %v", patch, theirsErr)
		}
		if oursErr != nil && theirsErr == nil && !strings.Contains(oursErr.Error(), "unknown field") {
			t.Fatalf("patch %s: ours refused what the library's accepted: %v", patch, oursErr)
		}
		if oursErr == nil && !reflect.DeepEqual(*ours, *theirs.Data) {
			t.Fatalf("patch %s: ours %+v, the library's %+v", patch, *ours, *theirs.Data)
		}
	})
}

// TestJSONPatchDecodedByTheLibrary: a JSON Patch's operations are the
// library's own decoding of the body, not rebuilt from checkPatch's
// values: its validation answers a bad operation, and a value reaches the
// document as the client wrote it.
func TestJSONPatchDecodedByTheLibrary(t *testing.T) {
	doc := []byte(`{"data":{"displayName":"x"}}`)
	for _, tt := range []struct {
		name    string
		patch   string
		want    string // the patched document, when wantErr is ""
		wantErr string
	}{
		{"an unknown operation", `[{"op":"bogus","path":"/data"}]`, "", "unsupported operation"},
		{"a value written as 1.0", `[{"op":"add","path":"/data/n","value":1.0}]`, `{"data":{"displayName":"x","n":1.0}}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := patchDocument(doc, JSONPatch, []byte(tt.patch))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %s (error %v), want %s", got, err, tt.want)
			}
		})
	}
}
