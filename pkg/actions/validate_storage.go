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

// ValidPVCCreate is a PVC create request that ValidatePVCCreate accepted,
// with its storage request parsed. CreatePVC takes only this, so the
// request is parsed once, where a bad one is refused.
type ValidPVCCreate struct {
	*models.PVCCreate
	storage resource.Quantity
}

// ValidatePVCCreate checks a PVC create request as upstream does (api.md
// 5.20); the API server checks the rest. path is where the body sits in the
// request, e.g. "data". It answers the request parsed, or nil and one error
// per broken rule.
func ValidatePVCCreate(c *models.PVCCreate, path *field.Path) (*ValidPVCCreate, field.ErrorList) {
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
	return &ValidPVCCreate{PVCCreate: c, storage: storage}, nil
}

// ValidateSecretCreate checks a Secret create request (api.md 5.22).
func ValidateSecretCreate(c *models.SecretCreate, path *field.Path) field.ErrorList {
	errs := dnsSubdomain(path.Child("name"), c.Name)
	return append(errs, validateContents(c.Contents, path.Child("contents"))...)
}

// ValidateSecretUpdate checks a Secret PUT body (api.md 5.22).
func ValidateSecretUpdate(u *models.SecretUpdate, path *field.Path) field.ErrorList {
	return validateContents(u.Contents, path.Child("contents"))
}

// validateContents checks every key's name and, where one is given, that
// its value is standard, padded base64. Errors never quote a value.
func validateContents(contents models.SecretData, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	keys := make([]string, 0, len(contents))
	for key := range contents {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		if msgs := validation.IsConfigMapKey(key); len(msgs) > 0 {
			errs = append(errs, field.Invalid(path, key, "invalid key name: "+strings.Join(msgs, "; ")))
		}
		if v := contents[key].Base64; v != nil {
			if _, err := base64.StdEncoding.DecodeString(*v); err != nil {
				errs = append(errs, invalidBase64(path.Key(key).Child("base64")))
			}
		}
	}
	return errs
}

// invalidBase64 is the error of a value that is not base64, without the
// value, which is a secret.
func invalidBase64(path *field.Path) *field.Error {
	return field.Invalid(path, field.OmitValueType{}, "must be standard base64 with padding")
}
