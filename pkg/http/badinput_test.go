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

package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
)

// bodyFormat is what a route reads from its request body.
type bodyFormat int

const (
	noBody       bodyFormat = iota
	dataJSON                // {"data": …} as application/json
	mergePatch              // a merge patch of the GET representation
	jsonPatch               // a JSON Patch of the GET representation
	yamlManifest            // a WorkspaceKind manifest as application/yaml
	jsonManifest            // the same manifest as application/json
)

func (f bodyFormat) contentType() string {
	switch f {
	case dataJSON, jsonManifest:
		return "application/json"
	case mergePatch:
		return "application/merge-patch+json"
	case jsonPatch:
		return "application/json-patch+json"
	case yamlManifest:
		return "application/yaml"
	}
	return ""
}

func (f bodyFormat) manifest() bool { return f == yamlManifest || f == jsonManifest }

// badInputRoute is a route of the catalogue and what a request to it that
// would succeed looks like: every case changes exactly one part of it.
type badInputRoute struct {
	label    string // what the route does, for test names
	method   string
	template string // the path, with {namespace} and {name}
	name     string // the {name} that exists
	body     bodyFormat
	list     bool // takes ?limit and ?continue
	logs     bool // takes the logs route's query
	// nsQuery is the query parameter that names a namespace
	// (namespaceFilter, namespace), if any.
	nsQuery string
	// valid is a body the route accepts, and would write.
	valid func() string
	// named is a valid body but for the name of the object it creates (nil
	// when the body names none).
	named func(name string) string
	// wrongType and wrongNested are bodies with one value of the wrong
	// type, at the top of the payload and deeper in it ("" when the
	// payload has no such field).
	wrongType, wrongNested string
}

func (r badInputRoute) path(namespace, name string) string {
	return strings.NewReplacer("{namespace}", namespace, "{name}", name).Replace(r.template)
}

func (r badInputRoute) hasNamespace() bool { return strings.Contains(r.template, "{namespace}") }
func (r badInputRoute) hasName() bool      { return strings.Contains(r.template, "{name}") }

// identity is who a bad-input request claims to come from.
type identity int

const (
	asWriter   identity = iota // the cluster-admin writer
	noUser                     // no identity header
	emptyUser                  // the header, empty
	prefixOnly                 // the header holds only the prefix that is stripped
	groupsOnly                 // groups, and no user
)

// badCase is one bad request and the answer it must get.
type badCase struct {
	name        string
	method      string
	path        string // escaped as sent, with the query
	who         identity
	contentType string
	body        func() string
	chunked     bool // send the body without a Content-Length
	status      int
	contains    string // in the answer's body
	field       string // a field the 422's validation_errors name
}

// badInputClient never follows a redirect: a 3xx is an answer to check.
var badInputClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (c badCase) send(t *testing.T, base string) response {
	t.Helper()
	var body io.Reader
	if c.body != nil {
		s := c.body()
		body = strings.NewReader(s)
		if c.chunked {
			body = io.MultiReader(strings.NewReader(s))
		}
	}
	req, err := http.NewRequest(c.method, base+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	switch c.who {
	case asWriter:
		req.Header.Set("kubeflow-userid", ":writer@example.com")
	case emptyUser:
		req.Header.Set("kubeflow-userid", "")
	case prefixOnly:
		req.Header.Set("kubeflow-userid", ":")
	case groupsOnly:
		req.Header.Add("kubeflow-groups", "system:masters")
		req.Header.Add("kubeflow-groups", "kubeflow-admins")
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	return roundTrip(t, badInputClient, req)
}

// check asserts the answer: the status, never a 5xx, and a JSON error
// envelope whose code is the status and whose message says something.
func (c badCase) check(t *testing.T, r response) {
	t.Helper()
	if r.status >= 500 || r.status < 400 {
		t.Fatalf("status %d: bad input must be a 4xx: %.500s", r.status, r.body)
	}
	expect(t, r, c.status) // validates the envelope against upstream's definition
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var env struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Cause   *struct {
				ValidationErrors []struct {
					Field string `json:"field"`
				} `json:"validation_errors"`
			} `json:"cause"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatalf("not a JSON error envelope: %v: %.500s", err, r.body)
	}
	if env.Error.Code != strconv.Itoa(r.status) || strings.TrimSpace(env.Error.Message) == "" {
		t.Errorf("envelope code %q message %q for status %d", env.Error.Code, env.Error.Message, r.status)
	}
	if c.contains != "" && !strings.Contains(string(r.body), c.contains) {
		t.Errorf("body does not contain %q: %.500s", c.contains, r.body)
	}
	if c.field != "" {
		var fields []string
		if env.Error.Cause != nil {
			for _, v := range env.Error.Cause.ValidationErrors {
				fields = append(fields, v.Field)
			}
		}
		if !slices.Contains(fields, c.field) {
			t.Errorf("validation errors name %v, want %q: %.500s", fields, c.field, r.body)
		}
	}
	if r.status == http.StatusMethodNotAllowed && r.header.Get("Allow") == "" {
		t.Error("a 405 without Allow")
	}
}

// TestBadInput is the catalogue of bad requests: each route gets every
// class of bad input that applies to it (bodies, content types, names in
// the path and the body, query values, identity), plus wrong methods and
// unknown routes. Every answer is the right 4xx with a JSON error envelope,
// and afterwards the API server holds exactly the objects it held before.
func TestBadInput(t *testing.T) {
	f := newWriteFixture(t)
	f.create(t, "target")
	createBadInputStorage(t, f)
	// Nothing here may write; should a case do so, it leaves nothing behind
	// for other tests.
	t.Cleanup(func() {
		env, ctx := testenv.Get(t), context.Background()
		_ = env.Clients.Workspaces(f.ns).Delete(ctx, "probe", metav1.DeleteOptions{})
		_ = env.Clients.WorkspaceKinds().Delete(ctx, "probe-"+f.ns, metav1.DeleteOptions{})
		_ = env.Clients.Kube.CoreV1().PersistentVolumeClaims(f.ns).Delete(ctx, "probe", metav1.DeleteOptions{})
		_ = env.Clients.Kube.CoreV1().Secrets(f.ns).Delete(ctx, "probe", metav1.DeleteOptions{})
	})
	routes := badInputRoutes(t, f)
	cases := badInputCases(f, routes)
	if len(cases) < 150 {
		t.Fatalf("the catalogue has %d cases, want at least 150", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases are named %q", c.name)
		}
		seen[c.name] = true
	}

	before := clusterObjects(t)
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { c.check(t, c.send(t, f.base)) })
		}
	})
	after := clusterObjects(t)
	if !maps.Equal(before, after) {
		for key, v := range after {
			if was, ok := before[key]; !ok {
				t.Errorf("%s appeared", key)
			} else if was != v {
				t.Errorf("%s changed: %s -> %s", key, was, v)
			}
		}
		for key := range before {
			if _, ok := after[key]; !ok {
				t.Errorf("%s is gone", key)
			}
		}
	}
	t.Logf("%d bad-input cases", len(cases))
}

// createBadInputStorage gives the bad-input fixture what the storage
// routes' valid requests name: a StorageClass users may use, and a PVC and
// a Secret called target that users may change.
func createBadInputStorage(t *testing.T, f writeFixture) {
	t.Helper()
	env, ctx := testenv.Get(t), testenv.Context(t)
	createStorageClass(t, badInputClass(f), true, nil)
	if _, err := env.Clients.Kube.CoreV1().PersistentVolumeClaims(f.ns).Create(ctx,
		newClaim(f.ns, "target", badInputClass(f), "can-mount", "can-update"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Clients.Kube.CoreV1().Secrets(f.ns).Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "target", Labels: map[string]string{"notebooks.kubeflow.org/can-update": "true"}},
		Data:       map[string][]byte{"k": []byte("v")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, f.base+"/api/v1/persistentvolumeclaims/"+f.ns, func(r response) bool { return listItems(t, r.body)["target"] != nil }, "the PVC is served")
}

func badInputClass(f writeFixture) string { return "badinput-" + f.ns }

// clusterObjects maps every Workspace, WorkspaceKind, Namespace,
// StorageClass, PVC and Secret to its UID and resourceVersion: any write
// changes the map.
func clusterObjects(t *testing.T) map[string]string {
	t.Helper()
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	out := map[string]string{}
	workspaces, err := env.Clients.Workspaces("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range workspaces.Items {
		out["workspace "+o.Namespace+"/"+o.Name] = string(o.UID) + "@" + o.ResourceVersion
	}
	kinds, err := env.Clients.WorkspaceKinds().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range kinds.Items {
		out["workspacekind "+o.Name] = string(o.UID) + "@" + o.ResourceVersion
	}
	namespaces, err := env.Clients.Kube.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range namespaces.Items {
		out["namespace "+o.Name] = string(o.UID) + "@" + o.ResourceVersion
	}
	classes, err := env.Clients.Kube.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range classes.Items {
		out["storageclass "+o.Name] = string(o.UID) + "@" + o.ResourceVersion
	}
	claims, err := env.Clients.Kube.CoreV1().PersistentVolumeClaims("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range claims.Items {
		out["persistentvolumeclaim "+o.Namespace+"/"+o.Name] = string(o.UID) + "@" + o.ResourceVersion
	}
	secrets, err := env.Clients.Kube.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range secrets.Items {
		out["secret "+o.Namespace+"/"+o.Name] = string(o.UID) + "@" + o.ResourceVersion
	}
	return out
}

// badInputRoutes are every API route that needs an identity; the PATCH
// and manifest routes appear once per body format they read.
func badInputRoutes(t *testing.T, f writeFixture) []badInputRoute {
	const (
		wsPath   = "/api/v1/workspaces/{namespace}/{name}"
		kindPath = "/api/v1/workspacekinds/{name}"
	)
	kindURL := f.base + "/api/v1/workspacekinds/" + f.kind
	// Names are quoted so that every name, even an empty one, is a string.
	namedManifest := func(name string) string { return kindManifest(t, strconv.Quote(name)) }
	namedManifestJSON := func(name string) string {
		b, err := sigsyaml.YAMLToJSON([]byte(namedManifest(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	manifest, manifestJSON := namedManifest("probe-"+f.ns), namedManifestJSON("probe-"+f.ns)
	putKind := func() string {
		b, err := json.Marshal(map[string]any{"data": getKindForm(t, kindURL)})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	putWorkspace := func() string { return putBody(getForm(t, f.url("target"))) }
	constant := func(s string) func() string { return func() string { return s } }
	const (
		pvcsPath    = "/api/v1/persistentvolumeclaims/{namespace}"
		secretsPath = "/api/v1/secrets/{namespace}"
	)
	claimBody := func(name string) string { return storageFixture{}.claimBody(name, badInputClass(f)) }
	secretBody := func(name string) string {
		return fmt.Sprintf(`{"data":{"name":%q,"type":"Opaque","immutable":false,"contents":{"k":{"base64":"dg=="}}}}`, name)
	}
	return []badInputRoute{
		{label: "list namespaces", method: "GET", template: "/api/v1/namespaces", list: true},
		{label: "list workspaces", method: "GET", template: "/api/v1/workspaces", list: true},
		{label: "list workspaces in a namespace", method: "GET", template: "/api/v1/workspaces/{namespace}", list: true},
		{
			label: "create workspace", method: "POST", template: "/api/v1/workspaces/{namespace}", body: dataJSON,
			valid: func() string { return f.createBody("probe") }, named: f.createBody,
			wrongType: `{"data":{"name":1}}`, wrongNested: `{"data":{"podTemplate":{"podMetadata":{"labels":{"a":1}}}}}`,
		},
		{label: "get workspace", method: "GET", template: wsPath, name: "target"},
		{
			label: "replace workspace", method: "PUT", template: wsPath, name: "target", body: dataJSON, valid: putWorkspace,
			wrongType: `{"data":{"revision":1}}`, wrongNested: `{"data":{"podTemplate":{"podMetadata":{"labels":{"a":1}}}}}`,
		},
		{
			label: "merge-patch workspace", method: "PATCH", template: wsPath, name: "target", body: mergePatch,
			valid:     constant(`{"data":{"displayName":"probe"}}`),
			wrongType: `{"data":{"revision":1}}`, wrongNested: `{"data":{"podTemplate":{"podMetadata":{"labels":{"a":1}}}}}`,
		},
		{
			label: "json-patch workspace", method: "PATCH", template: wsPath, name: "target", body: jsonPatch,
			valid:       constant(`[{"op":"add","path":"/data/displayName","value":"probe"}]`),
			wrongType:   `[{"op":"replace","path":"/data/revision","value":1}]`,
			wrongNested: `[{"op":"add","path":"/data/podTemplate/podMetadata/labels","value":{"a":1}}]`,
		},
		{label: "delete workspace", method: "DELETE", template: wsPath, name: "target"},
		{
			label: "pause workspace", method: "POST", template: wsPath + "/actions/pause", name: "target", body: dataJSON,
			valid: constant(`{"data":{"paused":true}}`), wrongType: `{"data":{"paused":"yes"}}`,
		},
		{label: "list workspacekinds", method: "GET", template: "/api/v1/workspacekinds", list: true, nsQuery: "namespaceFilter"},
		{
			label: "create workspacekind from YAML", method: "POST", template: "/api/v1/workspacekinds", body: yamlManifest,
			valid: constant(manifest), named: namedManifest,
			wrongType:   strings.Replace(manifest, "apiVersion: kubeflow.org/v1beta1", "apiVersion: 1", 1),
			wrongNested: strings.Replace(manifest, "hidden: false", "hidden: maybe", 1),
		},
		{
			label: "create workspacekind from JSON", method: "POST", template: "/api/v1/workspacekinds", body: jsonManifest,
			valid: constant(manifestJSON), named: namedManifestJSON,
			wrongType:   strings.Replace(manifestJSON, `"apiVersion":"kubeflow.org/v1beta1"`, `"apiVersion":1`, 1),
			wrongNested: strings.Replace(manifestJSON, `"hidden":false`, `"hidden":"maybe"`, 1),
		},
		{label: "get workspacekind", method: "GET", template: kindPath, name: f.kind},
		{
			label: "replace workspacekind", method: "PUT", template: kindPath, name: f.kind, body: dataJSON, valid: putKind,
			wrongType: `{"data":{"revision":1}}`, wrongNested: `{"data":{"spawner":{"hidden":"maybe"}}}`,
		},
		{
			label: "merge-patch workspacekind", method: "PATCH", template: kindPath, name: f.kind, body: mergePatch,
			valid:     constant(`{"data":{"spawner":{"description":"probe"}}}`),
			wrongType: `{"data":{"revision":1}}`, wrongNested: `{"data":{"spawner":{"hidden":"maybe"}}}`,
		},
		{
			label: "json-patch workspacekind", method: "PATCH", template: kindPath, name: f.kind, body: jsonPatch,
			valid:       constant(`[{"op":"add","path":"/data/spawner/description","value":"probe"}]`),
			wrongType:   `[{"op":"replace","path":"/data/revision","value":1}]`,
			wrongNested: `[{"op":"add","path":"/data/spawner/hidden","value":"maybe"}]`,
		},
		{label: "delete workspacekind", method: "DELETE", template: kindPath, name: f.kind},
		{label: "get workspace pod template details", method: "GET", template: wsPath + "/podtemplate/details", name: "target"},
		{label: "get workspace logs", method: "GET", template: wsPath + "/podtemplate/logs/batch", name: "target", logs: true},
		{
			label: "list workspacekind option values", method: "POST", template: kindPath + "/podtemplate/options/listvalues",
			name: f.kind, body: dataJSON, valid: constant(`{"data":{}}`),
			wrongType: `{"data":{"context":1}}`, wrongNested: `{"data":{"context":{"namespace":{"name":1}}}}`,
		},
		{label: "get workspacekind icon", method: "GET", template: kindPath + "/assets/icon", name: f.kind, nsQuery: "namespace"},
		{label: "get workspacekind logo", method: "GET", template: kindPath + "/assets/logo", name: f.kind, nsQuery: "namespace"},
		{label: "list storage classes", method: "GET", template: "/api/v1/storageclasses", list: true, nsQuery: "namespace"},
		{label: "list PVCs", method: "GET", template: pvcsPath, list: true},
		{
			label: "create PVC", method: "POST", template: pvcsPath, body: dataJSON,
			valid: func() string { return claimBody("probe") }, named: claimBody,
			wrongType: `{"data":{"name":1}}`, wrongNested: `{"data":{"requests":{"storage":1}}}`,
		},
		{label: "delete PVC", method: "DELETE", template: pvcsPath + "/{name}", name: "target"},
		{label: "list secrets", method: "GET", template: secretsPath, list: true},
		{
			label: "create secret", method: "POST", template: secretsPath, body: dataJSON,
			valid: func() string { return secretBody("probe") }, named: secretBody,
			wrongType: `{"data":{"immutable":"no"}}`, wrongNested: `{"data":{"contents":{"k":{"base64":1}}}}`,
		},
		{label: "get secret", method: "GET", template: secretsPath + "/{name}", name: "target"},
		{
			label: "replace secret", method: "PUT", template: secretsPath + "/{name}", name: "target", body: dataJSON,
			valid:     constant(`{"data":{"type":"Opaque","immutable":false,"contents":{"k":{}}}}`),
			wrongType: `{"data":{"type":1}}`, wrongNested: `{"data":{"contents":{"k":{"base64":true}}}}`,
		},
		{label: "delete secret", method: "DELETE", template: secretsPath + "/{name}", name: "target"},
	}
}

// badInputCases generates the catalogue: every route crossed with every
// class of bad input that applies to it.
func badInputCases(f writeFixture, routes []badInputRoute) []badCase {
	var cases []badCase
	for _, r := range routes {
		valid := badCase{method: r.method, path: r.path(f.ns, r.name), contentType: r.body.contentType(), body: r.valid}
		add := func(class string, c badCase) {
			c.name = fmt.Sprintf("%s: %s is %d", r.label, class, c.status)
			cases = append(cases, c)
		}
		if r.body != noBody {
			for _, b := range bodyClasses(r) {
				c := valid
				c.body, c.chunked, c.status, c.contains, c.field = b.body, b.chunked, b.status, b.contains, b.field
				add(b.name, c)
			}
			for _, ct := range contentTypeClasses(r) {
				c := valid
				c.contentType, c.status, c.contains = ct.contentType, ct.status, ct.contains
				add(ct.name, c)
			}
		}
		for _, p := range pathClasses(r) {
			c := valid
			c.path, c.status, c.contains, c.field = r.path(p.namespace(f.ns), p.name(r.name)), p.status, p.contains, p.field
			add(p.class, c)
		}
		for _, q := range queryClasses(r) {
			c := valid
			c.path += "?" + q.query
			c.status, c.contains, c.field = http.StatusUnprocessableEntity, "query parameters were invalid", q.field
			add(q.name, c)
		}
		for _, who := range []struct {
			class string
			who   identity
		}{
			{"no identity", noUser}, {"an empty identity header", emptyUser},
			{"an identity of only the stripped prefix", prefixOnly}, {"groups without a user", groupsOnly},
		} {
			c := valid
			c.who, c.status, c.contains = who.who, http.StatusUnauthorized, "authentication is required"
			add(who.class, c)
		}
		if r.hasName() || r.hasNamespace() {
			// Identity comes first: a stranger learns nothing of the
			// rules names follow.
			c := valid
			c.path = r.path("Not_A_Namespace", "Not..A..Name")
			c.who, c.status, c.contains = noUser, http.StatusUnauthorized, "authentication is required"
			add("no identity and invalid names", c)
		}
	}
	return append(cases, routingCases(f)...)
}

// bodyClass is a bad body and its answer.
type bodyClass struct {
	name     string
	body     func() string // large bodies are built only when the case runs
	chunked  bool
	status   int
	contains string
	field    string
}

// deep nests n arrays.
func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// deepObject nests n objects.
func deepObject(n int) string {
	return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
}

// limitText is a body limit as the 413 names it.
func limitText(n int) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MiB"
	}
	return strconv.Itoa(n>>10) + " KiB"
}

// sized pads body with trailing whitespace to exactly n bytes.
func sized(body string, n int) string { return body + strings.Repeat(" ", n-len(body)) }

// bodyClasses are the bad bodies for a route, by what it reads. Where a
// class means something else in another format ({} is an empty merge patch
// and [] an empty JSON Patch, both valid), the format gets its own form of
// it, or none.
func bodyClasses(r badInputRoute) []bodyClass {
	const bad, invalid, tooLarge = http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge
	f := r.body
	jsonBody := f == dataJSON || f == mergePatch || f == jsonPatch || f == jsonManifest
	limit := int(httpapi.BodyLimit(r.method, r.template))
	var out []bodyClass
	add := func(name, body string, status int, contains string) {
		if len(body) > limit {
			// Past the route's limit, a body is not judged on its merits.
			status, contains = tooLarge, "request body too large"
		}
		out = append(out, bodyClass{name: name, body: func() string { return body }, status: status, contains: contains})
	}
	// Bodies that are no JSON (or YAML) at all, or not one value.
	add("an empty body", "", bad, "request body was empty")
	add("a whitespace body", " \n\t ", bad, "request body was empty")
	add("malformed JSON", `{"data":`, bad, "")
	add("JSON cut inside a string", `{"data":{"name":"abc`, bad, "")
	add("a NUL byte", "{\"data\":\x00}", bad, "")
	add("trailing data", `{"data":{}} x`, bad, "")
	add("two JSON values", `{"data":{}}{"data":{}}`, bad, "")
	add("an extra closing brace", `{"data":{}}}`, bad, "")
	if jsonBody {
		add("unquoted keys", `{data:{}}`, bad, "")
		add("single-quoted strings", `{'data':{}}`, bad, "")
		add("a trailing comma", `{"data":{},}`, bad, "")
		add("a byte order mark", "\ufeff{\"data\":{}}", bad, "")
		add("a comment", `{"data":{} /* note */}`, bad, "")
		add("NaN", `{"data":NaN}`, bad, "")
	}
	// Valid JSON of the wrong shape.
	switch f {
	case dataJSON:
		add("null", `null`, invalid, "data is required")
		add("an empty object (no data)", `{}`, invalid, "data is required")
		add("null data", `{"data":null}`, invalid, "data is required")
		add("a top-level array", `[]`, bad, "error decoding JSON")
	case mergePatch:
		// null replaces the whole document: there is no data left.
		add("null", `null`, invalid, "data is required")
		add("a patch removing data", `{"data":null}`, invalid, "data is required")
		add("a top-level array", `[]`, bad, "")
	case jsonPatch:
		add("null", `null`, bad, "must be an array")
		add("an object", `{}`, bad, "must be an array")
		add("an object with data", `{"data":null}`, bad, "must be an array")
		add("an array of null", `[null]`, bad, "")
		add("an array of numbers", `[1]`, bad, "")
		add("an operation without op", `[{"path":"/data/revision","value":"x"}]`, bad, "")
		add("an unknown operation", `[{"op":"explode","path":"/data"}]`, bad, "")
		add("an op of the wrong type", `[{"op":1,"path":"/data/revision","value":"x"}]`, bad, "")
		add("a path of the wrong type", `[{"op":"replace","path":1,"value":"x"}]`, bad, "")
		add("a replace without value", `[{"op":"replace","path":"/data/revision"}]`, bad, "")
		add("a replace of a missing member", `[{"op":"replace","path":"/data/nope","value":"x"}]`, bad, "")
		add("a path not starting with a slash", `[{"op":"replace","path":"data/revision","value":"x"}]`, bad, "")
		add("a move from a missing member", `[{"op":"move","from":"/data/nope","path":"/data/revision"}]`, bad, "")
		add("a patch removing data", `[{"op":"remove","path":"/data"}]`, invalid, "data is required")
		add("a failed test operation", `[{"op":"test","path":"/data/revision","value":"stale"}]`, http.StatusConflict, "test operation")
	case yamlManifest, jsonManifest:
		add("null", `null`, invalid, "apiVersion")
		add("an empty object", `{}`, invalid, "metadata.name")
		add("a top-level array", `[]`, bad, "")
		add("a data envelope", `{"data":null}`, bad, "unknown field")
	}
	add("a string", `"text"`, bad, "")
	add("a number", `42`, bad, "")
	add("a boolean", `true`, bad, "")
	if f == dataJSON || f == mergePatch {
		add("data of the wrong type (string)", `{"data":"text"}`, bad, "")
		add("data of the wrong type (array)", `{"data":[]}`, bad, "")
		add("data of the wrong type (number)", `{"data":42}`, bad, "")
	}
	if r.wrongType != "" {
		add("a field of the wrong type", r.wrongType, bad, "")
	}
	if r.wrongNested != "" {
		add("a nested field of the wrong type", r.wrongNested, bad, "")
	}
	// Unknown fields and duplicate keys, at each depth.
	switch f {
	case dataJSON:
		add("an unknown top-level field", `{"data":{},"extra":1}`, bad, "unknown field")
		add("an unknown field in data", `{"data":{"color":"red"}}`, bad, "unknown field")
		add("an unknown nested field", `{"data":{"podTemplate":{"color":"red"}}}`, bad, "unknown field")
		add("a field in the wrong case", `{"Data":{}}`, bad, "unknown field")
		add("a duplicate top-level key", `{"data":{},"data":{}}`, bad, "duplicate field")
		add("a duplicate key in data", `{"data":{"revision":"a","revision":"a","name":"a","name":"a","paused":true,"paused":true,"context":{},"context":{},"type":"a","type":"a"}}`, bad, "duplicate field")
	case mergePatch:
		add("an unknown top-level field", `{"extra":1}`, bad, "unknown field")
		add("an unknown field in data", `{"data":{"color":"red"}}`, bad, "unknown field")
		add("an unknown nested field", `{"data":{"podTemplate":{"color":"red"}}}`, bad, "unknown field")
		add("a field in the wrong case", `{"Data":{}}`, bad, "unknown field")
		add("a duplicate top-level key", `{"data":{},"data":{}}`, bad, "duplicate field")
		add("a duplicate key in data", `{"data":{"revision":"a","revision":"b"}}`, bad, "duplicate field")
	case jsonPatch:
		add("an added unknown top-level field", `[{"op":"add","path":"/extra","value":1}]`, bad, "unknown field")
		add("an added unknown field in data", `[{"op":"add","path":"/data/color","value":"red"}]`, bad, "unknown field")
		add("an added field in the wrong case", `[{"op":"add","path":"/Data","value":{}}]`, bad, "unknown field")
		add("a duplicate key in an operation", `[{"op":"test","op":"test","path":"/data/revision","value":"a"}]`, bad, "duplicate field")
		add("a duplicate key in a value", `[{"op":"add","path":"/data/spawner","value":{"a":1,"a":2}}]`, bad, "duplicate field")
	case yamlManifest:
		add("an unknown top-level field", "apiVersion: kubeflow.org/v1beta1\ncolor: red\n", bad, "unknown field")
		add("an unknown nested field", strings.Replace(r.valid(), "spec:\n", "spec:\n  color: red\n", 1), bad, "unknown field")
		add("a field in the wrong case", strings.Replace(r.valid(), "\nkind: WorkspaceKind\n", "\nKind: WorkspaceKind\n", 1), bad, "unknown field")
		add("a duplicate key", strings.Replace(r.valid(), "\nkind: WorkspaceKind\n", "\nkind: WorkspaceKind\nkind: WorkspaceKind\n", 1), bad, "already set")
		add("two documents", r.valid()+"\n---\n"+r.valid(), bad, "exactly one manifest")
		// The YAML reader once dropped a last line without a newline that
		// ended at the edge of its 4096-byte buffer.
		hidden := `{"apiVersion":"kubeflow.org/v1beta1","kind":"WorkspaceKind","metadata":{"name":"hidden"}}`
		add("a second document of one 4096-byte line", r.valid()+"\n---\n"+sized(hidden, 4096), bad, "exactly one manifest")
		add("a tab-indented document", "metadata:\n\tname: x\n", bad, "")
		add("an alias bomb", aliasBomb(), bad, "aliasing")
		add("deeply nested block YAML", strings.Repeat("- ", 20000)+"x\n", bad, "depth")
	case jsonManifest:
		add("an unknown top-level field", strings.Replace(r.valid(), `{`, `{"color":"red",`, 1), bad, "unknown field")
		add("an unknown nested field", strings.Replace(r.valid(), `"spec":{`, `"spec":{"color":"red",`, 1), bad, "unknown field")
		add("a field in the wrong case", strings.Replace(r.valid(), `"kind":"WorkspaceKind"`, `"Kind":"WorkspaceKind"`, 1), bad, "unknown field")
		add("a duplicate key", strings.Replace(r.valid(), `"kind":"WorkspaceKind"`, `"kind":"WorkspaceKind","kind":"WorkspaceKind"`, 1), bad, "duplicate field")
		add("a YAML body", "apiVersion: kubeflow.org/v1beta1\nkind: WorkspaceKind\n", bad, "")
	}
	// Names in the body, where the route takes one.
	if r.named != nil {
		field := "data.name"
		if f.manifest() {
			field = "metadata.name"
		}
		for _, n := range bodyNames {
			body := r.named(n.value)
			out = append(out, bodyClass{name: "a body name " + n.class, body: func() string { return body },
				status: invalid, contains: "request body was invalid", field: field})
		}
	}
	// Bodies past the route's limit, at it, and too deep to decode. The
	// 413 names the limit.
	over := fmt.Sprintf("request body too large: this route accepts at most %s", limitText(limit))
	oversized := func() string { return `{"data":"` + strings.Repeat("a", limit) + `"}` }
	out = append(out,
		bodyClass{name: "a body one byte over the limit", body: func() string { return sized(`{"data":null}`, limit+1) }, status: tooLarge, contains: over},
		bodyClass{name: "an 8 MiB body", body: func() string { return sized(oversized(), 8<<20) }, status: tooLarge, contains: over},
		bodyClass{name: "a chunked body over the limit", body: oversized, chunked: true, status: tooLarge, contains: over},
	)
	// Exactly at the limit, the body is read and judged on its merits.
	switch f {
	case dataJSON, mergePatch:
		out = append(out, bodyClass{name: "a body of exactly the limit", body: func() string { return sized(`{"data":null}`, limit) }, status: invalid, contains: "data is required"})
	case jsonPatch:
		out = append(out, bodyClass{name: "a body of exactly the limit", body: func() string { return sized(`null`, limit) }, status: bad, contains: "must be an array"})
	default:
		out = append(out, bodyClass{name: "a body of exactly the limit", body: func() string { return sized(`{}`, limit) }, status: invalid, contains: "metadata.name"})
	}
	add("100,000 nested arrays", deep(100000), bad, "depth")
	add("100,000 nested objects", deepObject(100000), bad, "depth")
	add("100,000 nested arrays inside data", `{"data":{"x":`+deep(100000)+`}}`, bad, "depth")
	switch f {
	case mergePatch, jsonPatch:
		// A patch may nest 64 levels: merging deeper ones cost the square
		// of their depth, and copies could double the document at will.
		add("9,000 nested arrays", `{"data":{"x":`+deep(9000)+`}}`, bad, "maximum depth")
		add("65 nested levels", `{"data":{"x":`+deep(63)+`}}`, bad, "maximum depth")
		if f == mergePatch {
			add("64 nested levels in an unknown field", `{"data":{"x":`+deep(62)+`}}`, bad, "unknown field")
			add("a patch of short members up to the limit", manyMembers(limit), bad, "unknown field")
		} else {
			add("10,001 operations", jsonPatchOps(10001), bad, "more than the maximum")
			add("copies doubling the document", doublingCopies(30), bad, "exceeding the limit")
		}
	default:
		// Just under the decoders' depth limit it decodes, then fails as
		// an unknown field: deep enough to overflow a naive recursive walk.
		add("9,000 nested arrays in an unknown field", `{"data":{"x":`+deep(9000)+`}}`, bad, "unknown field")
	}
	return out
}

// manyMembers is a merge patch of about size bytes adding short unknown
// members: 4 MiB of them took the merge-patch library minutes.
func manyMembers(size int) string {
	var b strings.Builder
	b.WriteString(`{"data":{"x":{`)
	for i := 0; b.Len() < size-100; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%d":[]`, i)
	}
	b.WriteString(`}}}`)
	return b.String()
}

// jsonPatchOps is a JSON Patch of n passing test operations.
func jsonPatchOps(n int) string {
	return "[" + strings.TrimSuffix(strings.Repeat(`{"op":"test","path":"/data/revision","value":"x"},`, n), ",") + "]"
}

// doublingCopies is a JSON Patch of n copies of data into itself: each
// doubles the document.
func doublingCopies(n int) string {
	ops := make([]string, n)
	for i := range ops {
		ops[i] = fmt.Sprintf(`{"op":"copy","from":"/data","path":"/data/x%d"}`, i)
	}
	return "[" + strings.Join(ops, ",") + "]"
}

// aliasBomb is a small YAML document that expands to about 10^9 nodes.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// A nameClass is a name no object can have.
type nameClass struct{ class, value string }

// bodyNames are invalid object names, as they appear in a body.
var bodyNames = []nameClass{
	{"with uppercase", "My-Name"},
	{"254 characters long", strings.Repeat("a", 254)},
	{"of two dots", ".."},
	{"with a slash", "a/b"},
	{"with unicode", "café"},
	{"with an underscore", "my_name"},
	{"starting with a hyphen", "-name"},
	{"that is empty", ""},
}

// pathClass is a bad {namespace} or {name} in the path, escaped as sent.
type pathClass struct {
	class       string
	ns, objName string // "" keeps the valid one
	status      int
	contains    string
	field       string
}

func (p pathClass) namespace(valid string) string {
	if p.ns == "" {
		return valid
	}
	return p.ns
}

func (p pathClass) name(valid string) string {
	if p.objName == "" {
		return valid
	}
	return p.objName
}

// pathSegments are invalid names as path segments: namespaces are DNS
// labels, other names DNS subdomains.
var pathSegments = []struct{ class, ns, name string }{
	{"uppercase", "Team-A", "My-WS"},
	{"too long", strings.Repeat("a", 64), strings.Repeat("a", 254)},
	{"an underscore", "team_a", "ws_1"},
	{"a leading hyphen", "-team", "-ws"},
	{"a trailing hyphen", "team-", "ws-"},
	{"a misplaced dot", "team.a", "ws."}, // labels have none; subdomains none at the end
	{"an empty label", "a..b", "a..b"},
	{"a literal ..", "..", ".."},
	{"a literal .", ".", "."},
	{"an encoded ..", "%2E%2E", "%2E%2E"},
	{"an encoded slash", "a%2Fb", "a%2Fb"},
	{"an encoded slash alone", "%2F", "%2F"},
	{"an encoded backslash", "a%5Cb", "a%5Cb"},
	{"unicode", "t%C3%ABam", "caf%C3%A9"},
	{"an emoji", "%F0%9F%98%80", "%F0%9F%98%80"},
	{"a zero-width space", "%E2%80%8Bteam", "%E2%80%8Bws"},
	{"a space", "a%20b", "a%20b"},
	{"a NUL byte", "a%00b", "a%00b"},
	{"a percent sign", "%25", "%25"},
}

// pathClasses are the bad names for a route's path parameters: each 422
// "path parameters were invalid" naming the parameter.
func pathClasses(r badInputRoute) []pathClass {
	var out []pathClass
	for _, s := range pathSegments {
		if r.hasNamespace() {
			out = append(out, pathClass{class: "a namespace with " + s.class, ns: s.ns,
				status: http.StatusUnprocessableEntity, contains: "path parameters were invalid", field: "namespace"})
		}
		if r.hasName() {
			out = append(out, pathClass{class: "a name with " + s.class, objName: s.name,
				status: http.StatusUnprocessableEntity, contains: "path parameters were invalid", field: "name"})
		}
	}
	return out
}

// queryClass is a bad query and the parameter it is bad in.
type queryClass struct{ name, query, field string }

// queryClasses are the bad query values of a list route.
func queryClasses(r badInputRoute) []queryClass {
	var out []queryClass
	token := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	if r.list {
		out = append(out,
			queryClass{"a limit that is no number", "limit=abc", "limit"},
			queryClass{"a limit of 0", "limit=0", "limit"},
			queryClass{"a negative limit", "limit=-1", "limit"},
			queryClass{"a limit over 10000", "limit=10001", "limit"},
			queryClass{"a fractional limit", "limit=1.5", "limit"},
			queryClass{"a limit in exponent notation", "limit=1e3", "limit"},
			queryClass{"a limit overflowing int64", "limit=99999999999999999999", "limit"},
			queryClass{"a limit with a space", "limit=%201", "limit"},
			queryClass{"an empty limit", "limit=", "limit"},
			queryClass{"a continue token that is no base64", "limit=1&continue=%21%21%21", "continue"},
			queryClass{"a continue token of another format", "limit=1&continue=" + token("x"), "continue"},
			queryClass{"a continue token with an empty key", "limit=1&continue=" + token("v1:"), "continue"},
			queryClass{"a continue token without a limit", "continue=" + token("v1:a/b"), "limit"},
		)
	}
	if r.logs {
		out = append(out,
			queryClass{"a tailLines of 0", "tailLines=0", "tailLines"},
			queryClass{"a negative tailLines", "tailLines=-5", "tailLines"},
			queryClass{"a tailLines that is no number", "tailLines=ten", "tailLines"},
			queryClass{"a fractional tailLines", "tailLines=1.5", "tailLines"},
			queryClass{"a tailLines overflowing int64", "tailLines=99999999999999999999", "tailLines"},
			queryClass{"a previous that is no boolean", "previous=maybe", "previous"},
			queryClass{"a previous of 2", "previous=2", "previous"},
			queryClass{"a sinceTime that is no time", "sinceTime=yesterday", "sinceTime"},
			queryClass{"a sinceTime without a zone", "sinceTime=2026-07-15T10:30:00", "sinceTime"},
			queryClass{"a sinceTime in month 13", "sinceTime=2026-13-01T00:00:00Z", "sinceTime"},
			queryClass{"a container in uppercase", "container=Main", "container"},
			queryClass{"a container with an underscore", "container=a_b", "container"},
			queryClass{"a container 64 characters long", "container=" + strings.Repeat("a", 64), "container"},
			queryClass{"a container with a slash", "container=a%2Fb", "container"},
		)
	}
	if r.nsQuery != "" {
		for _, s := range []struct{ class, value string }{
			{"uppercase", "Team-A"}, {"too long", strings.Repeat("a", 64)}, {"a slash", "a%2Fb"},
			{"unicode", "t%C3%ABam"}, {"two dots", ".."}, {"a leading hyphen", "-team"}, {"a space", "a%20b"},
		} {
			out = append(out, queryClass{"a " + r.nsQuery + " with " + s.class, r.nsQuery + "=" + s.value, r.nsQuery})
		}
	}
	return out
}

// contentTypeClass is a bad Content-Type and its answer.
type contentTypeClass struct {
	name, contentType string
	status            int
	contains          string
}

// contentTypeClasses are the bad Content-Types of a route that reads a
// body, sent with a body it would accept.
func contentTypeClasses(r badInputRoute) []contentTypeClass {
	const unsupported = http.StatusUnsupportedMediaType
	out := []contentTypeClass{
		{"no Content-Type", "", unsupported, "Content-Type header is missing"},
		{"Content-Type text/plain", "text/plain", unsupported, "unsupported media type"},
		{"Content-Type application/xml", "application/xml", unsupported, "unsupported media type"},
		{"Content-Type multipart/form-data", "multipart/form-data; boundary=x", unsupported, "unsupported media type"},
		{"Content-Type application/x-www-form-urlencoded", "application/x-www-form-urlencoded", unsupported, "unsupported media type"},
		{"an unparsable Content-Type", "application/json; =", http.StatusBadRequest, "error parsing Content-Type"},
		{"a Content-Type parameter without a value", "application/json; charset", http.StatusBadRequest, "error parsing Content-Type"},
		// Go's mime package (upstream's too) reads "json" as a media type.
		{"a Content-Type without a subtype", "json", unsupported, "unsupported media type"},
	}
	switch r.body {
	case dataJSON:
		out = append(out,
			contentTypeClass{"Content-Type application/yaml", "application/yaml", unsupported, "unsupported media type"},
			contentTypeClass{"Content-Type application/merge-patch+json", "application/merge-patch+json", unsupported, "unsupported media type"},
		)
	case mergePatch, jsonPatch:
		out = append(out,
			contentTypeClass{"Content-Type application/json", "application/json", unsupported, "unsupported media type"},
			contentTypeClass{"Content-Type application/strategic-merge-patch+json", "application/strategic-merge-patch+json", unsupported, "unsupported media type"},
			contentTypeClass{"Content-Type application/apply-patch+yaml", "application/apply-patch+yaml", unsupported, "unsupported media type"},
		)
	case yamlManifest, jsonManifest:
		out = append(out,
			contentTypeClass{"Content-Type application/merge-patch+json", "application/merge-patch+json", unsupported, "unsupported media type"},
			contentTypeClass{"Content-Type application/json-patch+json", "application/json-patch+json", unsupported, "unsupported media type"},
		)
	}
	return out
}

// routingCases are wrong methods on known paths (405) and paths that are
// no route (404), sent as the writer with a JSON body.
func routingCases(f writeFixture) []badCase {
	ws := "/api/v1/workspaces/" + f.ns + "/target"
	kind := "/api/v1/workspacekinds/" + f.kind
	pvcs, secrets := "/api/v1/persistentvolumeclaims/"+f.ns, "/api/v1/secrets/"+f.ns
	var out []badCase
	body := func() string { return `{"data":{"paused":true}}` }
	for _, m := range []struct{ method, path string }{
		{"POST", "/api/v1/namespaces"}, {"DELETE", "/api/v1/namespaces"},
		{"POST", "/api/v1/workspaces"}, {"PUT", "/api/v1/workspaces"}, {"DELETE", "/api/v1/workspaces"},
		{"PUT", "/api/v1/workspaces/" + f.ns}, {"PATCH", "/api/v1/workspaces/" + f.ns}, {"DELETE", "/api/v1/workspaces/" + f.ns},
		{"POST", ws},
		{"GET", ws + "/actions/pause"}, {"PUT", ws + "/actions/pause"}, {"PATCH", ws + "/actions/pause"}, {"DELETE", ws + "/actions/pause"},
		{"PUT", "/api/v1/workspacekinds"}, {"PATCH", "/api/v1/workspacekinds"}, {"DELETE", "/api/v1/workspacekinds"},
		{"POST", kind},
		{"POST", "/api/v1/healthcheck"}, {"DELETE", "/api/v1/healthcheck"},
		{"PURGE", ws}, {"PURGE", "/api/v1/workspaces"},
		{"POST", ws + "/podtemplate/details"}, {"DELETE", ws + "/podtemplate/details"},
		{"POST", ws + "/podtemplate/logs/batch"}, {"PUT", ws + "/podtemplate/logs/batch"},
		{"GET", kind + "/podtemplate/options/listvalues"}, {"PUT", kind + "/podtemplate/options/listvalues"},
		{"POST", kind + "/assets/icon"}, {"DELETE", kind + "/assets/logo"},
		{"POST", "/api/v1/storageclasses"}, {"DELETE", "/api/v1/storageclasses"},
		{"PUT", pvcs}, {"DELETE", pvcs},
		{"GET", pvcs + "/target"}, {"PUT", pvcs + "/target"}, {"POST", pvcs + "/target"},
		{"PUT", secrets}, {"DELETE", secrets},
		{"PATCH", secrets + "/target"}, {"POST", secrets + "/target"},
	} {
		out = append(out, badCase{
			name:   fmt.Sprintf("method %s on %s is 405", m.method, strings.NewReplacer(f.ns, "{namespace}", f.kind, "{kind}").Replace(m.path)),
			method: m.method, path: m.path, contentType: "application/json", body: body,
			status: http.StatusMethodNotAllowed, contains: "method is not supported",
		})
	}
	for _, p := range []struct{ class, method, path string }{
		{"a singular collection", "GET", "/api/v1/workspace"},
		{"another API version", "GET", "/api/v2/workspaces"},
		{"the API root", "GET", "/api/v1"},
		{"the API root with a slash", "GET", "/api/v1/"},
		{"a path in the wrong case", "GET", "/API/V1/workspaces"},
		{"a trailing slash", "GET", "/api/v1/workspaces/"},
		{"a double slash", "DELETE", "/api/v1/workspaces//" + f.ns + "/target"},
		{"a dot segment out of a workspace", "DELETE", ws + "/../target"},
		{"an unknown action", "POST", ws + "/actions/start"},
		{"the actions collection", "POST", ws + "/actions"},
		{"a path under a kind", "DELETE", kind + "/extra"},
		{"a path under a workspace list", "POST", "/api/v1/workspaces/" + f.ns + "/target/extra"},
		{"the pod template collection", "GET", ws + "/podtemplate"},
		{"the logs collection", "GET", ws + "/podtemplate/logs"},
		{"another kind of log", "GET", ws + "/podtemplate/logs/follow"},
		{"the options collection", "POST", kind + "/podtemplate/options"},
		{"an unknown asset", "GET", kind + "/assets/banner"},
		{"the assets collection", "GET", kind + "/assets"},
		{"one storage class", "GET", "/api/v1/storageclasses/standard"},
		{"the PVCs of no namespace", "GET", "/api/v1/persistentvolumeclaims"},
		{"the Secrets of no namespace", "POST", "/api/v1/secrets"},
		{"a path under a Secret", "GET", secrets + "/target/keys"},
	} {
		out = append(out, badCase{
			name:   fmt.Sprintf("%s (%s) is 404", p.class, p.method),
			method: p.method, path: p.path, contentType: "application/json", body: body,
			status: http.StatusNotFound, contains: "could not be found",
		})
	}
	return out
}
