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

package apitest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// recordingTB is a testing.TB that records failures instead of failing the
// test, so the helper's own failures can be asserted. Methods it does not
// override panic (nil embedded interface): the helper must not call them.
type recordingTB struct {
	testing.TB
	errors []string
	fatals []string
}

func (r *recordingTB) Helper()                   {}
func (r *recordingTB) Logf(string, ...any)       {}
func (r *recordingTB) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recordingTB) Fatalf(f string, a ...any) { r.fatals = append(r.fatals, fmt.Sprintf(f, a...)) }

// validAudit is an Audit of an object created outside the BFF.
const validAudit = `{"createdAt":"2025-01-01T00:00:00Z","createdBy":null,"updatedAt":null,"updatedBy":null,"deletedAt":null}`

// validListItem is a minimal but complete WorkspaceListItem.
const validListItem = `{
	"name": "ws", "namespace": "ns",
	"workspaceKind": {"name": "jupyterlab", "missing": false,
		"icon": {"url": "https://example.com/icon.png"}, "logo": {"url": "https://example.com/logo.svg"}},
	"paused": false, "pausedTime": 0, "lastRunningTime": 0, "state": "Running", "stateMessage": "",
	"podTemplate": {"options": {
		"imageConfig": {"current": {"id": "a", "displayName": "A", "description": "", "labels": []}},
		"podConfig": {"current": {"id": "b", "displayName": "B", "description": "", "labels": [{"key": "k", "value": "v"}]}}}},
	"activity": {"lastActivity": 0, "lastUpdate": 0},
	"services": [{"httpService": {"displayName": "JupyterLab", "httpPath": "/workspace/connect/ns/ws/jupyterlab/"}}],
	"audit": ` + validAudit + `
}`

func TestValidateUpstream(t *testing.T) {
	tests := []struct {
		name       string
		definition string
		body       string
		// wantErrors are substrings, one per expected failure, in order.
		wantErrors []string
	}{{
		name:       "a complete list envelope passes",
		definition: "api.WorkspaceListEnvelope",
		body:       `{"data":[` + validListItem + `]}`,
	}, {
		name:       "an empty list passes",
		definition: "api.WorkspaceListEnvelope",
		body:       `{"data":[]}`,
	}, {
		name:       "a missing required property fails",
		definition: "namespaces.Namespace",
		body:       `{}`,
		wantErrors: []string{"at /: missing property 'name'"},
	}, {
		name:       "a missing required property deep in a list fails with its path",
		definition: "api.WorkspaceListEnvelope",
		body:       `{"data":[` + strings.Replace(validListItem, `"stateMessage": "",`, "", 1) + `]}`,
		wantErrors: []string{"at /data/0: missing property 'stateMessage'"},
	}, {
		name:       "a wrong type fails",
		definition: "api.NamespaceListEnvelope",
		body:       `{"data":[{"name":42}]}`,
		wantErrors: []string{"at /data/0/name: got number, want string"},
	}, {
		name:       "a null list envelope fails",
		definition: "api.NamespaceListEnvelope",
		body:       `{"data":null}`,
		wantErrors: []string{"at /data: got null, want array"},
	}, {
		name:       "null in a non-nullable list fails",
		definition: "options.ImageConfig",
		body:       `{"default":"a","values":null}`,
		wantErrors: []string{"at /values: got null, want array"},
	}, {
		name:       "null current labels and redirect chain fail",
		definition: "workspaces.ImageConfig",
		body:       `{"current":{"id":"x","displayName":"x","description":"x","labels":null},"redirectChain":null}`,
		wantErrors: []string{"at /current/labels: got null, want array", "at /redirectChain: got null, want array"},
	}, {
		name:       "null audit fields pass",
		definition: "common.Audit",
		body:       `{"createdAt":null,"createdBy":null,"updatedAt":null,"updatedBy":null,"deletedAt":null}`,
	}, {
		name:       "null services of a list item fail",
		definition: "workspaces.WorkspaceListItem",
		body:       strings.Replace(validListItem, `"services": [{"httpService": {"displayName": "JupyterLab", "httpPath": "/workspace/connect/ns/ws/jupyterlab/"}}]`, `"services": null`, 1),
		wantErrors: []string{"at /services: got null, want array"},
	}, {
		name:       "null in a non-nullable string fails",
		definition: "namespaces.Namespace",
		body:       `{"name":null}`,
		wantErrors: []string{"at /name: got null, want string"},
	}, {
		name:       "null pod metadata maps and volumes of a create body pass",
		definition: "workspaces.WorkspaceCreate",
		body: `{"name":"ws","kind":"jupyterlab","paused":false,"podTemplate":{
			"podMetadata":{"labels":null,"annotations":null},
			"volumes":{"home":null,"data":null},
			"options":{"imageConfig":"a","podConfig":"b"}}}`,
	}, {
		name:       "null secrets of a create body fail",
		definition: "workspaces.WorkspaceCreate",
		body: `{"name":"ws","kind":"jupyterlab","paused":false,"podTemplate":{
			"podMetadata":{"labels":{},"annotations":{}},
			"volumes":{"data":[],"secrets":null},
			"options":{"imageConfig":"a","podConfig":"b"}}}`,
		wantErrors: []string{"at /podTemplate/volumes/secrets: got null, want array"},
	}, {
		name:       "an enum value upstream does not define fails",
		definition: "assets.ImageRef",
		body:       `{"url":"","error":"NOPE"}`,
		wantErrors: []string{"at /error: value must be one of"},
	}, {
		name:       "the empty state fails: a Workspace without status is Unknown",
		definition: "v1beta1.WorkspaceState",
		body:       `""`,
		wantErrors: []string{"value must be one of"},
	}, {
		name:       "quantities and int-or-strings are validated as Kubernetes encodes them",
		definition: "v1.ResourceRequirements",
		body:       `{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"nvidia.com/gpu":"1"}}`,
	}, {
		name:       "a quantity encoded as an object fails",
		definition: "v1.ResourceRequirements",
		body:       `{"requests":{"cpu":{"Format":"DecimalSI"}}}`,
		wantErrors: []string{"at /requests/cpu: got object, want string"},
	}, {
		name:       "several violations are each reported",
		definition: "common.Restrictions",
		body:       `{"denyMessage":{"text":3}}`,
		wantErrors: []string{"at /: missing property 'deny'", "at /denyMessage/text: got number, want string"},
	}, {
		name:       "a body that is not JSON fails",
		definition: "namespaces.Namespace",
		body:       `{"name":`,
		wantErrors: []string{"body is not a JSON document"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTB{}
			ValidateUpstream(rec, tt.definition, []byte(tt.body))
			if len(rec.fatals) > 0 {
				t.Fatalf("unexpected fatal: %v", rec.fatals)
			}
			if len(rec.errors) != len(tt.wantErrors) {
				t.Fatalf("got %d errors, want %d:\n%s", len(rec.errors), len(tt.wantErrors), strings.Join(rec.errors, "\n"))
			}
			// The validator reports violations in no set order.
			for _, want := range tt.wantErrors {
				i := slices.IndexFunc(rec.errors, func(e string) bool { return strings.Contains(e, want) })
				if i < 0 {
					t.Errorf("no error contains %q:\n%s", want, strings.Join(rec.errors, "\n"))
					continue
				}
				if !strings.Contains(rec.errors[i], tt.definition) && want != "body is not a JSON document" {
					t.Errorf("error %q does not name the definition %s", rec.errors[i], tt.definition)
				}
			}
		})
	}
}

func TestValidateUpstreamUnknownDefinitionIsFatal(t *testing.T) {
	rec := &recordingTB{}
	ValidateUpstream(rec, "workspaces.NoSuchThing", []byte(`{}`))
	if len(rec.fatals) != 1 || !strings.Contains(rec.fatals[0], `no definition "workspaces.NoSuchThing"`) {
		t.Fatalf("fatals = %v, want one naming the unknown definition", rec.fatals)
	}
}

func TestValidateUpstreamIsSafeForConcurrentUse(t *testing.T) {
	definitions := []string{"api.WorkspaceListEnvelope", "api.WorkspaceKindListEnvelope", "api.NamespaceListEnvelope", "common.Audit"}
	bodies := []string{`{"data":[]}`, `{"data":[]}`, `{"data":[{"name":"a"}]}`, validAudit}
	var wg sync.WaitGroup
	failures := make(chan string, 64)
	for range 8 {
		for i := range definitions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := &recordingTB{}
				ValidateUpstream(rec, definitions[i], []byte(bodies[i]))
				for _, e := range append(rec.errors, rec.fatals...) {
					failures <- e
				}
			}()
		}
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}

func TestCorrectionsMatchTheDocument(t *testing.T) {
	// Every listed correction must still apply to the embedded document;
	// loading fails on a stale entry, which would fail every validation.
	if _, err := upstream.schema("common.Audit"); err != nil {
		t.Fatal(err)
	}
}
