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

// fieldErrors collects field errors and turns them into one 422.
type fieldErrors field.ErrorList

// dnsLabel checks a namespace (or container) name: a DNS-1123 label.
func (errs *fieldErrors) dnsLabel(name, value string) {
	if isLabel(value) {
		return
	}
	errs.check(name, value, validation.IsDNS1123Label)
}

// dnsSubdomain checks an object name: a DNS-1123 subdomain.
func (errs *fieldErrors) dnsSubdomain(name, value string) {
	if len(value) <= validation.DNS1123SubdomainMaxLength && allLabels(value) {
		return
	}
	errs.check(name, value, validation.IsDNS1123Subdomain)
}

// isLabel and allLabels accept exactly the names Kubernetes' validators
// accept, without their regular expressions: every request checks a name
// or two, and the regexps cost more than the rest of a cached GET's
// handler. Names they refuse go to the validators, for their messages.
func isLabel(s string) bool {
	return len(s) <= validation.DNS1123LabelMaxLength && isLabelBody(s)
}

// allLabels: dot-separated labels, which in a subdomain have no length
// limit of their own.
func allLabels(s string) bool {
	for {
		label, rest, more := strings.Cut(s, ".")
		if !isLabelBody(label) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// isLabelBody is isLabel without the length limit.
func isLabelBody(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (errs *fieldErrors) check(name, value string, validate func(string) []string) {
	path := field.NewPath(name)
	if value == "" {
		*errs = append(*errs, field.Required(path, ""))
		return
	}
	if msgs := validate(value); len(msgs) > 0 {
		*errs = append(*errs, field.Invalid(path, value, strings.Join(msgs, "; ")))
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
	ns := queryOf(r).Get(param) // nil, and no parse, without a query
	if ns == "" {
		return "", nil
	}
	var errs fieldErrors
	errs.dnsLabel(param, ns)
	return ns, errs.err(msgInvalidQuery)
}

// namespaceParam is the validated {namespace} of the route.
func namespaceParam(r *http.Request) (string, error) {
	ns := pathVar(r, "namespace")
	var errs fieldErrors
	errs.dnsLabel("namespace", ns)
	return ns, errs.err(msgInvalidPath)
}

// workspaceParams are the validated {namespace} and {name} of the route.
func workspaceParams(r *http.Request) (namespace, name string, err error) {
	namespace, name = pathVar(r, "namespace"), pathVar(r, "name")
	var errs fieldErrors
	errs.dnsLabel("namespace", namespace)
	errs.dnsSubdomain("name", name)
	return namespace, name, errs.err(msgInvalidPath)
}

// kindParam is the validated {name} of a WorkspaceKind route.
func kindParam(r *http.Request) (string, error) {
	name := pathVar(r, "name")
	var errs fieldErrors
	errs.dnsSubdomain("name", name)
	return name, errs.err(msgInvalidPath)
}

// pathVar is the value of the matched route's variable name (see
// routeMatcher), "" when it has none.
func pathVar(r *http.Request, name string) string {
	return requestInfoFrom(r.Context()).vars[name]
}
