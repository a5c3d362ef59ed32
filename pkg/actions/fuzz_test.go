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
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/models"
	"github.com/kubeflow/workspaces-bff/pkg/strictjson"
)

const seedCreate = `{"name":"ws","displayName":"My ws","kind":"jupyterlab","paused":false,
"podTemplate":{"podMetadata":{"labels":{"a":"b"},"annotations":null},
"volumes":{"home":"home","data":[{"pvcName":"d","mountPath":"/d","readOnly":true}],
"secrets":[{"secretName":"s","mountPath":"/s","defaultMode":420}]},
"options":{"imageConfig":"img","podConfig":"pod"}}}`

// FuzzValidateWorkspaceCreate: any body that decodes is validated without
// panicking, and a body judged valid renders a pod template that encodes.
func FuzzValidateWorkspaceCreate(f *testing.F) {
	for _, seed := range []string{seedCreate, `{}`, `{"name":"UPPER","kind":""}`,
		`{"podTemplate":{"volumes":{"secrets":[{"defaultMode":-1}]}}}`,
		`{"podTemplate":{"podMetadata":{"labels":{"bad key!":"x"}}}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c models.WorkspaceCreate
		if strictjson.Unmarshal(data, &c) != nil {
			return
		}
		errs := validateWorkspaceCreate(&c, field.NewPath("data"))
		for _, e := range errs {
			if e.Field == "" || e.ErrorBody() == "" {
				t.Fatalf("a field error without field or message: %+v", e)
			}
		}
		if len(errs) == 0 {
			if _, err := json.Marshal(c.PodTemplate.ToPodTemplate()); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzValidateWorkspaceUpdate does the same for PUT bodies.
func FuzzValidateWorkspaceUpdate(f *testing.F) {
	f.Add([]byte(`{"revision":"r","paused":true,"podTemplate":{"podMetadata":{"labels":{},"annotations":{}},"volumes":{"data":[]},"options":{"imageConfig":"i","podConfig":"p"}}}`))
	f.Add([]byte(`{"revision":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var u models.WorkspaceUpdate
		if strictjson.Unmarshal(data, &u) != nil {
			return
		}
		_ = validateWorkspaceUpdate(&u, field.NewPath("data"))
	})
}

// FuzzApplyPatch: patches of either kind, applied to a Workspace's form,
// fail with an *Error or give a form, never a panic.
func FuzzApplyPatch(f *testing.F) {
	for _, seed := range []struct {
		json bool
		doc  string
	}{
		{false, `{"data":{"displayName":"x"}}`},
		{false, `{"data":null}`},
		{false, `[]`},
		{true, `[{"op":"replace","path":"/data/displayName","value":"x"}]`},
		{true, `[{"op":"test","path":"/data/paused","value":true}]`},
		{true, `[{"op":"remove","path":"/data"}]`},
		{true, `[{"op":"move","from":"/data/podTemplate","path":"/data/podTemplate/options"}]`},
		{true, `{"op":"add"}`},
	} {
		f.Add(seed.json, []byte(seed.doc))
	}
	f.Fuzz(func(t *testing.T, jsonPatch bool, patch []byte) {
		pt := MergePatch
		if jsonPatch {
			pt = JSONPatch
		}
		form := models.WorkspaceUpdate{Revision: "r", PodTemplate: models.PodTemplateMutate{
			Volumes: models.PodVolumesMutate{Data: []models.PodVolumeMount{}},
		}}
		out, err := applyPatch(&form, pt, patch)
		if err != nil {
			if e := (*Error)(nil); !errors.As(err, &e) {
				t.Fatalf("a patch failed with %T, not *Error: %v", err, err)
			}
			return
		}
		if out == nil {
			t.Fatal("no error and no result")
		}
	})
}
