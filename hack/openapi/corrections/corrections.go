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

// Package corrections lists where the OpenAPI 2.0 document that upstream's
// Workspaces BFF publishes misdescribes the JSON that upstream (and this BFF)
// sends. Two readers apply them, each in its own dialect: hack/harness/apitest, which
// validates bodies against upstream's document, and the generator of our
// OpenAPI 3 document (hack/openapi), which takes its schemas from upstream's
// definitions. One list keeps the two documents in agreement.
package corrections

// NullableProperty is a property that upstream's Go encoder sets to null,
// although Swagger 2.0 cannot say so: it has no `nullable`.
type NullableProperty struct {
	Definition, Property string
}

// NullableProperties are the only places where null is accepted, each one
// documented in api.md. Anywhere else null fails validation, so an empty list
// encoded as null instead of [] is caught. No array of a response is here:
// where upstream sends null for an empty array (an unknown option's labels,
// the services of a Workspace whose kind or image is unknown), this BFF
// sends [], as upstream's document and frontend expect; only request bodies
// may send null arrays. Every entry must exist in the
// document, and each has a plain "type" (no $ref): readers fail on an entry
// that no longer matches rather than ignore it.
//
// A definition is shared by every body that uses it, so the entries for
// WorkspaceCreate (PodMetadataMutate, PodVolumesMutate) also accept null in
// WorkspaceUpdate, which uses the same definitions; tests of the update form
// assert its exact JSON for that reason.
var NullableProperties = []NullableProperty{
	// Audit (api.md 3): metav1.Time / *string fields, null when the timestamp
	// or annotation is absent (updatedAt also when it does not parse).
	{"common.Audit", "createdAt"},
	{"common.Audit", "createdBy"},
	{"common.Audit", "updatedAt"},
	{"common.Audit", "updatedBy"},
	{"common.Audit", "deletedAt"},
	// WorkspaceCreate (api.md 5.4): maps and the home/data volumes as decoded
	// from a request that sent null.
	{"workspaces.PodMetadataMutate", "labels"},
	{"workspaces.PodMetadataMutate", "annotations"},
	{"workspaces.PodVolumesMutate", "home"},
	{"workspaces.PodVolumesMutate", "data"},
	// WorkspaceDetails of a Workspace without a home volume (api.md 5.9):
	// home is an object whose pvcName is null, which the frontend's details
	// drawer shows as "None" (a null home crashes it). The definition is
	// shared with the data volumes, whose pvcName is never null.
	{"details.PodVolumeInfo", "pvcName"},
}

// NullableReferences are properties, described by a reference to another
// definition, that upstream's encoder sets to null: a nil pointer to a
// struct. Readers accept null or the referenced definition there.
var NullableReferences = []NullableProperty{}

// RetypedDefinitions are definitions that upstream's generator (swaggo)
// describes by the Go struct rather than by its JSON encoding, each with the
// JSON types its values really have. Upstream's bodies carry the JSON
// encoding, so the struct shape would reject every real WorkspaceKind that
// uses these types.
var RetypedDefinitions = map[string][]string{
	// resource.Quantity marshals to a string such as "100m" or "2Gi"
	// (resource requests in podConfig values), not to {"Format": ...}.
	"resource.Quantity": {"string"},
	// intstr.IntOrString marshals to a bare integer or string (probe ports),
	// not to {"intVal", "strVal", "type"}.
	"intstr.IntOrString": {"integer", "string"},
}

// EmptyEnumValues are enum definitions that upstream also serializes with the
// value "", which readers then accept. None today: upstream lists a
// Workspace whose controller has not written status with state "", but this
// BFF sends Unknown, the CRD's default (api.md), so "" fails validation.
var EmptyEnumValues = []string{}
