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
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// TestValidatePVCCreate: a valid request is answered with its storage
// request parsed, for CreatePVC; an invalid one with its errors only.
func TestValidatePVCCreate(t *testing.T) {
	request := func(storage string) *models.PVCCreate {
		return &models.PVCCreate{
			Name: "p", AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			StorageClassName: "s", Requests: models.StorageRequests{Storage: storage},
		}
	}
	for _, tt := range []struct {
		name    string
		req     *models.PVCCreate
		storage string // "" means refused
	}{
		{"a request of 1Gi", request("1Gi"), "1Gi"},
		{"a request of 1.5e3", request("1.5e3"), "1500"},
		{"a request of no size is refused", request(""), ""},
		{"a request of a bad size is refused", request("1 GB"), ""},
		{"a request without access modes is refused", &models.PVCCreate{Name: "p", StorageClassName: "s", Requests: models.StorageRequests{Storage: "1Gi"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			valid, errs := validatePVCCreate(tt.req, field.NewPath("data"))
			if tt.storage == "" {
				if valid != nil || len(errs) == 0 {
					t.Fatalf("accepted: %v, errors %v", valid, errs)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("refused: %v", errs)
			}
			if valid.PVCCreate != tt.req || valid.storage.Cmp(resource.MustParse(tt.storage)) != 0 {
				t.Fatalf("answered %v with storage %s, want the request with %s", valid.PVCCreate, &valid.storage, tt.storage)
			}
		})
	}
}

// TestValidateSecretUpdate: a valid body is answered with its values
// decoded once, for every attempt of UpdateSecret: a key with a value is
// set, a key without one keeps its current value, and a key left out is
// deleted.
func TestValidateSecretUpdate(t *testing.T) {
	value := func(s string) models.SecretValue { return models.SecretValue{Base64: &s} }
	current := map[string][]byte{"kept": []byte("old"), "set": []byte("old"), "deleted": []byte("old")}
	for _, tt := range []struct {
		name     string
		contents models.SecretData
		want     map[string][]byte // nil means refused
	}{
		{"keys set, kept, added empty, and kept with no current value", models.SecretData{"set": value("bmV3"), "kept": {}, "new": value(""), "gone": {}},
			map[string][]byte{"set": []byte("new"), "kept": []byte("old"), "new": {}}},
		{"no keys", models.SecretData{}, map[string][]byte{}},
		{"a value that is not base64 is refused", models.SecretData{"set": value("not base64!")}, nil},
		{"a value without padding is refused", models.SecretData{"set": value("YQ")}, nil},
		{"a bad key name is refused", models.SecretData{"a/b": {}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := &models.SecretUpdate{Contents: tt.contents}
			valid, errs := validateSecretUpdate(req, field.NewPath("data"))
			if tt.want == nil {
				if valid != nil || len(errs) == 0 {
					t.Fatalf("accepted: errors %v", errs)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("refused: %v", errs)
			}
			if valid.SecretUpdate != req {
				t.Fatal("the answer does not carry the request")
			}
			if got := valid.contents.data(current); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("data %q, want %q", got, tt.want)
			}
		})
	}
}
