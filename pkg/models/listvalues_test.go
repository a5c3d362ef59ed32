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

package models_test

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestListValuesRequestValidate(t *testing.T) {
	ns := func(name string) *models.ContextNamespace { return &models.ContextNamespace{Name: name} }
	id := func(id string) *models.ContextOptionID { return &models.ContextOptionID{ID: id} }
	tests := []struct {
		name string
		ctx  models.ListValuesContext
		// want are "type field" of each error, in order.
		want []string
	}{
		{"the empty context is valid", models.ListValuesContext{}, nil},
		{"a full context is valid", models.ListValuesContext{Namespace: ns("team-a"), ImageConfig: id("jupyter-scipy:v1.10.0"), PodConfig: id("tiny_cpu")}, nil},
		{"an empty namespace name is required", models.ListValuesContext{Namespace: ns("")},
			[]string{"FieldValueRequired data.context.namespace.name"}},
		{"a namespace name must be a DNS label", models.ListValuesContext{Namespace: ns("Team.A")},
			[]string{"FieldValueInvalid data.context.namespace.name"}},
		{"empty ids are required, pod config first as upstream", models.ListValuesContext{ImageConfig: id(""), PodConfig: id("")},
			[]string{"FieldValueRequired data.context.podConfig.id", "FieldValueRequired data.context.imageConfig.id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := models.ListValuesRequest{Context: tt.ctx}
			var got []string
			for _, e := range req.Validate(field.NewPath("data")) {
				got = append(got, string(e.Type)+" "+e.Field)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("errors %q, want %q", got, tt.want)
			}
		})
	}
}

func TestListValuesRequestCheckIDs(t *testing.T) {
	kind := sampleKind(t, "jupyterlab")
	tests := []struct {
		name        string
		image, pod  string
		wantField   []string
		wantMessage []string
	}{
		{name: "ids the kind defines", image: "jupyter-scipy:v1.9.2", pod: "big_gpu"},
		{name: "no ids"},
		{
			name: "an unknown image id", image: "nope",
			wantField:   []string{"context.imageConfig.id"},
			wantMessage: []string{`Invalid value: "nope": provided image config id "nope" not found in workspace kind "jupyterlab"`},
		},
		{
			name: "both unknown, image first", image: "x", pod: "y",
			wantField: []string{"context.imageConfig.id", "context.podConfig.id"},
			wantMessage: []string{
				`Invalid value: "x": provided image config id "x" not found in workspace kind "jupyterlab"`,
				`Invalid value: "y": provided pod config id "y" not found in workspace kind "jupyterlab"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req models.ListValuesRequest
			if tt.image != "" {
				req.Context.ImageConfig = &models.ContextOptionID{ID: tt.image}
			}
			if tt.pod != "" {
				req.Context.PodConfig = &models.ContextOptionID{ID: tt.pod}
			}
			var fields, messages []string
			for _, e := range req.CheckIDs(kind) {
				fields = append(fields, e.Field)
				messages = append(messages, e.ErrorBody())
			}
			if !reflect.DeepEqual(fields, tt.wantField) || !reflect.DeepEqual(messages, tt.wantMessage) {
				t.Fatalf("fields %q messages %q, want %q %q", fields, messages, tt.wantField, tt.wantMessage)
			}
		})
	}
}

func TestListValuesRequestOptionsContext(t *testing.T) {
	labels := map[string]string{"team": "a"}
	tests := []struct {
		name   string
		req    models.ListValuesRequest
		labels map[string]string
		found  bool
		want   models.OptionsContext
	}{
		{"no namespace: no labels, even if given", models.ListValuesRequest{}, labels, true, models.OptionsContext{}},
		{"a namespace that exists gives its labels",
			models.ListValuesRequest{Context: models.ListValuesContext{Namespace: &models.ContextNamespace{Name: "a"}}},
			labels, true, models.OptionsContext{Namespace: "a", NamespaceLabels: labels}},
		{"a namespace without labels gives an empty map, not nil",
			models.ListValuesRequest{Context: models.ListValuesContext{Namespace: &models.ContextNamespace{Name: "a"}}},
			nil, true, models.OptionsContext{Namespace: "a", NamespaceLabels: map[string]string{}}},
		{"a namespace that does not exist gives nil labels",
			models.ListValuesRequest{Context: models.ListValuesContext{Namespace: &models.ContextNamespace{Name: "a"}}},
			nil, false, models.OptionsContext{Namespace: "a"}},
		{"ids are passed on",
			models.ListValuesRequest{Context: models.ListValuesContext{
				ImageConfig: &models.ContextOptionID{ID: "i"}, PodConfig: &models.ContextOptionID{ID: "p"}}},
			nil, false, models.OptionsContext{ImageConfigID: "i", PodConfigID: "p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.req.OptionsContext(tt.labels, tt.found); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
