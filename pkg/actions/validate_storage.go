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
	"encoding/base64"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// validPVCCreate is a PVC create request that validatePVCCreate accepted,
// with its storage request parsed. CreatePVC takes only this, so the
// request is parsed once, where a bad one is refused.
type validPVCCreate struct {
	*models.PVCCreate
	storage resource.Quantity
}

// validatePVCCreate checks a PVC create request as upstream does (api.md
// 5.20); the API server checks the rest. path is where the body sits in the
// request, e.g. "data". It answers the request parsed, or nil and one error
// per broken rule.
func validatePVCCreate(c *models.PVCCreate, path *field.Path) (*validPVCCreate, field.ErrorList) {
	errs := dnsSubdomain(path.Child("name"), c.Name)
	if len(c.AccessModes) == 0 {
		errs = append(errs, field.Required(path.Child("accessModes"), "at least one access mode is required"))
	}
	errs = append(errs, dnsSubdomain(path.Child("storageClassName"), c.StorageClassName)...)
	storage, err := resource.ParseQuantity(c.Requests.Storage)
	if err != nil {
		errs = append(errs, field.Invalid(path.Child("requests", "storage"), c.Requests.Storage, err.Error()))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &validPVCCreate{PVCCreate: c, storage: storage}, nil
}

// validSecretCreate is a Secret create request that validateSecretCreate
// accepted, with its values decoded. CreateSecret takes only this, so the
// values are decoded once, where a bad one is refused. It holds the
// Secret's values: drop it with the request.
type validSecretCreate struct {
	*models.SecretCreate
	contents secretContents
}

// validSecretUpdate is a Secret PUT body that validateSecretUpdate
// accepted, with its values decoded, as validSecretCreate.
type validSecretUpdate struct {
	*models.SecretUpdate
	contents secretContents
}

// validateSecretCreate checks a Secret create request (api.md 5.22). It
// answers the request with its values decoded, or nil and one error per
// broken rule.
func validateSecretCreate(c *models.SecretCreate, path *field.Path) (*validSecretCreate, field.ErrorList) {
	errs := dnsSubdomain(path.Child("name"), c.Name)
	contents, contentErrs := validateContents(c.Contents, path.Child("contents"))
	errs = append(errs, contentErrs...)
	if len(errs) > 0 {
		return nil, errs
	}
	return &validSecretCreate{SecretCreate: c, contents: contents}, nil
}

// validateSecretUpdate checks a Secret PUT body (api.md 5.22), and answers
// as validateSecretCreate.
func validateSecretUpdate(u *models.SecretUpdate, path *field.Path) (*validSecretUpdate, field.ErrorList) {
	contents, errs := validateContents(u.Contents, path.Child("contents"))
	if len(errs) > 0 {
		return nil, errs
	}
	return &validSecretUpdate{SecretUpdate: u, contents: contents}, nil
}

// secretContents are a request's keys, decoded: the value of each key given
// one, and the keys given none.
type secretContents struct {
	values map[string][]byte
	kept   []string
}

// data is the data of a Secret: the decoded value of each key that carries
// one, and for the others the value in current, if any.
func (c secretContents) data(current map[string][]byte) map[string][]byte {
	data := make(map[string][]byte, len(c.values)+len(c.kept))
	for _, key := range c.kept {
		if value, ok := current[key]; ok {
			data[key] = value
		}
	}
	for key, value := range c.values {
		data[key] = value
	}
	return data
}

// validateContents checks every key's name and, where one is given, that
// its value is standard, padded base64, and answers the keys decoded.
// Errors never quote a value.
func validateContents(contents models.SecretData, path *field.Path) (secretContents, field.ErrorList) {
	var errs field.ErrorList
	decoded := secretContents{values: make(map[string][]byte, len(contents))}
	keys := make([]string, 0, len(contents))
	for key := range contents {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		if msgs := validation.IsConfigMapKey(key); len(msgs) > 0 {
			errs = append(errs, field.Invalid(path, key, "invalid key name: "+strings.Join(msgs, "; ")))
		}
		v := contents[key].Base64
		if v == nil {
			decoded.kept = append(decoded.kept, key)
			continue
		}
		value, err := base64.StdEncoding.DecodeString(*v)
		if err != nil {
			errs = append(errs, invalidBase64(path.Key(key).Child("base64")))
			continue
		}
		decoded.values[key] = value
	}
	return decoded, errs
}

// invalidBase64 is the error of a value that is not base64, without the
// value, which is a secret.
func invalidBase64(path *field.Path) *field.Error {
	return field.Invalid(path, field.OmitValueType{}, "must be standard base64 with padding")
}
