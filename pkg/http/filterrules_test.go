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
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// The behaviours of upstream's beta releases around filter rules: the kind
// list under WORKSPACE_KIND rules (#1357), filterRules in the kind's
// editable form (#1372), the cause of a stale revision's 409 (#1248) and
// writes the rules deny (#1364).

// teamRule is a rule of scope matching namespaces labelled team=value.
func teamRule(scope v1beta1.FilterRuleScope, team string, effect v1beta1.FilterRuleEffect, more ...v1beta1.FilterRuleMatch) v1beta1.FilterRule {
	match := []v1beta1.FilterRuleMatch{{MatchNamespace: &v1beta1.FilterRuleSelector{
		Selector: metav1.LabelSelector{MatchLabels: map[string]string{"team": team}}}}}
	return v1beta1.FilterRule{Scope: scope, Match: append(match, more...), Effect: effect}
}

func denyEffect(message string) v1beta1.FilterRuleEffect {
	return v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: ptr.To(true),
		DenyMessage: &v1beta1.FilterRuleDenyMessage{Text: message}}}
}

// kindItem is the kind's item in a kinds list answer, nil when absent.
func kindItem(t *testing.T, r response, name string) map[string]any {
	t.Helper()
	var env struct{ Data []map[string]any }
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	for _, item := range env.Data {
		if item["name"] == name {
			return item
		}
	}
	return nil
}

func relabel(t *testing.T, ns string, labels map[string]string) {
	t.Helper()
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	obj, err := env.Clients.Kube.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	obj.Labels = labels
	if _, err := env.Clients.Kube.CoreV1().Namespaces().Update(ctx, obj, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestFilterRulesOnKindList(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	hideNS := env.Namespace(t, map[string]string{"team": "hide"})
	denyNS := env.Namespace(t, map[string]string{"team": "deny"})
	goneNS := env.Namespace(t, map[string]string{"team": "gone"})
	plainNS := env.Namespace(t)
	name := "rules-" + plainNS
	kind := sampleKind(t, name)
	kind.Spec.FilterRules = []v1beta1.FilterRule{
		teamRule(v1beta1.FilterRuleScopeWorkspaceKind, "hide", v1beta1.FilterRuleEffect{UI: &v1beta1.FilterRuleUIEffect{Hide: true}}),
		teamRule(v1beta1.FilterRuleScopeWorkspaceKind, "deny", denyEffect("not for this team")),
		teamRule(v1beta1.FilterRuleScopeWorkspaceKind, "gone", v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: ptr.To(true)}}),
		// Never reached in "deny": the first match wins.
		teamRule(v1beta1.FilterRuleScopeWorkspaceKind, "deny", v1beta1.FilterRuleEffect{UI: &v1beta1.FilterRuleUIEffect{Hide: true}}),
	}
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, kind, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Clients.WorkspaceKinds().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	kindsURL := base + "/api/v1/workspacekinds"
	in := func(ns string) string { return kindsURL + "?namespaceFilter=" + ns }
	all := waitFor(t, kindsURL, func(r response) bool { return kindItem(t, r, name) != nil }, "the kind is listed")

	for _, tt := range []struct {
		name, url      string
		present        bool
		hidden, denied bool
		message        any
	}{
		{"without namespaceFilter every kind is listed as the admin set it", kindsURL, true, false, false, nil},
		{"ui.hide hides the kind in the matching namespace", in(hideNS), true, true, false, nil},
		{"api.deny denies it with the rule's message; the first match wins", in(denyNS), true, false, true, "not for this team"},
		{"api.hide leaves it out", in(goneNS), false, false, false, nil},
		{"a namespace no rule matches sees it as the admin set it", in(plainNS), true, false, false, nil},
		{"a namespace that does not exist matches no rule", in("no-such-namespace"), true, false, false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, http.MethodGet, tt.url)
			expect(t, r, http.StatusOK)
			apitest.ValidateUpstream(t, "api.WorkspaceKindListEnvelope", r.body)
			item := kindItem(t, r, name)
			if (item != nil) != tt.present {
				t.Fatalf("listed = %v, want %v", item != nil, tt.present)
			}
			if item == nil {
				return
			}
			if item["hidden"] != tt.hidden || field(item, "restrictions.deny") != tt.denied ||
				field(item, "restrictions.denyMessage.text") != tt.message {
				t.Errorf("hidden %v, restrictions %v; want %v, %v, %v", item["hidden"], item["restrictions"], tt.hidden, tt.denied, tt.message)
			}
		})
	}

	t.Run("a namespace no rule matches gets the same bytes as the list of every kind", func(t *testing.T) {
		r := do(t, http.MethodGet, in(plainNS))
		got, _ := json.Marshal(kindItem(t, r, name))
		want, _ := json.Marshal(kindItem(t, all, name))
		if !bytes.Equal(got, want) {
			t.Errorf("item %s, want %s", got, want)
		}
	})

	t.Run("the ETag changes when the namespace's labels change what the rules say, and only then", func(t *testing.T) {
		first := do(t, http.MethodGet, in(plainNS))
		etag := first.header.Get("ETag")
		if r := do(t, http.MethodGet, in(plainNS), "If-None-Match", etag); r.status != http.StatusNotModified {
			t.Fatalf("revalidation: %d", r.status)
		}
		// Another namespace's labels, and a label no rule tests, leave
		// the list as it was. Namespace events arrive in order: once
		// goneNS's change shows, plainNS's earlier one has been applied.
		relabel(t, plainNS, map[string]string{"unrelated": "yes"})
		relabel(t, goneNS, map[string]string{"team": "hide"})
		waitFor(t, in(goneNS), func(r response) bool {
			item := kindItem(t, r, name)
			return item != nil && item["hidden"] == true
		}, "the relabelled namespace sees the kind hidden")
		if r := do(t, http.MethodGet, in(plainNS), "If-None-Match", etag); r.status != http.StatusNotModified {
			t.Errorf("after unrelated label changes: %d, want 304", r.status)
		}
		relabel(t, plainNS, map[string]string{"team": "deny"})
		r := waitFor(t, in(plainNS), func(r response) bool {
			return field(kindItem(t, r, name), "restrictions.deny") == true
		}, "the relabelled namespace sees the kind denied")
		if r.header.Get("ETag") == etag {
			t.Errorf("ETag %s did not change", etag)
		}
	})

	t.Run("the kind's rules change the namespace's list", func(t *testing.T) {
		cur, err := env.Clients.WorkspaceKinds().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cur.Spec.FilterRules = cur.Spec.FilterRules[:1] // hideNS only
		if _, err := env.Clients.WorkspaceKinds().Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, in(denyNS), func(r response) bool {
			return field(kindItem(t, r, name), "restrictions.deny") == false
		}, "the kind is no longer denied")
	})

	t.Run("watching with namespaceFilter is a 422", func(t *testing.T) {
		expect(t, do(t, http.MethodGet, in(plainNS)+"&watch=true"), http.StatusUnprocessableEntity)
	})
}

func TestFilterRulesInKindForm(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	name := "form-" + env.Namespace(t)
	kind := sampleKind(t, name)
	kind.Spec.FilterRules = []v1beta1.FilterRule{
		teamRule(v1beta1.FilterRuleScopeWorkspaceKind, "a", denyEffect("team a may not")),
		teamRule(v1beta1.FilterRuleScopePodConfig, "b", v1beta1.FilterRuleEffect{UI: &v1beta1.FilterRuleUIEffect{Hide: true}},
			v1beta1.FilterRuleMatch{MatchPodConfig: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "gpu", Operator: metav1.LabelSelectorOpExists}}}}}),
	}
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, kind, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Clients.WorkspaceKinds().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	url := base + "/api/v1/workspacekinds/" + name
	waitFor(t, url, func(r response) bool { return r.status == 200 }, "the kind is served")
	stored := func() []v1beta1.FilterRule {
		t.Helper()
		k, err := env.Clients.WorkspaceKinds().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return k.Spec.FilterRules
	}
	want := stored()

	form := getKindForm(t, url)
	t.Run("GET carries filterRules as stored", func(t *testing.T) {
		raw, _ := json.Marshal(form["filterRules"])
		var got []v1beta1.FilterRule
		if err := json.Unmarshal(raw, &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("filterRules %s (%v), want %+v", raw, err, want)
		}
	})
	t.Run("PUT of the form unchanged keeps them", func(t *testing.T) {
		form["spawner"].(map[string]any)["description"] = "edited"
		body, _ := json.Marshal(map[string]any{"data": form})
		expect(t, send(t, http.MethodPut, url, "application/json", string(body)), http.StatusOK)
		if got := stored(); !reflect.DeepEqual(got, want) {
			t.Errorf("stored %+v, want %+v", got, want)
		}
	})
	t.Run("PUT without them clears them", func(t *testing.T) {
		form := getKindForm(t, url)
		delete(form, "filterRules")
		body, _ := json.Marshal(map[string]any{"data": form})
		expect(t, send(t, http.MethodPut, url, "application/json", string(body)), http.StatusOK)
		if got := stored(); len(got) != 0 {
			t.Errorf("stored %+v, want none", got)
		}
		if got := getKindForm(t, url); got["filterRules"] != nil {
			t.Errorf("form still has filterRules: %v", got["filterRules"])
		}
	})
}

// conflictCauses are the 409's message and conflict_cause entries.
func conflictCauses(t *testing.T, r response) (string, []map[string]any) {
	t.Helper()
	var env struct {
		Error struct {
			Message string
			Cause   struct {
				ConflictCause []map[string]any `json:"conflict_cause"`
			}
		}
	}
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatal(err)
	}
	return env.Error.Message, env.Error.Cause.ConflictCause
}

func TestStaleRevisionConflictCause(t *testing.T) {
	f := newWriteFixture(t)
	f.create(t, "stale")
	kindURL := f.base + "/api/v1/workspacekinds/" + f.kind
	for _, tt := range []struct {
		name, url, message string
		stale              func(t *testing.T) string
	}{
		{"a Workspace", f.url("stale"), "current workspace revision does not match request", func(t *testing.T) string {
			form := getForm(t, f.url("stale"))
			form.Revision = "stale-revision"
			return putBody(form)
		}},
		{"a WorkspaceKind", kindURL, "current workspace kind revision does not match request", func(t *testing.T) string {
			form := getKindForm(t, kindURL)
			form["revision"] = "stale-revision"
			body, _ := json.Marshal(map[string]any{"data": form})
			return string(body)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, http.MethodPut, tt.url, "application/json", tt.stale(t))
			expect(t, r, http.StatusConflict)
			message, causes := conflictCauses(t, r)
			want := []map[string]any{{"origin": "INTERNAL", "message": tt.message}}
			if message != tt.message || !reflect.DeepEqual(causes, want) {
				t.Errorf("message %q, causes %v; want %q, %v", message, causes, tt.message, want)
			}
		})
	}
}

func TestFilterRulesDenyWrites(t *testing.T) {
	f := newWriteFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	// The fixture's kind, denied in namespaces labelled team=deny; its
	// image config jupyter-scipy:v1.9.2 and pod configs with a gpu label
	// denied in those labelled team=options.
	cur, err := env.Clients.WorkspaceKinds().Get(ctx, f.kind, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cur.Spec.FilterRules = []v1beta1.FilterRule{
		teamRule(v1beta1.FilterRuleScopeWorkspaceKind, "deny", denyEffect("this kind is not for your team")),
		teamRule(v1beta1.FilterRuleScopeImageConfig, "options", denyEffect("that image is retired here"),
			v1beta1.FilterRuleMatch{MatchImageConfig: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
				MatchLabels: map[string]string{"python_version": "3.11.10"}}}}),
		teamRule(v1beta1.FilterRuleScopePodConfig, "options", v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: ptr.To(true)}},
			v1beta1.FilterRuleMatch{MatchPodConfig: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "gpu", Operator: metav1.LabelSelectorOpExists}}}}}),
	}
	if _, err := env.Clients.WorkspaceKinds().Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	denyNS := env.Namespace(t, map[string]string{"team": "deny"})
	optionsNS := env.Namespace(t, map[string]string{"team": "options"})
	waitFor(t, f.base+"/api/v1/workspacekinds?namespaceFilter="+denyNS, func(r response) bool {
		return field(kindItem(t, r, f.kind), "restrictions.deny") == true
	}, "the BFF sees the rules and the namespaces")

	body := func(name, image, pod string) string {
		return fmt.Sprintf(`{"data":{"name":%q,"kind":%q,"paused":false,
			"podTemplate":{"podMetadata":{"labels":{},"annotations":{}},"volumes":{"data":[]},
			"options":{"imageConfig":%q,"podConfig":%q}}}}`, name, f.kind, image, pod)
	}
	refused := func(t *testing.T, r response, ns, name, message string) {
		t.Helper()
		expect(t, r, http.StatusForbidden)
		var env struct{ Error struct{ Message string } }
		if err := json.Unmarshal(r.body, &env); err != nil || env.Error.Message != message {
			t.Errorf("message %q (%v), want %q", env.Error.Message, err, message)
		}
		if _, err := testenv.Get(t).Clients.Workspaces(ns).Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("the Workspace was written: %v", err)
		}
	}
	post := func(ns, b string) response {
		return send(t, http.MethodPost, f.base+"/api/v1/workspaces/"+ns, "application/json", b)
	}

	t.Run("create of a denied kind is 403 with the rule's message", func(t *testing.T) {
		refused(t, post(denyNS, body("w", "jupyter-scipy:v1.10.0", "tiny_cpu")), denyNS, "w", "this kind is not for your team")
	})
	t.Run("create with a denied image config is 403 with the rule's message", func(t *testing.T) {
		refused(t, post(optionsNS, body("img", "jupyter-scipy:v1.9.2", "tiny_cpu")), optionsNS, "img", "that image is retired here")
	})
	t.Run("create with a denied pod config without message is 403 naming it", func(t *testing.T) {
		refused(t, post(optionsNS, body("pod", "jupyter-scipy:v1.10.0", "big_gpu")), optionsNS, "pod",
			fmt.Sprintf("pod config %q of workspace kind %q is not allowed in namespace %q", "big_gpu", f.kind, optionsNS))
	})
	t.Run("create with allowed values is 201", func(t *testing.T) {
		expect(t, post(optionsNS, body("ok", "jupyter-scipy:v1.10.0", "tiny_cpu")), http.StatusCreated)
	})
	t.Run("update keeping its values is allowed, changing to a denied one is 403", func(t *testing.T) {
		url := f.base + "/api/v1/workspaces/" + optionsNS + "/ok"
		form := getForm(t, url)
		form.DisplayName = "Renamed"
		expect(t, send(t, http.MethodPut, url, "application/json", putBody(form)), http.StatusOK)
		form = getForm(t, url)
		form.PodTemplate["options"].(map[string]any)["imageConfig"] = "jupyter-scipy:v1.9.2"
		expect(t, send(t, http.MethodPut, url, "application/json", putBody(form)), http.StatusForbidden)
		stored, err := env.Clients.Workspaces(optionsNS).Get(ctx, "ok", metav1.GetOptions{})
		if err != nil || stored.Spec.PodTemplate.Options.ImageConfig != "jupyter-scipy:v1.10.0" {
			t.Errorf("stored image config %v (%v)", stored.Spec.PodTemplate.Options.ImageConfig, err)
		}
		patch := `{"data":{"podTemplate":{"options":{"podConfig":"big_gpu"}}}}`
		expect(t, send(t, http.MethodPatch, url, "application/merge-patch+json", patch), http.StatusForbidden)
	})
}
