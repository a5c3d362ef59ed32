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

package devmode_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/devmode"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

// TestEveryGETOverTheSeed walks every GET route of our OpenAPI document over
// what dev mode seeds (Workspaces whose kind or options are missing, one
// with no status at all, kinds with ConfigMap assets, PVCs and Secrets),
// plus names that do not exist, as the dev user and as a user who sees
// nothing. Every answer must match the document, no array may be null
// (even where the document would allow it), no required field may be
// absent, no value may be outside its enum (a Workspace without status is
// "Unknown", never ""), and no value the frontend dereferences may be null
// (frontendObjects): the upstream frontend crashes on these. It owns its
// dev cluster, so it runs beside TestSimulatedController.
func TestEveryGETOverTheSeed(t *testing.T) {
	t.Parallel()
	assets := os.Getenv("KUBEBUILDER_ASSETS")
	if assets == "" {
		t.Fatal("KUBEBUILDER_ASSETS is not set: run the tests with `make test`")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dev, err := devmode.Start(ctx, t.TempDir(), assets, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := dev.Stop(); err != nil {
			t.Error(err)
		}
	})
	cfg, err := config.Parse(nil, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	informerCtx, stopInformers := context.WithCancel(context.Background())
	t.Cleanup(stopInformers)
	bff, err := server.New(informerCtx, cfg, dev.Config, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bff.Handler)
	t.Cleanup(srv.Close)
	testenv.Eventually(t, 2*time.Minute, bff.Ready, "the BFF never became ready")

	doc, err := apitest.OurDocument()
	if err != nil {
		t.Fatal(err)
	}
	w := walker{t: t, base: srv.URL + "/api/v1", doc: doc}
	seed := w.seedNames()
	if len(seed.workspaces) < 9 || len(seed.kinds) < 4 {
		t.Fatalf("the seed is smaller than expected: %d Workspaces, %d kinds", len(seed.workspaces), len(seed.kinds))
	}

	answered := map[string]map[int]bool{}
	for _, path := range getPaths(doc) {
		answered[path] = map[int]bool{}
		for _, url := range seed.expand(path) {
			status := w.check(devmode.User, url)
			answered[path][status] = true
		}
	}
	// Every route was walked, and each answered 200 for some seeded
	// object: the logs route where a seeded Pod runs, its log from dev
	// mode's kubelet.
	for path, statuses := range answered {
		if len(statuses) == 0 {
			t.Errorf("GET %s: no seeded object to walk it with", path)
		}
		if !statuses[http.StatusOK] {
			t.Errorf("GET %s never answered 200 over the seed: %v", path, statuses)
		}
	}

	t.Run("the seeded stuck Workspaces say why, newest first", func(t *testing.T) {
		for workspace, reason := range map[string]string{"gpu-training": "FailedScheduling", "broken-image": "BackOff"} {
			status, body := w.do(devmode.User, w.base+"/workspaces/team-data-science/"+workspace+"/events")
			var list struct{ Data []struct{ Reason string } }
			if err := json.Unmarshal(body, &list); err != nil || status != http.StatusOK {
				t.Fatalf("%s: %d %s", workspace, status, body)
			}
			if len(list.Data) < 2 || list.Data[0].Reason != reason {
				t.Errorf("%s: events %s, want %s first", workspace, body, reason)
			}
		}
	})

	t.Run("the seeded filter rules hide, deny and leave out restricted-lab per namespace", func(t *testing.T) {
		for _, tt := range []struct {
			namespace      string
			listed         bool
			hidden, denied bool
		}{
			{"", true, false, false}, // the admin view
			{"team-data-science", true, true, false},
			{"team-ml-platform", true, false, true},
			{"kubeflow-user-example-com", false, false, false},
		} {
			url := w.base + "/workspacekinds"
			if tt.namespace != "" {
				url += "?namespaceFilter=" + tt.namespace
			}
			_, body := w.do(devmode.User, url)
			var list struct{ Data []kindRow }
			if err := json.Unmarshal(body, &list); err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(list.Data, func(k kindRow) bool { return k.Name == "restricted-lab" })
			if (i >= 0) != tt.listed {
				t.Errorf("%q: listed %v, want %v", tt.namespace, i >= 0, tt.listed)
				continue
			}
			if i >= 0 && (list.Data[i].Hidden != tt.hidden || list.Data[i].Restrictions.Deny != tt.denied) {
				t.Errorf("%q: hidden %v, denied %v; want %v, %v", tt.namespace, list.Data[i].Hidden, list.Data[i].Restrictions.Deny, tt.hidden, tt.denied)
			}
		}
	})

	t.Run("a user who sees no namespace gets empty lists", func(t *testing.T) {
		for _, path := range []string{"/namespaces", "/workspaces"} {
			body := w.get("stranger@example.com", w.base+path, http.StatusOK)
			if string(body) != `{"data":[]}` {
				t.Errorf("GET %s: %s, want {\"data\":[]}", path, body)
			}
		}
	})
}

// kindRow is what the filter rules change in a kind list's item.
type kindRow struct {
	Name         string `json:"name"`
	Hidden       bool   `json:"hidden"`
	Restrictions struct {
		Deny bool `json:"deny"`
	} `json:"restrictions"`
}

// getPaths are the document's GET paths under /api/v1 that answer JSON
// about the seed: not the probes (servers of their own) nor the document.
func getPaths(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		if item.Get == nil || len(item.Servers) > 0 || strings.HasPrefix(path, "/swagger") {
			continue
		}
		out = append(out, path)
	}
	sort.Strings(out)
	return out
}

// walker gets URLs and checks their answers against the document.
type walker struct {
	t    *testing.T
	base string
	doc  *openapi3.T
}

// names are what the seed holds, per namespace, plus names that exist
// nowhere.
type names struct {
	namespaces []string
	workspaces [][2]string // namespace, name
	kinds      []string
	secrets    [][2]string
}

const missing = "no-such-name"

func (w walker) seedNames() names {
	var n names
	for _, ns := range w.listNames(devmode.User, "/namespaces") {
		n.namespaces = append(n.namespaces, ns)
		for _, ws := range w.listNames(devmode.User, "/workspaces/"+ns) {
			n.workspaces = append(n.workspaces, [2]string{ns, ws})
		}
		for _, s := range w.listNames(devmode.User, "/secrets/"+ns) {
			n.secrets = append(n.secrets, [2]string{ns, s})
		}
	}
	n.kinds = append(w.listNames(devmode.User, "/workspacekinds"), missing)
	n.namespaces = append(n.namespaces, missing)
	n.workspaces = append(n.workspaces, [2]string{n.namespaces[0], missing}, [2]string{missing, missing})
	n.secrets = append(n.secrets, [2]string{n.namespaces[0], missing})
	return n
}

// expand fills a path template's parameters with every seeded name that
// fits it.
func (n names) expand(path string) []string {
	var out []string
	fill := func(ns, name string) string {
		return strings.NewReplacer("{namespace}", ns, "{name}", name).Replace(path)
	}
	switch {
	case !strings.Contains(path, "{"):
		out = append(out, path)
	case strings.HasPrefix(path, "/workspaces/{namespace}/{name}"):
		for _, ws := range n.workspaces {
			out = append(out, fill(ws[0], ws[1]))
		}
	case strings.HasPrefix(path, "/secrets/{namespace}/{name}"):
		for _, s := range n.secrets {
			out = append(out, fill(s[0], s[1]))
		}
	case strings.HasPrefix(path, "/workspacekinds/{name}"):
		for _, k := range n.kinds {
			out = append(out, fill("", k))
		}
	case strings.Contains(path, "{namespace}") && !strings.Contains(path, "{name}"):
		for _, ns := range n.namespaces {
			out = append(out, fill(ns, ""))
		}
	}
	return out
}

// listNames are the names of a list's items.
func (w walker) listNames(user, path string) []string {
	w.t.Helper()
	var list struct {
		Data []struct {
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := json.Unmarshal(w.get(user, w.base+path, http.StatusOK), &list); err != nil {
		w.t.Fatalf("GET %s: %v", path, err)
	}
	var out []string
	for _, item := range list.Data {
		out = append(out, item.Name)
	}
	return out
}

// get answers a GET that must have status want, checked as check does.
func (w walker) get(user, url string, want int) []byte {
	w.t.Helper()
	status, body := w.do(user, url)
	if status != want {
		w.t.Fatalf("GET %s: %d, want %d: %.300s", url, status, want, body)
	}
	return body
}

// check gets path and reports whatever of its answer breaks the contract.
func (w walker) check(user, path string) int {
	w.t.Helper()
	status, _ := w.do(user, w.base+path)
	return status
}

// do sends a GET as user and checks the answer: against our document, and,
// for a JSON body, for null arrays and absent required fields.
func (w walker) do(user, url string) (int, []byte) {
	w.t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("kubeflow-userid", user)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body []byte
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		// A followed log never ends in dev mode: its first event will do.
		body = firstEvent(w.t, resp.Body)
	} else if body, err = io.ReadAll(resp.Body); err != nil {
		w.t.Fatal(err)
	}
	apitest.ValidateOurs(w.t, req, resp.StatusCode, resp.Header, body)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		return resp.StatusCode, body
	}
	schema := w.responseSchema(req, resp.StatusCode)
	if schema == nil {
		return resp.StatusCode, body
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		w.t.Errorf("GET %s: %v", url, err)
		return resp.StatusCode, body
	}
	for _, p := range contractBreaks("", v, schema) {
		w.t.Errorf("GET %s (%d): %s", strings.TrimPrefix(url, w.base), resp.StatusCode, p)
	}
	if resp.StatusCode == http.StatusOK {
		for _, p := range nullDereferences(strings.TrimPrefix(req.URL.Path, "/api/v1"), v) {
			w.t.Errorf("GET %s: %s", strings.TrimPrefix(url, w.base), p)
		}
	}
	return resp.StatusCode, body
}

// frontendObjects are, per route, values the upstream frontend reads a
// property of without a null check, so a null there takes the app down.
// Found in its source: the Workspace details drawer renders
// `details?.volumes.home.pvcName ?? 'None'` (WorkspaceResources.tsx).
var frontendObjects = map[string][]string{
	"/workspaces/{namespace}/{name}/podtemplate/details": {"data", "volumes", "home"},
}

// nullDereferences reports the frontendObjects of the route that v lacks
// or holds as something other than an object.
func nullDereferences(path string, v any) []string {
	var out []string
	for template, pointer := range frontendObjects {
		if !matches(template, path) {
			continue
		}
		at := v
		for _, key := range pointer {
			m, _ := at.(map[string]any)
			at = m[key]
		}
		if _, ok := at.(map[string]any); !ok {
			out = append(out, "/"+strings.Join(pointer, "/")+": the frontend reads a property of it, but it is "+fmt.Sprint(at))
		}
	}
	return out
}

// responseSchema is the JSON schema the document gives the answer.
func (w walker) responseSchema(req *http.Request, status int) *openapi3.SchemaRef {
	path := strings.TrimPrefix(req.URL.Path, "/api/v1")
	for template, item := range w.doc.Paths.Map() {
		if item.Get == nil || !matches(template, path) {
			continue
		}
		resp := item.Get.Responses.Status(status)
		if resp == nil || resp.Value == nil {
			return nil
		}
		if mt := resp.Value.Content.Get("application/json"); mt != nil {
			return mt.Schema
		}
	}
	return nil
}

// matches reports whether a concrete path fits a template of the document.
func matches(template, path string) bool {
	t, p := strings.Split(template, "/"), strings.Split(path, "/")
	if len(t) != len(p) {
		return false
	}
	for i := range t {
		if t[i] != p[i] && !strings.HasPrefix(t[i], "{") {
			return false
		}
	}
	return true
}

// contractBreaks lists, by JSON path, every null where schema says array
// (nullable or not), every other null schema does not allow, and every
// required property absent, in v.
func contractBreaks(at string, v any, ref *openapi3.SchemaRef) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	if v == nil {
		switch {
		case isType(s, openapi3.TypeArray):
			return []string{at + ": null where the document says array"}
		case !nullable(s):
			return []string{at + ": null where the document allows none"}
		}
		return nil
	}
	var out []string
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return e == v }) {
		out = append(out, fmt.Sprintf("%s: %v is none of the document's values %v", at, v, s.Enum))
	}
	for _, branch := range s.AllOf {
		out = append(out, contractBreaks(at, v, branch)...)
	}
	switch v := v.(type) {
	case map[string]any:
		for _, name := range s.Required {
			if _, ok := v[name]; !ok {
				out = append(out, at+"/"+name+": required, absent")
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if prop, ok := s.Properties[k]; ok {
				out = append(out, contractBreaks(at+"/"+k, v[k], prop)...)
			} else if s.AdditionalProperties.Schema != nil {
				out = append(out, contractBreaks(at+"/"+k, v[k], s.AdditionalProperties.Schema)...)
			}
		}
	case []any:
		for i, item := range v {
			out = append(out, contractBreaks(at+"/"+strconv.Itoa(i), item, s.Items)...)
		}
	}
	return out
}

// isType reports whether s, or any of its alternatives, is of type t.
func isType(s *openapi3.Schema, t string) bool {
	if s.Type != nil && s.Type.Is(t) {
		return true
	}
	for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range refs {
			if r.Value != nil && isType(r.Value, t) {
				return true
			}
		}
	}
	return false
}

// nullable reports whether s, or any of its alternatives, allows null.
func nullable(s *openapi3.Schema) bool {
	if s.Nullable {
		return true
	}
	for _, refs := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for _, r := range refs {
			if r.Value != nil && nullable(r.Value) {
				return true
			}
		}
	}
	return false
}

// firstEvent reads a stream of Server-Sent Events up to the end of its
// first event, which must be one (not a comment).
func firstEvent(t *testing.T, stream io.Reader) []byte {
	t.Helper()
	var out []byte
	br := bufio.NewReader(stream)
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			t.Fatalf("the stream ended before its first event: %v", err)
		}
		if len(bytes.TrimSpace(line)) == 0 && len(out) > 0 {
			if bytes.HasPrefix(out, []byte(":")) {
				t.Fatalf("the stream began with a comment: %q", out)
			}
			return out
		}
		out = append(out, line...)
	}
}
