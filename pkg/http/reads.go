package httpapi

import (
	"encoding/base64"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// ReadModel is what the GET handlers serve from: bytes rendered when the
// informers' events arrived (pkg/cache.Model).
type ReadModel interface {
	Namespaces() *cache.List
	Workspaces(namespace string) *cache.List
	Workspace(namespace, name string) (*cache.Body, bool)
	WorkspaceKinds() *cache.List
	WorkspaceKind(name string) (*cache.Body, bool)
}

// reads holds the GET handlers. Each validates its input, then writes bytes
// the read model already holds: no API call and no JSON encoding here.
type reads struct {
	model ReadModel
}

func (h reads) namespaces(w http.ResponseWriter, r *http.Request) error {
	return serveList(w, r, h.model.Namespaces())
}

func (h reads) allWorkspaces(w http.ResponseWriter, r *http.Request) error {
	return serveList(w, r, h.model.Workspaces(""))
}

func (h reads) namespaceWorkspaces(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceParam(r)
	if err != nil {
		return err
	}
	return serveList(w, r, h.model.Workspaces(ns))
}

func (h reads) workspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	body, ok := h.model.Workspace(ns, name)
	if !ok {
		return errNotFound()
	}
	serveCached(w, r, body.ETag(), body.Bytes(), body.Gzip)
	return nil
}

func (h reads) workspaceKinds(w http.ResponseWriter, r *http.Request) error {
	// namespaceFilter only selects the authorization check (create
	// workspaces in that namespace); it never filters the list.
	if filter := r.URL.Query().Get("namespaceFilter"); filter != "" {
		var errs fieldErrors
		errs.dnsLabel("namespaceFilter", filter)
		if err := errs.err(msgInvalidQuery); err != nil {
			return err
		}
	}
	return serveList(w, r, h.model.WorkspaceKinds())
}

func (h reads) workspaceKind(w http.ResponseWriter, r *http.Request) error {
	name, err := kindParam(r)
	if err != nil {
		return err
	}
	body, ok := h.model.WorkspaceKind(name)
	if !ok {
		return errNotFound()
	}
	serveCached(w, r, body.ETag(), body.Bytes(), body.Gzip)
	return nil
}

// serveList answers a list GET: the whole cached list, or with
// ?limit=N[&continue=TOKEN] one page of it in (namespace, name) order, plus
// "continue" in the envelope when more items follow.
func serveList(w http.ResponseWriter, r *http.Request, list *cache.List) error {
	query := r.URL.Query()
	if !query.Has("limit") && !query.Has("continue") {
		serveCached(w, r, list.ETag(), list.Bytes(), list.Gzip)
		return nil
	}
	limit, after, err := parsePage(query.Get("limit"), query.Get("continue"))
	if err != nil {
		return err
	}
	items, last := list.Page(after, limit)
	parts := [][]byte{[]byte(`{"data":[`), items, []byte(`]`)}
	if last != "" {
		parts = append(parts, []byte(`,"continue":"`+encodeContinue(last)+`"`))
	}
	parts = append(parts, []byte(`}`))
	serveStreamed(w, r, pageETag(list.ETag(), limit, after), parts...)
	return nil
}

// maxPageSize bounds a page so that one request cannot ask for an
// unbounded response assembled per request.
const maxPageSize = 10000

func parsePage(limitParam, token string) (limit int, after string, err error) {
	var errs fieldErrors
	limit, convErr := strconv.Atoi(limitParam)
	switch {
	case limitParam == "":
		errs.add(field.Required(field.NewPath("limit"), "limit is required with continue"))
	case convErr != nil || limit < 1 || limit > maxPageSize:
		errs.add(field.Invalid(field.NewPath("limit"), limitParam, "must be an integer between 1 and "+strconv.Itoa(maxPageSize)))
	}
	if token != "" {
		var ok bool
		if after, ok = decodeContinue(token); !ok {
			errs.add(field.Invalid(field.NewPath("continue"), token, "not a continue token returned by this list"))
		}
	}
	return limit, after, errs.err(msgInvalidQuery)
}

// A continue token is the last key served, versioned so its format can
// change; it stays valid however the list changes meanwhile.
const continuePrefix = "v1:"

func encodeContinue(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(continuePrefix + key))
}

func decodeContinue(token string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", false
	}
	key, ok := strings.CutPrefix(string(raw), continuePrefix)
	return key, ok && key != ""
}

// pageETag derives a page's ETag from its list's: the same list version and
// the same page parameters always give the same bytes.
func pageETag(listETag string, limit int, after string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(after))
	return strings.TrimSuffix(listETag, `"`) + ".p" + strconv.Itoa(limit) + "." + strconv.FormatUint(h.Sum64(), 36) + `"`
}
