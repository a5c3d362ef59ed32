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
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/models"
	"github.com/kubeflow/workspaces-bff/pkg/strictjson"
)

// FuzzValidateSecretCreate: any Secret body that decodes is validated
// without panicking; no error quotes a value; a body judged valid yields
// the Secret's data.
func FuzzValidateSecretCreate(f *testing.F) {
	for _, seed := range []string{
		`{"name":"s","type":"Opaque","immutable":false,"contents":{"k":{"base64":"dg=="},"j":{}}}`,
		`{"name":"S","contents":{"a/b":{},"":{"base64":"x"}}}`, `{"contents":{"k":{"base64":"YQ"}}}`, `{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c models.SecretCreate
		if strictjson.Unmarshal(data, &c) != nil {
			return
		}
		valid, errs := validateSecretCreate(&c, field.NewPath("data"))
		for _, e := range errs {
			// A key's error may quote the key; a value's never quotes it.
			if !strings.HasSuffix(e.Field, ".base64") {
				continue
			}
			for _, v := range c.Contents {
				if v.Base64 != nil && len(*v.Base64) > 3 && strings.Contains(e.ErrorBody(), *v.Base64) {
					t.Fatalf("an error quotes a value: %v", e)
				}
			}
		}
		if len(errs) == 0 {
			if valid == nil {
				t.Fatal("a valid body yields no request")
			}
			data := valid.contents.data(nil)
			for key, v := range c.Contents {
				if _, ok := data[key]; ok != (v.Base64 != nil) {
					t.Fatalf("key %q: in the data %v, given a value %v", key, ok, v.Base64 != nil)
				}
			}
		}
	})
}

// FuzzValidatePVCCreate: any PVC body that decodes is validated without
// panicking, and every error names its field.
func FuzzValidatePVCCreate(f *testing.F) {
	for _, seed := range []string{
		`{"name":"p","accessModes":["ReadWriteOnce"],"storageClassName":"s","requests":{"storage":"1Gi"}}`,
		`{"name":"","accessModes":[],"storageClassName":"S","requests":{"storage":"1e999999"}}`, `{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c models.PVCCreate
		if strictjson.Unmarshal(data, &c) != nil {
			return
		}
		_, errs := validatePVCCreate(&c, field.NewPath("data"))
		for _, e := range errs {
			if e.Field == "" || e.ErrorBody() == "" {
				t.Fatalf("a field error without field or message: %+v", e)
			}
		}
	})
}
