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

// fieldErrors collects field errors and turns them into one 422.
type fieldErrors field.ErrorList

// dnsLabel checks a namespace (or container) name: a DNS-1123 label.
func (errs *fieldErrors) dnsLabel(name, value string) {
	errs.check(name, value, validation.IsDNS1123Label)
}

// dnsSubdomain checks an object name: a DNS-1123 subdomain.
func (errs *fieldErrors) dnsSubdomain(name, value string) {
	errs.check(name, value, validation.IsDNS1123Subdomain)
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

// namespaceParam is the validated {namespace} of the route.
func namespaceParam(r *http.Request) (string, error) {
	ns := mux.Vars(r)["namespace"]
	var errs fieldErrors
	errs.dnsLabel("namespace", ns)
	return ns, errs.err(msgInvalidPath)
}

// workspaceParams are the validated {namespace} and {name} of the route.
func workspaceParams(r *http.Request) (namespace, name string, err error) {
	vars := mux.Vars(r)
	var errs fieldErrors
	errs.dnsLabel("namespace", vars["namespace"])
	errs.dnsSubdomain("name", vars["name"])
	return vars["namespace"], vars["name"], errs.err(msgInvalidPath)
}

// kindParam is the validated {name} of a WorkspaceKind route.
func kindParam(r *http.Request) (string, error) {
	name := mux.Vars(r)["name"]
	var errs fieldErrors
	errs.dnsSubdomain("name", name)
	return name, errs.err(msgInvalidPath)
}
