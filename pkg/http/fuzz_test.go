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

package httpapi

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// FuzzDecodeManifest: any body decodes to a kind or to an *Error (a 400),
// never a panic, in YAML and in JSON. (pkg/actions validates the kind.)
func FuzzDecodeManifest(f *testing.F) {
	sample, err := os.ReadFile("../../hack/harness/devdata/upstream/jupyterlab_v1beta1_workspacekind.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{sample, []byte("{}"), []byte("a: 1\na: 2"), []byte("---\n---\n"), []byte("[1,2]"),
		[]byte("kind: WorkspaceKind\nspec: {spawner: {hidden: maybe}}"), []byte("&a [*a]"), []byte("{\"metadata\":{\"name\":1}}")} {
		f.Add(false, seed)
		f.Add(true, seed)
	}
	f.Fuzz(func(t *testing.T, asJSON bool, body []byte) {
		mt := contentYAML
		if asJSON {
			mt = contentJSON
		}
		var kind v1beta1.WorkspaceKind
		if err := decodeManifest(mt, body, &kind); err != nil {
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
				t.Fatalf("decoding failed with %v, not a 400", err)
			}
		}
	})
}

// FuzzDecodeData: any request body, decoded as each JSON body type a route
// takes, is a payload, a 400, a 413 or a 422, never a panic.
func FuzzDecodeData(f *testing.F) {
	for _, seed := range []string{`{"data":{"paused":true}}`, `{"data":{}}`, `{"data":null}`, `{}`, ``, ` `,
		`{"data":{"paused":"yes"}}`, `{"data":{"paused":true},"data":{}}`, `{"data":{"paused":true}} trailing`,
		`{"data":{"name":"a","kind":"k","paused":false,"podTemplate":{"podMetadata":{"labels":{}},"volumes":{"data":[]},"options":{"imageConfig":"i","podConfig":"p"}}}}`,
		`{"data":{"revision":"r","spawner":{"displayName":"x"},"podTemplate":{"options":{}}}}`,
		`{"data":{"context":{"namespace":{"name":"ns"},"imageConfig":{"id":"i"},"podConfig":{"id":"p"}}}}`,
		`{"data":{"name":"p","accessModes":["ReadWriteOnce"],"storageClassName":"s","requests":{"storage":"1Gi"}}}`,
		`{"data":{"name":"s","type":"Opaque","immutable":false,"contents":{"k":{"base64":"dg=="},"j":{}}}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, decode := range []func(*http.Request) (any, error){
			decodeAs[models.WorkspaceActionPause], decodeAs[models.WorkspaceCreate],
			decodeAs[models.WorkspaceUpdate], decodeAs[models.WorkspaceKindUpdate],
			decodeAs[models.ListValuesRequest],
			decodeAs[models.PVCCreate], decodeAs[models.SecretCreate], decodeAs[models.SecretUpdate],
		} {
			r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			got, err := decode(r)
			if err == nil {
				if got == nil {
					t.Fatal("no payload and no error")
				}
				continue
			}
			var apiErr *Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("decoding failed with %T %v", err, err)
			}
			switch apiErr.Status {
			case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			default:
				t.Fatalf("status %d for %q", apiErr.Status, body)
			}
		}
	})
}

// decodeAs is decodeData with the payload as any (nil when absent).
func decodeAs[T any](r *http.Request) (any, error) {
	got, err := decodeData[T](r)
	if got == nil {
		return nil, err
	}
	return got, err
}

// FuzzLogOptions: any query of the logs route is options or a 422 naming
// the parameters at fault, never a panic.
func FuzzLogOptions(f *testing.F) {
	for _, seed := range []string{"", "container=main", "tailLines=10&previous=true&sinceTime=2026-07-15T10:30:00Z",
		"tailLines=0", "tailLines=-1", "tailLines=99999999999999999999", "previous=maybe", "sinceTime=now",
		"container=A_B", "container=&tailLines=", "tailLines=1&tailLines=x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		query, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		opts, err := logOptions(query, Limits{}.withDefaults().MaxTailLines)
		if err == nil {
			if opts.TailLines < 0 {
				t.Fatalf("tailLines %d accepted from %q", opts.TailLines, raw)
			}
			return
		}
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Cause == nil || len(apiErr.Cause.ValidationErrors) == 0 {
			t.Fatalf("%q: %v", raw, err)
		}
	})
}
