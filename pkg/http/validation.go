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
	"net/http"
	"strings"

	"github.com/gorilla/mux"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Origins of a validation error, as upstream reports them.
const (
	originInternal   = "INTERNAL"
	originKubernetes = "KUBERNETES"
)

// Messages of the 422 envelopes, as upstream's.
const (
	msgInvalidPath  = "path parameters were invalid"
	msgInvalidQuery = "query parameters were invalid"
)

// fieldErrors collects the field errors of a request's path or query (its
// body is pkg/actions' to validate) and turns them into one 422.
type fieldErrors field.ErrorList

// check adds name's error when value is empty, or when validate (a
// Kubernetes name validator) refuses it.
func (errs *fieldErrors) check(name, value string, validate func(string) []string) {
	if value == "" {
		*errs = append(*errs, field.Required(field.NewPath(name), ""))
		return
	}
	if msgs := validate(value); len(msgs) > 0 {
		*errs = append(*errs, field.Invalid(field.NewPath(name), value, strings.Join(msgs, "; ")))
	}
}

func (errs *fieldErrors) add(err *field.Error) { *errs = append(*errs, err) }

// err is nil when nothing was invalid, else a 422 with one cause per field.
func (errs fieldErrors) err(message string) error {
	if len(errs) == 0 {
		return nil
	}
	causes := make([]ValidationError, len(errs))
	for i, e := range errs {
		causes[i] = ValidationError{Origin: originInternal, Type: string(e.Type), Field: e.Field, Message: e.ErrorBody()}
	}
	return &Error{Status: http.StatusUnprocessableEntity, Message: message, Cause: &ErrorCause{ValidationErrors: causes}}
}

// namespaceQuery is the validated namespace named by the query parameter
// param, or "" when absent: routes whose access check it changes.
func namespaceQuery(r *http.Request, param string) (string, error) {
	ns := r.URL.Query().Get(param)
	if ns == "" {
		return "", nil
	}
	var errs fieldErrors
	errs.check(param, ns, validation.IsDNS1123Label)
	return ns, errs.err(msgInvalidQuery)
}

// routeParams are the route's {namespace} (a DNS-1123 label) and {name} (a
// DNS-1123 subdomain), those it has, validated.
func routeParams(r *http.Request) (namespace, name string, err error) {
	vars := mux.Vars(r)
	var errs fieldErrors
	namespace, ok := vars["namespace"]
	if ok {
		errs.check("namespace", namespace, validation.IsDNS1123Label)
	}
	if name, ok = vars["name"]; ok {
		errs.check("name", name, validation.IsDNS1123Subdomain)
	}
	return namespace, name, errs.err(msgInvalidPath)
}
